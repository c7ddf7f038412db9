// The VS Code side of Gateway Refs: starts the bundled language server over node IPC for YAML
// files and lets vscode-languageclient forward settings (pulled by the server), file events
// (watched by the server's own registration) and the re-index command the server declares. Around
// the client: the output channel (the server's log, and the LSP trace when
// `gatewayRefs.trace.server` is on), the status-bar item, the commands to show the output and to
// restart the server, the topology view, and the references view code lenses open.

import path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { commands, window } from 'vscode';
import type { LanguageClientOptions, Location, Position, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { InitializationOptions, StatusParams } from '../../server/src/lsp/protocol.js';
import { SETTINGS_SECTION, SHOW_REFERENCES_COMMAND, STATUS_NOTIFICATION } from '../../server/src/lsp/protocol.js';
import { closableChannel } from './closableChannel.js';
import { StatusItem } from './statusItem.js';
import { TopologyView } from './topologyView.js';
import { traceChannel } from './traceChannel.js';

const SHOW_OUTPUT_COMMAND = 'gatewayRefs.showOutput';
const RESTART_COMMAND = 'gatewayRefs.restartServer';
const TOPOLOGY_COMMAND = 'gatewayRefs.showTopology';
/** How long a stopping server may take to answer `shutdown` before it is ended. */
const STOP_TIMEOUT_MS = 2000;

let client: LanguageClient | undefined;
/** Settles when the client has started or failed to: a client still starting cannot be stopped. */
let starting: Promise<unknown> = Promise.resolve();
/**
 * Disposed after the client has stopped (or given up waiting for the server); the output channel
 * then drops what the library still logs (see closableChannel).
 */
let disposeAfterStop: { dispose(): unknown }[] = [];

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const output = closableChannel(window.createOutputChannel('Gateway Refs', { log: true }));
  const trace = traceChannel(output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: output,
    traceOutputChannel: trace,
    initializationOptions: { cacheDirectory: context.globalStorageUri.fsPath } satisfies InitializationOptions,
  };
  const started = new LanguageClient(SETTINGS_SECTION, 'Gateway Refs', serverOptions, clientOptions);
  client = started;
  const status = new StatusItem(SHOW_OUTPUT_COMMAND, () => started.diagnostics);
  const topology = new TopologyView(started);
  const redraw = () => topology.refresh().catch((e: unknown) => output.warn(`Cannot draw the topology: ${String(e)}`));
  disposeAfterStop = [topology, status, trace, output];
  context.subscriptions.push(
    commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    commands.registerCommand(RESTART_COMMAND, async () => {
      output.info('Restarting the language server (requested).');
      await started.restart();
    }),
    // A code lens's locations come as LSP JSON; VS Code's references view takes only its own types.
    commands.registerCommand(SHOW_REFERENCES_COMMAND, (uri: string, position: Position, locations: Location[]) => {
      const c = started.protocol2CodeConverter;
      return commands.executeCommand(
        'editor.action.showReferences',
        c.asUri(uri),
        c.asPosition(position),
        locations.map((l) => c.asLocation(l)),
      );
    }),
    commands.registerCommand(TOPOLOGY_COMMAND, () =>
      topology.show().catch((e: unknown) => output.warn(`Cannot draw the topology: ${String(e)}`)),
    ),
    started.onDidChangeState((e) => {
      if (e.newState === State.Starting) status.starting();
      else if (e.newState === State.Stopped) status.stopped();
    }),
    started.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      status.update(p);
      if (p.state === 'idle') void redraw();
    }),
  );
  output.info(`Starting the language server (${module}).`);
  const start = started.start();
  starting = start.catch(() => undefined);
  await start;
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  try {
    await starting;
    // One that failed to start has nothing to stop.
    if (stopping && stopping.state === State.Running) await stopping.stop(STOP_TIMEOUT_MS);
  } catch {
    // The window is closing: a server that does not answer in time is ended by the library.
  } finally {
    for (const d of disposeAfterStop) d.dispose();
    disposeAfterStop = [];
  }
}
