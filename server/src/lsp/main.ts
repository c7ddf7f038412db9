// Entry point of `gateway-refs-language-server`: `--stdio`, `--node-ipc` (what the VS Code client
// uses) or `--socket=N`, as vscode-languageserver reads them from the command line. stdout belongs
// to the protocol, so console output is routed to the client's log (and dropped after shutdown).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerHandlers } from './handlers.js';

declare const GATEWAY_REFS_VERSION: string;

if (process.argv.includes('--version')) {
  process.stdout.write(`${GATEWAY_REFS_VERSION}\n`);
} else {
  const connection = createConnection(ProposedFeatures.all);
  const outbox = registerHandlers(connection);
  console.log = (...args: unknown[]) => outbox.debug(args.map(String).join(' '));
  console.error = (...args: unknown[]) => outbox.error(args.map(String).join(' '));
  connection.listen();
}
