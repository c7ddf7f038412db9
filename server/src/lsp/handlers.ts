// The table of LSP methods: each handler looks up the file, converts parameters, calls the core
// and converts the result. A failing handler logs and answers empty, never takes the server down.

import type { CodeAction, Connection, InitializeParams, InitializeResult } from 'vscode-languageserver';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  WatchKind,
} from 'vscode-languageserver';
import { isCode } from '../core/api.js';
import type { DiagnosticData, EditCapabilities } from './convert.js';
import { SOURCE, toCodeAction, toLspLocation } from './convert.js';
import type { Folder } from './files.js';
import { pathOfUri } from './files.js';
import type { InitializationOptions } from './protocol.js';
import { REINDEX_COMMAND, SETTINGS_SECTION } from './protocol.js';
import { Session } from './session.js';
import { normalizeSettings } from './settings.js';

export function registerHandlers(connection: Connection): void {
  let session: Session | undefined;
  let params: InitializeParams | undefined;
  let edits: EditCapabilities = { documentChanges: false, createFiles: false };
  let pullConfiguration = false;
  const live = () => session!;

  const guard =
    <P, R>(name: string, empty: R, handler: (p: P) => R | Promise<R>) =>
    async (p: P): Promise<R> => {
      try {
        return await handler(p);
      } catch (error) {
        connection.console.error(
          `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        return empty;
      }
    };

  connection.onInitialize((p): InitializeResult => {
    params = p;
    const caps = p.capabilities;
    edits = {
      documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
      createFiles:
        caps.workspace?.workspaceEdit?.documentChanges === true &&
        (caps.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
    };
    pullConfiguration = caps.workspace?.configuration === true;
    const init = (p.initializationOptions ?? {}) as InitializationOptions;
    session = new Session(connection, {
      relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation === true,
      progress: caps.window?.workDoneProgress === true,
      ...(typeof init.cacheDirectory === 'string' && init.cacheDirectory !== ''
        ? { cacheDirectory: init.cacheDirectory }
        : {}),
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
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
    guard('initialized', undefined, async () => {
      const caps = params!.capabilities;
      if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/*', kind: WatchKind.Delete }],
        });
      }
      if (pullConfiguration && caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      }
      if (caps.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard('workspace folders', undefined, (e) =>
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
    const log = (m: string) => connection.console.warn(m);
    if (pullConfiguration) return normalizeSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION), log);
    const init = params?.initializationOptions as Record<string, unknown> | undefined;
    return normalizeSettings(pushed ?? init?.[SETTINGS_SECTION] ?? init, log);
  };

  connection.onDidChangeConfiguration(
    guard('configuration', undefined, (p) => {
      const pushed = (p.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
      return live().setSettings(() => readSettings(pushed), true);
    }),
  );

  connection.onDidOpenTextDocument((p) =>
    live().didOpen(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text),
  );
  connection.onDidChangeTextDocument((p) =>
    live().didChange(p.textDocument.uri, p.textDocument.version, p.contentChanges),
  );
  connection.onDidCloseTextDocument(guard('close', undefined, (p) => live().didClose(p.textDocument.uri)));
  connection.onDidChangeWatchedFiles(guard('watched files', undefined, (p) => live().didChangeWatchedFiles(p.changes)));

  connection.onHover(
    guard('hover', null, (p) => {
      const s = live();
      const link = (fileId: string, range: { start: { line: number; character: number } }) =>
        `${s.uriOf(fileId)}#L${range.start.line + 1},${range.start.character + 1}`;
      const h = s.analysis.hover(s.fileIdOf(p.textDocument.uri), p.position, link);
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
    }),
  );

  connection.onCodeAction(
    guard('codeAction', [] as CodeAction[], (p) => {
      const s = live();
      const fileId = s.fileIdOf(p.textDocument.uri);
      const actions: CodeAction[] = [];
      for (const d of p.context.diagnostics) {
        const data = d.data as DiagnosticData | undefined;
        if (d.source !== SOURCE || typeof d.code !== 'string' || !isCode(d.code) || !data?.subject) continue;
        const fixes = s.analysis.fixes(fileId, d.code, data.subject, { canCreateFiles: edits.createFiles });
        for (const fix of fixes) actions.push(toCodeAction(fix, d, s.uriOf, s.versionOf, edits));
      }
      return actions;
    }),
  );

  connection.onDefinition(
    guard('definition', [], (p) =>
      live()
        .analysis.definition(live().fileIdOf(p.textDocument.uri), p.position)
        .map((l) => toLspLocation(l, live().uriOf)),
    ),
  );
  connection.onReferences(
    guard('references', [], (p) =>
      live()
        .analysis.references(live().fileIdOf(p.textDocument.uri), p.position)
        .map((l) => toLspLocation(l, live().uriOf)),
    ),
  );

  connection.onShutdown(guard('shutdown', undefined, () => session?.flushCache()));

  connection.onExecuteCommand(
    guard('executeCommand', undefined, async (p) => {
      if (p.command === REINDEX_COMMAND) await live().reindex();
    }),
  );
}

function toFolder(f: { uri: string }): Folder[] {
  const p = pathOfUri(f.uri);
  return p ? [{ uri: f.uri, path: p }] : [];
}
