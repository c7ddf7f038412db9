// A diagnostic's home: the one module that owns a code or a family of codes — it words their
// messages and related locations, offers their quick fixes, and names the fixture workspaces that
// produce them (test/architecture.test.ts holds the registry, the catalog and the fixtures equal).
// Adding a code means adding or extending a home and listing it in registry.ts.

import type { Code } from '../../codes.js';
import type { FileModel } from '../../model/summarize.js';
import type { QueryContext } from '../../query/context.js';
import type { ResourceAnalysis } from '../../resolve/analyze.js';
import type { Finding } from '../../resolve/findings.js';
import type { Span } from '../../syntax/tree.js';
import type { Fix, FixOptions } from '../fixes/change.js';

export interface RelatedLocation {
  fileId: string;
  span: Span;
  message: string;
}

/**
 * Where a message appears: a diagnostic, or a status condition (the controller's wording, which
 * leaves out advice addressed to the manifest's author).
 */
export type MessagePlace = 'diagnostic' | 'status';

export interface DiagnosticHome {
  codes: readonly Code[];
  /** Fixture workspaces (`<group>/<case>` under test/fixtures) that produce these codes. */
  fixtures: readonly string[];
  message(f: Finding, place: MessagePlace): string;
  related?(f: Finding, ctx: QueryContext): RelatedLocation[];
  /** Fixes for a finding of one of `codes`, recomputed from the settled workspace. */
  fixes?(ctx: QueryContext, analysis: ResourceAnalysis, f: Finding, options: FixOptions): Fix[];
  /** Findings decided by workspace-wide facts rather than one analysis (unused grants), per file. */
  fileFindings?(ctx: QueryContext, model: FileModel): FileFinding[];
}

/** A finding about a file, with the kustomize build of the object it is about (if it is one's). */
export interface FileFinding {
  finding: Finding;
  build?: string;
}
