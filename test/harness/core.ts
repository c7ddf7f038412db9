// The core driver for tests: an AnalysisHost and its Analysis facade as one object, so tests apply
// changes and ask questions through one name. The only place tests construct the core.

import type {
  AnalysisOptionsInput,
  Code,
  CodeLens,
  CompletionItem,
  Diagnostic,
  FileChange,
  Fix,
  FixOptions,
  Hover,
  LinkTarget,
  Location,
  Position,
  StatusReport,
  Topology,
} from '../../server/src/core/api.js';
import { Analysis, AnalysisHost, LineIndex } from '../../server/src/core/api.js';

export class CoreDriver {
  readonly host: AnalysisHost;
  readonly analysis: Analysis;
  private readonly texts = new Map<string, string>();

  /** `gitIgnored`: as a front end answers it from the `.gitignore` files on disk. */
  constructor(options: AnalysisOptionsInput = {}, gitIgnored?: (fileId: string) => boolean) {
    this.host = new AnalysisHost(options, { incremental: true, ...(gitIgnored ? { gitIgnored } : {}) });
    this.analysis = new Analysis(this.host);
  }

  applyChanges(changes: readonly FileChange[]): void {
    for (const c of changes) {
      if ('text' in c) this.texts.set(c.fileId, c.text);
      else this.texts.delete(c.fileId);
    }
    this.host.applyChanges(changes);
  }

  settle(): void {
    this.host.settle();
  }

  fileIds(): string[] {
    return this.host.fileIds();
  }

  diagnostics(fileId: string): Diagnostic[] {
    return this.analysis.diagnostics(fileId);
  }

  status(): StatusReport {
    return this.analysis.status();
  }

  topology(): Topology {
    return this.analysis.topology();
  }

  hover(fileId: string, position: Position, linkTarget?: LinkTarget): Hover | undefined {
    return this.analysis.hover(fileId, position, linkTarget);
  }

  /** A resource's settled analysis object (white-box: tests check what was re-resolved). */
  resourceAnalysis(resourceId: string): unknown {
    this.host.settle();
    return this.host.context.analysis(resourceId);
  }

  definition(fileId: string, position: Position): Location[] {
    return this.analysis.definition(fileId, position);
  }

  references(fileId: string, position: Position): Location[] {
    return this.analysis.references(fileId, position);
  }

  /** Completion at a position of the file's text as the driver was given it. */
  completion(fileId: string, position: Position): CompletionItem[] {
    return this.analysis.completion(fileId, this.texts.get(fileId) ?? '', position);
  }

  codeLenses(fileId: string): CodeLens[] {
    return this.analysis.codeLenses(fileId);
  }

  fixes(fileId: string, code: Code, subject: string, options: FixOptions): Fix[] {
    return this.analysis.fixes(fileId, code, subject, options);
  }

  /** Offsets ↔ positions of a file as the driver was given it. */
  lineIndex(fileId: string): LineIndex | undefined {
    const text = this.texts.get(fileId);
    return text === undefined ? undefined : LineIndex.of(text.replace(/^\uFEFF/, ''));
  }
}
