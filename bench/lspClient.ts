// A timing language-server client (adapted from test/harness/lsp.ts): spawns dist/server.js over
// stdio with the peak-RSS hook preloaded, speaks real JSON-RPC, answers the server's requests, and
// records when each publishDiagnostics and status notification arrives, so a measurement ends at
// the message that completes it — never after a fixed sleep.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
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
import type { StatusParams } from '../server/src/lsp/protocol.js';
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

/** Environment variable naming the cache directory (see bench/README.md, measurement d). */
export const CACHE_DIR_ENV = 'GATEWAY_REFS_CACHE_DIR';
/** Environment variable the RSS hook writes the peak RSS to. */
export const RSS_FILE_ENV = 'GATEWAY_REFS_BENCH_RSS_FILE';

export const uriOf = (file: string): string => URI.file(file).toString();

export interface StartOptions {
  serverPath: string;
  rssHook: string;
  rssFile: string;
  cacheDir: string;
  timeoutMs: number;
}

export class BenchClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** How many times each URI was published. */
  readonly publishCount = new Map<string, number>();
  readonly logs: string[] = [];
  status: StatusParams | undefined;
  /** performance.now() when the last message arrived. */
  lastMessageAt = 0;
  sent = 0;
  private waiters: (() => void)[] = [];
  private readonly versions = new Map<string, { version: number; text: string }>();
  private exited = false;
  private exitCode: number | null = null;

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    private readonly timeoutMs: number,
  ) {
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
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', () => undefined);
  }

  /** Spawns the server; `initialize` is a separate step so it can be timed on its own. */
  static spawn(options: StartOptions): BenchClient {
    const child = spawn(process.execPath, ['--require', options.rssHook, options.serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, [RSS_FILE_ENV]: options.rssFile, [CACHE_DIR_ENV]: options.cacheDir },
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new BenchClient(connection, child, options.timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.listen();
    return client;
  }

  async initialize(root: string, cacheDir: string, timeoutMs: number): Promise<void> {
    await this.withTimeout(
      this.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: uriOf(root),
        capabilities: CAPABILITIES,
        workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
        initializationOptions: { cacheDirectory: cacheDir },
      }),
      'initialize',
      timeoutMs,
    );
    await this.connection.sendNotification('initialized', {});
  }

  /** Sends a notification the server counts as a change (StatusParams.received). */
  async notify(method: string, params: unknown): Promise<void> {
    this.sent++;
    await this.connection.sendNotification(method, params);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get idle(): boolean {
    return this.status?.state === 'idle' && this.status.received >= this.sent;
  }

  /** Resolves when `done()` holds, checked after every message; rejects on timeout or exit. */
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

  /** Opens a document (once: a document that is already open stays as it is). */
  async open(file: string, text: string): Promise<string> {
    const uri = uriOf(file);
    if (this.versions.has(uri)) return uri;
    this.versions.set(uri, { version: 1, text });
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return uri;
  }

  /** Replaces one line of an open document with an incremental change, as an editor sends it. */
  async replaceLine(uri: string, line: number, from: string, to: string): Promise<void> {
    const doc = this.versions.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
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

  request<R>(method: string, params: unknown): Promise<R> {
    return this.withTimeout(this.connection.sendRequest<R>(method, params), method);
  }

  /** Shuts the server down; false when it did not exit within 10 s of `exit` and was killed. */
  async shutdown(): Promise<boolean> {
    let exited = true;
    if (!this.exited) {
      await this.withTimeout(this.connection.sendRequest('shutdown', null), 'shutdown').catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
      exited = await new Promise<boolean>((resolve) => {
        if (this.exited) return resolve(true);
        const timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve(false);
        }, 10_000);
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
