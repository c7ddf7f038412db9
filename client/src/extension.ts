// The VS Code side of Gateway Refs: starts the bundled language server over node IPC for YAML
// files and lets vscode-languageclient forward settings (pulled by the server), file events
// (watched by the server's own registration) and the re-index command the server declares.

import path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { window } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/lsp/protocol.js';
import { SETTINGS_SECTION } from '../../server/src/lsp/protocol.js';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const outputChannel = window.createOutputChannel('Gateway Refs', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel,
    initializationOptions: { cacheDirectory: context.globalStorageUri.fsPath } satisfies InitializationOptions,
  };
  client = new LanguageClient(SETTINGS_SECTION, 'Gateway Refs', serverOptions, clientOptions);
  context.subscriptions.push(outputChannel);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
