// FileModel ↔ plain JSON for the on-disk cache front ends keep. Pure: the core never touches the
// disk. The line index is not stored (it is rebuilt from the text in one pass); a stored model
// carries the format version and the inputs it was derived from, and is read back only if it has
// exactly the shape of StoredModel (generated from the type into storedShape.ts; a test fails when
// the type changes without a MODEL_FORMAT bump) and keeps the invariants the host relies on.

import { readSuppressions } from '../text/suppressions.js';
import { isCode } from '../codes.js';
import { stripBom } from '../text/bom.js';
import { LineIndex } from '../text/lineIndex.js';
import { conforms } from './shape.js';
import { STORED_MODEL_SHAPE } from './storedShape.js';
import type { FileModel, FileSkip, ModelInputs, SummarizeInputs } from './summarize.js';
import { MAX_FILE_CHARS } from './summarize.js';

/** Bumped whenever the model's shape or the analysis that produces it changes meaning. */
export const MODEL_FORMAT = 29;

export interface StoredModel {
  format: number;
  inputs: ModelInputs;
  resources: FileModel['resources'];
  problems: FileModel['problems'];
  crds?: FileModel['crds'];
  experimental?: FileModel['experimental'];
  kustomization?: FileModel['kustomization'];
  fluxKustomizations?: FileModel['fluxKustomizations'];
  buildProblems?: FileModel['buildProblems'];
  skipped?: FileModel['skipped'];
}

export function storeModel(model: FileModel): StoredModel {
  const stored: StoredModel = {
    format: MODEL_FORMAT,
    inputs: model.inputs,
    // As summarised: placement depends on other files, and is redone when the model is restored.
    resources: model.unplaced ?? model.resources,
    problems: model.problems,
  };
  if (model.crds.length > 0) stored.crds = model.crds;
  if (model.experimental) stored.experimental = model.experimental;
  if (model.kustomization) stored.kustomization = model.kustomization;
  if (model.fluxKustomizations) stored.fluxKustomizations = model.fluxKustomizations;
  if (model.buildProblems) stored.buildProblems = model.buildProblems;
  if (model.skipped) stored.skipped = model.skipped;
  return stored;
}

/** Whether `value` has exactly the shape of a stored model (a cache line, untrusted). */
export function isStoredModel(value: unknown): value is StoredModel {
  return conforms(value, STORED_MODEL_SHAPE);
}

/**
 * The model for `text`, or undefined when `stored` is not a model of this format for these inputs,
 * or does not fit the text (see storedModelFits).
 */
export function restoreModel(
  stored: unknown,
  fileId: string,
  text: string,
  inputs: SummarizeInputs,
): FileModel | undefined {
  if (!storedModelFits(stored, fileId, text)) return undefined;
  if (stored.inputs.chartTemplate !== inputs.chartTemplate) return undefined;
  if ((stored.inputs.testAssertion ?? false) !== (inputs.testAssertion ?? false)) return undefined;
  if (stored.inputs.builds !== (inputs.buildsSignature ?? '')) return undefined;
  // Admitted against other definitions than the workspace now has (a CRD or the channel changed).
  const schemas = stored.inputs.schemas;
  for (const [groupKind, fingerprint] of Object.entries(schemas)) {
    const slash = groupKind.indexOf('/');
    if (inputs.catalog.fingerprint(groupKind.slice(0, slash), groupKind.slice(slash + 1)) !== fingerprint)
      return undefined;
  }
  const model: FileModel = {
    fileId,
    inputs: { ...stored.inputs, schemas },
    lineIndex: stored.skipped ? LineIndex.EMPTY : LineIndex.of(stripBom(text)),
    resources: stored.resources,
    problems: stored.problems,
    crds: stored.crds ?? [],
  };
  if (stored.experimental) model.experimental = stored.experimental;
  if (stored.kustomization) model.kustomization = stored.kustomization;
  if (stored.fluxKustomizations) model.fluxKustomizations = stored.fluxKustomizations;
  if (stored.buildProblems) model.buildProblems = stored.buildProblems;
  if (stored.skipped) model.skipped = stored.skipped;
  const suppressions = readSuppressions(stripBom(text));
  if (suppressions) model.suppressions = suppressions;
  return model;
}

/**
 * Whether `stored` (untrusted: a cache line) can stand for the model of `text` in `fileId`: it has
 * exactly the shape of StoredModel in this format, and what the host relies on holds — resource
 * ids unique and this file's own (ids key analyses across the workspace), problem codes in the
 * catalog, every span inside the text, a skip note only where the text warrants one.
 *
 * That is enough: a model is looked up by a hash of the very text it was derived from, and
 * summarize is a pure function of the text and the inputs (the format and tool version guard the
 * rest), so a model the tool wrote is right. What no check short of summarising again can catch
 * is a well-formed model written to lie about this file, by someone able to write the cache
 * directory, who could as well change the tool.
 */
export function storedModelFits(stored: unknown, fileId: string, text: string): stored is StoredModel {
  const length = stripBom(text).length;
  const withinText = (span: unknown): boolean => {
    const { start, end } = span as { start: number; end: number };
    return Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= length;
  };
  if (!conforms(stored, STORED_MODEL_SHAPE, { Span: withinText })) return false;
  const s = stored as StoredModel;
  if (s.format !== MODEL_FORMAT) return false;
  const ids = new Set<string>();
  for (const r of s.resources) {
    if (r.fileId !== fileId || !r.id.startsWith(`${fileId}#`) || ids.has(r.id)) return false;
    ids.add(r.id);
    for (const p of r.problems) if (!isCode(p.code)) return false;
  }
  for (const p of s.problems) if (!isCode(p.code)) return false;
  return !s.skipped || skipWarranted(s.skipped, stripBom(text), s.inputs);
}

/** A skip note summarize could have given this text: a file it analyses is never skipped. */
function skipWarranted(skip: FileSkip, text: string, inputs: ModelInputs): boolean {
  if (skip.code === 'HelmTemplate') return inputs.chartTemplate || text.includes('{{');
  if (skip.code === 'TestAssertion') return inputs.testAssertion === true;
  if (skip.code === 'NotInKustomization') return inputs.builds.startsWith('unlisted');
  return text.length > MAX_FILE_CHARS || text.includes('\u0000');
}
