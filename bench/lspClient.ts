// The language-server client the tests and the benchmark share: spawns a server bundle over stdio,
// speaks real JSON-RPC (vscode-languageserver-protocol), answers the server's requests
// (configuration, registrations, progress), keeps the open documents, and records every
// publishDiagnostics and status notification with the time it arrived. Waits end at the message
// that completes them — never after a fixed sleep; their time limits only turn a hung server into a
// failure with its log.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  ClientCapabilities,
  Diagnostic,
  ProtocolConnection,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import type { InitializationOptions, Settings, StatusParams } from '../server/src/lsp/protocol.js';
import { STATUS_NOTIFICATION } from '../server/src/lsp/protocol.js';

/** What VS Code announces, as far as the server looks at it. */
export const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
  },
  textDocument: {
    publishDiagnostics: { relatedInformation: true },
    hover: { contentFormat: ['markdown'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
  window: { workDoneProgress: true },
};

export const uriOf = (file: string): string => URI.file(file).toString();

/** Environment variable naming the cache directory (see bench/README.md, measurement d). */
export const CACHE_DIR_ENV = 'GATEWAY_REFS_CACHE_DIR';
/** Environment variable the RSS hook (rssHook.ts) writes the peak RSS to. */
export const RSS_FILE_ENV = 'GATEWAY_REFS_BENCH_RSS_FILE';

export interface SpawnOptions {
  /** The server bundle (dist/server.js or a packaged copy). */
  serverPath: string;
  /** Node options before the bundle (the benchmark preloads its RSS hook with `--require`). */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Limit of any single wait or request, after which it fails with the server's log. */
  timeoutMs: number;
  /** What `workspace/configuration` answers for the gatewayRefs section; may be changed later. */
  settings?: Partial<Settings>;
}

export interface InitializeOptions {
  /** Workspace folders; the first is also the root. None: a server with an empty workspace. */
  folders: string[];
  capabilities?: ClientCapabilities;
  initializationOptions?: InitializationOptions;
  timeoutMs?: number;
}

export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** How many times each URI was published. */
  readonly publishCount = new Map<string, number>();
  /** Methods the server registered dynamically. */
  readonly registrations: string[] = [];
  readonly logs: string[] = [];
  settings: Partial<Settings>;
  status: StatusParams | undefined;
  /** performance.now() when the last publishDiagnostics or status notification arrived. */
  lastMessageAt = 0;
  /** Change notifications sent (see StatusParams.received). */
  sent = 0;
  private waiters: (() => void)[] = [];
  /** Open documents by URI. */
  private readonly documents = new Map<string, { version: number; text: string }>();
  private exited = false;
  private exitCode: number | null = null;

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    private readonly timeoutMs: number,
    settings: Partial<Settings>,
  ) {
    this.settings = settings;
    child.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
      this.wake();
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.lastMessageAt = performance.now();
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publishCount.set(p.uri, (this.publishCount.get(p.uri) ?? 0) + 1);
      this.wake();
    });
    connection.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      this.lastMessageAt = performance.now();
      this.status = p;
      this.wake();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', () => undefined);
  }

  /** Spawns the server; `initialize` is a separate step so that it can be timed on its own. */
  static spawn(options: SpawnOptions): LspClient {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), options.serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new LspClient(connection, child, options.timeoutMs, options.settings ?? {});
    child.stderr.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.listen();
    return client;
  }

  /** `initialize` and `initialized`; the server then indexes the folders (wait with `idle()`). */
  async initialize(options: InitializeOptions): Promise<void> {
    const [root] = options.folders;
    await this.withTimeout(
      this.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: root === undefined ? null : uriOf(root),
        capabilities: options.capabilities ?? CAPABILITIES,
        workspaceFolders: options.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
        initializationOptions: options.initializationOptions,
      }),
      'initialize',
      options.timeoutMs,
    );
    await this.connection.sendNotification('initialized', {});
  }

  /** Sends a notification the server counts as a change (StatusParams.received). */
  async notify(method: string, params: unknown): Promise<void> {
    this.sent++;
    await this.connection.sendNotification(method, params);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.withTimeout(this.connection.sendRequest<R>(method, params), method);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the server's last status is idle after handling every change sent so far. */
  get caughtUp(): boolean {
    return this.status?.state === 'idle' && this.status.received >= this.sent;
  }

  /** Resolves when `done()` holds, checked after every message; rejects on exit or after the time limit. */
  async until(done: () => boolean, what: string, timeoutMs = this.timeoutMs): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!done()) {
      if (this.exited)
        throw new Error(`server exited (code ${this.exitCode}) while waiting for ${what}; log:\n${this.tail()}`);
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} (status ${JSON.stringify(this.status)}, sent ${this.sent}); log:\n${this.tail()}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server reports idle after handling everything sent so far. */
  idle(timeoutMs?: number): Promise<void> {
    return this.until(() => this.caughtUp, 'the idle status', timeoutMs);
  }

  /** Opens a document (once: a document that is already open stays as it is); returns its URI. */
  async open(file: string, text = readFileSync(file, 'utf8')): Promise<string> {
    const uri = uriOf(file);
    if (this.documents.has(uri)) return uri;
    this.documents.set(uri, { version: 1, text });
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return uri;
  }

  /** Replaces the whole text of an open document. */
  async change(file: string, text: string): Promise<void> {
    const uri = uriOf(file);
    const doc = this.document(uri);
    doc.text = text;
    doc.version++;
    await this.notify('textDocument/didChange', {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ text }],
    });
  }

  /** Replaces one line of an open document with an incremental change, as an editor sends it. */
  async replaceLine(uri: string, line: number, from: string, to: string): Promise<void> {
    const doc = this.document(uri);
    const lines = doc.text.split('\n');
    if (lines[line] !== from)
      throw new Error(`${uri}:${line + 1} is ${JSON.stringify(lines[line])}, expected ${JSON.stringify(from)}`);
    lines[line] = to;
    doc.text = lines.join('\n');
    doc.version++;
    await this.notify('textDocument/didChange', {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: from.length } }, text: to }],
    });
  }

  async close(file: string): Promise<void> {
    const uri = uriOf(file);
    this.documents.delete(uri);
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** URIs of the open documents. */
  openDocuments(): string[] {
    return [...this.documents.keys()];
  }

  /** Tells the server about files changed on disk (1 created, 2 changed, 3 deleted). */
  async filesChanged(changes: { file: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.notify('workspace/didChangeWatchedFiles', {
      changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type })),
    });
  }

  async changeFolders(change: { added?: string[]; removed?: string[] }): Promise<void> {
    const folder = (f: string) => ({ uri: uriOf(f), name: path.basename(f) });
    await this.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: (change.added ?? []).map(folder), removed: (change.removed ?? []).map(folder) },
    });
  }

  /** Replaces the settings and tells the server, which pulls them (workspace/configuration). */
  async changeSettings(settings: Partial<Settings>): Promise<void> {
    this.settings = settings;
    await this.notify('workspace/didChangeConfiguration', { settings: null });
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file)) ?? [];
  }

  /** Shuts the server down; false when it did not exit within `killAfterMs` of `exit` and was killed. */
  async shutdown(killAfterMs = 10_000): Promise<boolean> {
    let exited = true;
    if (!this.exited) {
      await this.request('shutdown', null).catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
      exited = await new Promise<boolean>((resolve) => {
        if (this.exited) return resolve(true);
        const timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve(false);
        }, killAfterMs);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    }
    this.connection.dispose();
    return exited;
  }

  tail(lines = 40): string {
    return this.logs.join('\n').split('\n').slice(-lines).join('\n');
  }

  private document(uri: string): { version: number; text: string } {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = this.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what}: no answer within ${timeoutMs} ms; log:\n${this.tail()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
