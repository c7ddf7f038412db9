// FileModel ↔ plain JSON for the on-disk cache front ends keep. Pure: the core never touches the
// disk. The line index is not stored (it is rebuilt from the text in one pass); a stored model
// carries the format version and the inputs it was derived from, and anything that does not look
// like a stored model is refused, so a stale or foreign cache entry is never trusted.

import { stripBom } from '../text/bom.js';
import { LineIndex } from '../text/lineIndex.js';
import type { FileModel, ModelInputs, SummarizeInputs } from './summarize.js';

/** Bumped whenever the model's shape or the analysis that produces it changes meaning. */
export const MODEL_FORMAT = 3;

export interface StoredModel {
  format: number;
  inputs: ModelInputs;
  resources: FileModel['resources'];
  problems: FileModel['problems'];
  crds?: FileModel['crds'];
  skipped?: FileModel['skipped'];
}

export function storeModel(model: FileModel): StoredModel {
  const stored: StoredModel = {
    format: MODEL_FORMAT,
    inputs: model.inputs,
    resources: model.resources,
    problems: model.problems,
  };
  if (model.crds.length > 0) stored.crds = model.crds;
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
  if (s.inputs.defaultNamespace !== inputs.defaultNamespace || s.inputs.chartTemplate !== inputs.chartTemplate)
    return undefined;
  // Admitted against other definitions than the workspace now has (a CRD or the channel changed).
  const schemas = s.inputs.schemas;
  if (!schemas || typeof schemas !== 'object') return undefined;
  for (const [groupKind, fingerprint] of Object.entries(schemas)) {
    const slash = groupKind.indexOf('/');
    if (inputs.catalog.fingerprint(groupKind.slice(0, slash), groupKind.slice(slash + 1)) !== fingerprint)
      return undefined;
  }
  if (s.resources.some((r) => !r || r.fileId !== fileId)) return undefined;
  const model: FileModel = {
    fileId,
    inputs: { defaultNamespace: inputs.defaultNamespace, chartTemplate: inputs.chartTemplate, schemas },
    lineIndex: s.skipped ? LineIndex.EMPTY : LineIndex.of(stripBom(text)),
    resources: s.resources,
    problems: s.problems,
    crds: Array.isArray(s.crds) ? s.crds : [],
  };
  if (s.skipped) model.skipped = s.skipped;
  return model;
}
