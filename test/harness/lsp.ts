// A language-server client for tests: spawns the built dist/server.js over stdio, speaks real
// JSON-RPC (vscode-languageserver-protocol), answers the server's requests (configuration,
// registrations, progress), collects published diagnostics and waits for the server's idle status
// — never for a fixed time.

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
import type { Settings, StatusParams } from '../../server/src/lsp/protocol.js';
import { STATUS_NOTIFICATION } from '../../server/src/lsp/protocol.js';
import { serverPath } from './paths.js';

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
  },
  textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown'] } },
  window: { workDoneProgress: true },
};

export interface StartOptions {
  capabilities?: ClientCapabilities;
  /** The server bundle to run (default: the built dist/server.js). */
  serverPath?: string;
  initializationOptions?: Record<string, unknown>;
  settings?: Partial<Settings>;
  /** Extra workspace folders besides `root`. */
  folders?: string[];
  /** Time budget for any single wait. */
  timeoutMs?: number;
}

export function uriOf(file: string): string {
  return URI.file(file).toString();
}

export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly registrations: string[] = [];
  readonly logs: string[] = [];
  settings: Partial<Settings>;
  private sent = 0;
  private lastStatus: StatusParams | undefined;
  private waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  private exited = false;

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    readonly root: string,
    private readonly timeoutMs: number,
    settings: Partial<Settings>,
  ) {
    this.settings = settings;
    child.on('exit', () => {
      this.exited = true;
      this.wake();
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
    });
    connection.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      this.lastStatus = p;
      this.wake();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map(() => this.settings),
    );
    connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', () => undefined);
  }

  static async start(root: string, options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [options.serverPath ?? serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new LspClient(connection, child, root, options.timeoutMs ?? 20_000, options.settings ?? {});
    child.stderr.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.listen();
    const folders = [root, ...(options.folders ?? [])].map((f) => ({ uri: uriOf(f), name: path.basename(f) }));
    await client.withTimeout(
      connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: uriOf(root),
        capabilities: options.capabilities ?? FULL_CAPABILITIES,
        workspaceFolders: folders,
        initializationOptions: options.initializationOptions,
      }),
      'initialize',
    );
    await client.notify('initialized', {});
    await client.idle();
    return client;
  }

  /** Sends a notification the server counts as a change (see StatusParams.received). */
  async notify(method: string, params: unknown): Promise<void> {
    if (method !== 'initialized') this.sent++;
    await this.connection.sendNotification(method, params);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.withTimeout(this.connection.sendRequest<R>(method, params), method);
  }

  /** Resolves once the server reports idle after handling everything sent so far. */
  async idle(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    while (!(this.lastStatus?.state === 'idle' && this.lastStatus.received >= this.sent)) {
      if (this.exited) throw new Error(`server exited; log:\n${this.logs.join('\n')}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `server did not become idle within ${this.timeoutMs} ms (status ${JSON.stringify(this.lastStatus)}, sent ${this.sent}); log:\n${this.logs.join('\n')}`,
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

  async open(file: string, text = readFileSync(file, 'utf8')): Promise<string> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return uri;
  }

  async change(file: string, text: string): Promise<void> {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(file: string): Promise<void> {
    await this.notify('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  /** Tells the server about files changed on disk (1 created, 2 changed, 3 deleted). */
  async filesChanged(changes: { file: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.notify('workspace/didChangeWatchedFiles', {
      changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type })),
    });
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file)) ?? [];
  }

  async shutdown(): Promise<void> {
    if (!this.exited) {
      await this.request('shutdown', null).catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
      await new Promise<void>((resolve) => {
        if (this.exited) return resolve();
        const timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, 5000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.connection.dispose();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what}: no answer within ${this.timeoutMs} ms; log:\n${this.logs.join('\n')}`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
