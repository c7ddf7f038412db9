// The status-bar item: what the language server is doing (starting, indexing, idle with the number
// of files and of problems it reports, stopped), and a click to its output. It reads the server's
// `gatewayRefs/status` notification and the client's own diagnostic collection.

import type { DiagnosticCollection, Disposable } from 'vscode';
import { DiagnosticSeverity, languages, StatusBarAlignment, window } from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol.js';

/** Problem counts are recomputed at most this often while diagnostics stream in. */
const RECOUNT_MS = 250;

export class StatusItem implements Disposable {
  private readonly item = window.createStatusBarItem('gatewayRefs.status', StatusBarAlignment.Left, 0);
  private readonly watch: Disposable;
  private last: StatusParams | undefined;
  private recount: ReturnType<typeof setTimeout> | undefined;

  constructor(
    showOutputCommand: string,
    private readonly diagnostics: () => DiagnosticCollection | undefined,
  ) {
    this.item.name = 'Gateway Refs';
    this.item.command = showOutputCommand;
    this.watch = languages.onDidChangeDiagnostics(() => {
      if (this.last?.state !== 'idle' || this.recount) return;
      this.recount = setTimeout(() => {
        this.recount = undefined;
        if (this.last) this.update(this.last);
      }, RECOUNT_MS);
    });
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.last = undefined;
    this.show('$(sync~spin) Gateway Refs', 'Gateway Refs: starting the language server');
  }

  stopped(): void {
    this.last = undefined;
    this.show('$(error) Gateway Refs', 'Gateway Refs: the language server stopped. Click to show its output.');
  }

  update(status: StatusParams): void {
    this.last = status;
    const files = `${status.files} YAML ${status.files === 1 ? 'file' : 'files'}`;
    if (status.state === 'indexing') {
      this.show('$(sync~spin) Gateway Refs: indexing', `Gateway Refs: indexing the workspace (${files} so far)`);
      return;
    }
    const { errors, warnings, notes } = this.count();
    const problems = [plural(errors, 'error'), plural(warnings, 'warning'), plural(notes, 'note')].join(', ');
    this.show(
      `$(check) Gateway Refs: ${files}`,
      `Gateway Refs: idle. ${files} analysed; ${problems}. Click to show the output.`,
    );
  }

  dispose(): void {
    if (this.recount) clearTimeout(this.recount);
    this.watch.dispose();
    this.item.dispose();
  }

  private show(text: string, tooltip: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  private count(): { errors: number; warnings: number; notes: number } {
    const counts = { errors: 0, warnings: 0, notes: 0 };
    this.diagnostics()?.forEach((_uri, list) => {
      for (const d of list) {
        if (d.severity === DiagnosticSeverity.Error) counts.errors++;
        else if (d.severity === DiagnosticSeverity.Warning) counts.warnings++;
        else counts.notes++;
      }
    });
    return counts;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
