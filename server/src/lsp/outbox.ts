// Everything the server sends on its own initiative — diagnostics, the status notification, log
// lines and progress — goes through here, so that nothing is written once the client has asked the
// server to shut down: a client tears its channels down then, and a late write shows there as
// "Channel has been closed". Log lines go to the client's output channel at the level an extension
// user expects: start-up, indexing and re-index at info, unreadable files as warnings, failures as
// errors (VS Code shows info and above without raising the channel's level).

import { performance } from 'node:perf_hooks';
import type { Connection, PublishDiagnosticsParams, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { StatusParams } from './protocol.js';
import { STATUS_NOTIFICATION } from './protocol.js';
import { CodeLensRefreshRequest } from 'vscode-languageserver';

/** Progress reports closer together than this are dropped (the text still moves several times a second). */
const REPORT_MS = 200;

export class Outbox {
  private closed = false;

  constructor(private readonly connection: Connection) {}

  /** After `shutdown`: from now on nothing is sent. */
  close(): void {
    this.closed = true;
  }

  info(message: string): void {
    if (!this.closed) this.connection.console.info(message);
  }

  warn(message: string): void {
    if (!this.closed) this.connection.console.warn(message);
  }

  error(message: string): void {
    if (!this.closed) this.connection.console.error(message);
  }

  /** Detail below info level (shown when the output channel's level is raised). */
  debug(message: string): void {
    if (!this.closed) this.connection.console.debug(message);
  }

  diagnostics(params: PublishDiagnosticsParams): Promise<void> {
    return this.closed ? Promise.resolve() : this.connection.sendDiagnostics(params);
  }

  /** Asks the client to request code lenses again (their counts read other files, which it does not watch). */
  refreshCodeLenses(): void {
    if (!this.closed) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  status(params: StatusParams): void {
    if (!this.closed) void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  /** A progress indicator in the client (undefined if the client cannot show one or the server is closing). */
  async progress(title: string, message: string): Promise<Progress | undefined> {
    if (this.closed) return undefined;
    try {
      const reporter = await this.connection.window.createWorkDoneProgress();
      if (this.closed) return undefined;
      reporter.begin(title, 0, message, false);
      return new Progress(reporter, () => this.closed);
    } catch {
      return undefined; // the client refused or went away: progress is only a courtesy
    }
  }
}

/** A begun progress indicator: reports are sent at most every REPORT_MS, none after shutdown; `done` is idempotent. */
export class Progress {
  private finished = false;
  private lastReport = 0;

  constructor(
    private readonly reporter: WorkDoneProgressReporter,
    private readonly closed: () => boolean,
  ) {}

  report(percentage: number, message: string): void {
    const now = performance.now();
    if (this.finished || this.closed() || now - this.lastReport < REPORT_MS) return;
    this.lastReport = now;
    this.reporter.report(Math.max(0, Math.min(100, Math.round(percentage))), message);
  }

  done(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.closed()) this.reporter.done();
  }
}
