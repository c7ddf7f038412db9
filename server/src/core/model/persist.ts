// FileModel ↔ plain JSON for the on-disk cache front ends keep. Pure: the core never touches the
// disk. The line index is not stored (it is rebuilt from the text in one pass); a stored model
// carries the format version and the inputs it was derived from, and anything that does not look
// like a stored model is refused, so a stale or foreign cache entry is never trusted.

import { stripBom } from '../text/bom.js';
import { LineIndex } from '../text/lineIndex.js';
import type { FileModel, SummarizeInputs } from './summarize.js';

/** Bumped whenever the model's shape or the analysis that produces it changes meaning. */
export const MODEL_FORMAT = 4;

export interface StoredModel {
  format: number;
  inputs: SummarizeInputs;
  resources: FileModel['resources'];
  problems: FileModel['problems'];
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
  if (model.skipped) stored.skipped = model.skipped;
  return stored;
}

/** The model for `text`, or undefined when `stored` is not a model of this format for these inputs. */
export function restoreModel(
  stored: unknown,
  fileId: string,
  text: string,
  inputs: SummarizeInputs,
): FileModel | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const s = stored as Partial<StoredModel>;
  if (s.format !== MODEL_FORMAT || !Array.isArray(s.resources) || !Array.isArray(s.problems) || !s.inputs)
    return undefined;
  if (s.inputs.chartTemplate !== inputs.chartTemplate) return undefined;
  if (s.resources.some((r) => !r || r.fileId !== fileId)) return undefined;
  const model: FileModel = {
    fileId,
    inputs,
    lineIndex: s.skipped ? LineIndex.EMPTY : LineIndex.of(stripBom(text)),
    resources: s.resources,
    problems: s.problems,
  };
  if (s.skipped) model.skipped = s.skipped;
  return model;
}
