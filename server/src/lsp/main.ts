// Entry point of `gateway-refs-language-server`: `--stdio`, `--node-ipc` (what the VS Code client
// uses) or `--socket=N`, as vscode-languageserver reads them from the command line. stdout belongs
// to the protocol, so console output is routed to the client's log.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerHandlers } from './handlers.js';

declare const GATEWAY_REFS_VERSION: string;

if (process.argv.includes('--version')) {
  process.stdout.write(`${GATEWAY_REFS_VERSION}\n`);
} else {
  const connection = createConnection(ProposedFeatures.all);
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  registerHandlers(connection);
  connection.listen();
}
