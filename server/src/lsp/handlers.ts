// The table of LSP methods: each handler checks or converts its parameters and hands them to the
// session (notifications) or to requests.ts (queries). Every handler but `initialize` is wrapped: a
// failing request logs and answers empty, a failing notification logs; neither takes the server
// down. A failing `initialize` is answered with the error, as the protocol expects.

import type { CancellationToken, Connection, InitializeParams, InitializeResult } from 'vscode-languageserver';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ResponseError,
  TextDocumentSyncKind,
  WatchKind,
} from 'vscode-languageserver';
import type { Traffic } from '../io/timeSlice.js';
import type { Folder } from './files.js';
import { pathOfUri } from './files.js';
import { Outbox } from './outbox.js';
import { checkDidChange, checkDidClose, checkDidOpen, checkFileEvents } from './params.js';
import type { InitializationOptions } from './protocol.js';
import { REINDEX_COMMAND, SETTINGS_SECTION, TOPOLOGY_REQUEST } from './protocol.js';
import { Session } from './session.js';
import { normalizeSettings } from './settings.js';

/** Registers every handler; returns the outbox, through which everything the server says unasked goes. */
export function registerHandlers(connection: Connection): Outbox {
  const outbox = new Outbox(connection);
  const traffic: Traffic = { handled: 0 };
  let session: Session | undefined;
  let params: InitializeParams | undefined;
  let pullConfiguration = false;
  const live = () => session!;

  const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
  const report = (name: string, error: unknown) => outbox.error(`${name} failed: ${describe(error)}`);

  /** A request handler that logs a failure and answers `empty`. */
  const request =
    <P, R>(name: string, empty: R, handler: (p: P, token: CancellationToken) => R | Promise<R>) =>
    async (p: P, token: CancellationToken): Promise<R> => {
      traffic.handled++;
      try {
        return await handler(p, token);
      } catch (error) {
        report(name, error);
        return empty;
      }
    };

  /** Rename answers its refusals as errors the client shows; other failures are logged like any request's. */
  const renameRequest =
    <P, R>(handler: (p: P, token: CancellationToken) => Promise<R>) =>
    async (p: P, token: CancellationToken): Promise<R | ResponseError | null> => {
      traffic.handled++;
      try {
        return await handler(p, token);
      } catch (error) {
        if (error instanceof ResponseError) return error;
        report('rename', error);
        return null;
      }
    };

  /** A notification handler that logs a failure. */
  const notification =
    <P>(name: string, handler: (p: P) => void | Promise<void>) =>
    async (p: P): Promise<void> => {
      traffic.handled++;
      try {
        await handler(p);
      } catch (error) {
        report(name, error);
      }
    };

  connection.onInitialize((p): InitializeResult => {
    params = p;
    const caps = p.capabilities;
    pullConfiguration = caps.workspace?.configuration === true;
    const init = (p.initializationOptions ?? {}) as InitializationOptions;
    session = new Session(outbox, {
      traffic,
      relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation === true,
      progress: caps.window?.workDoneProgress === true,
      codeLensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
      edits: {
        documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
        createFiles:
          caps.workspace?.workspaceEdit?.documentChanges === true &&
          (caps.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
      },
      ...(typeof init.cacheDirectory === 'string' && init.cacheDirectory !== ''
        ? { cacheDirectory: init.cacheDirectory }
        : {}),
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ':'] },
        codeLensProvider: {},
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        definitionProvider: true,
        referencesProvider: true,
        executeCommandProvider: { commands: [REINDEX_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'gateway-refs-language-server' },
    };
  });

  connection.onInitialized(
    notification('initialized', async () => {
      const caps = params!.capabilities;
      if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/*.{yaml,yml}' },
            // Kustomization entries git ignores are unknown rather than missing (io/gitIgnored.ts).
            { globPattern: '**/.gitignore' },
            { globPattern: '**/*', kind: WatchKind.Delete },
          ],
        });
      }
      if (pullConfiguration && caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      }
      if (caps.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          notification('workspace folders', (e) =>
            live().changeFolders(e.added.flatMap(toFolder), e.removed.flatMap(toFolder)),
          ),
        );
      }
      await live().setSettings(() => readSettings(), false);
      const folders =
        params!.workspaceFolders?.flatMap(toFolder) ?? (params!.rootUri ? toFolder({ uri: params!.rootUri }) : []);
      await live().start(folders);
    }),
  );

  const readSettings = async (pushed?: unknown) => {
    const log = (m: string) => outbox.warn(m);
    if (pullConfiguration) return normalizeSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION), log);
    const init = params?.initializationOptions as Record<string, unknown> | undefined;
    return normalizeSettings(pushed ?? init?.[SETTINGS_SECTION] ?? init, log);
  };

  connection.onDidChangeConfiguration(
    notification('configuration', (p) => {
      const pushed = (p?.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
      return live().setSettings(() => readSettings(pushed), true);
    }),
  );

  connection.onDidOpenTextDocument(
    notification('didOpen', (p: unknown) => {
      const c = checkDidOpen(p);
      if ('invalid' in c) return live().invalid('textDocument/didOpen', c.invalid);
      live().didOpen(c.ok.uri, c.ok.languageId, c.ok.version, c.ok.text);
    }),
  );
  connection.onDidChangeTextDocument(
    notification('didChange', (p: unknown) => {
      const c = checkDidChange(p);
      if ('invalid' in c) return live().invalid('textDocument/didChange', c.invalid);
      live().didChange(c.ok.uri, c.ok.version, c.ok.changes);
    }),
  );
  connection.onDidCloseTextDocument(
    notification('didClose', (p: unknown) => {
      const c = checkDidClose(p);
      if ('invalid' in c) return live().invalid('textDocument/didClose', c.invalid);
      return live().didClose(c.ok);
    }),
  );
  connection.onDidChangeWatchedFiles(
    notification('watched files', (p: unknown) => {
      const { events, dropped } = checkFileEvents(p);
      if (dropped > 0) outbox.warn(`Ignoring ${dropped} malformed watched-file events.`);
      return live().didChangeWatchedFiles(events);
    }),
  );

  connection.onHover(request('hover', null, (p, token) => live().requests.hover(p, token)));
  connection.onCompletion(request('completion', [], (p, token) => live().requests.completion(p, token)));
  connection.onCodeLens(request('codeLens', [], (p, token) => live().requests.codeLenses(p, token)));
  connection.onDocumentSymbol(request('documentSymbol', [], (p, token) => live().requests.documentSymbols(p, token)));
  connection.onWorkspaceSymbol(
    request('workspaceSymbol', [], (p, token) => live().requests.workspaceSymbols(p, token)),
  );
  connection.onPrepareRename(request('prepareRename', null, (p, token) => live().requests.prepareRename(p, token)));
  connection.onRenameRequest(renameRequest((p, token) => live().requests.rename(p, token)));
  connection.onCodeAction(request('codeAction', [], (p, token) => live().requests.codeActions(p, token)));
  connection.onDefinition(request('definition', [], (p, token) => live().requests.definition(p, token)));
  connection.onReferences(request('references', [], (p, token) => live().requests.references(p, token)));
  connection.onRequest(
    TOPOLOGY_REQUEST,
    request('topology', { nodes: [], edges: [] }, (_p: unknown, token) => live().requests.topology(token)),
  );

  connection.onShutdown(async () => {
    try {
      await session?.shutdown();
    } catch (error) {
      report('shutdown', error);
    }
  });

  connection.onExecuteCommand(
    request('executeCommand', undefined, async (p) => {
      if (p.command === REINDEX_COMMAND) await live().reindex();
    }),
  );

  return outbox;
}

function toFolder(f: { uri: string }): Folder[] {
  const p = pathOfUri(f.uri);
  return p ? [{ uri: f.uri, path: p }] : [];
}
