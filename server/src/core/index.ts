// The core's public surface. Front ends (LSP glue, CLI, tests) import only this module.

export { AnalysisHost, isChartFile } from './host.js';
export type { FileChange } from './host.js';
export { CODES, isCode } from './codes.js';
export type { Code, CodeInfo, Severity } from './codes.js';
export { isNamespaceName, parseGroupKind, parseSeverityLevel } from './options.js';
export type { AnalysisOptions, AnalysisOptionsInput } from './options.js';
export type { Channel } from './admission/bundled.js';
export { isChannel } from './admission/bundled.js';
export type { Features } from './resolve/features.js';
export { ALL_FEATURES } from './resolve/features.js';
export type { Diagnostic, RelatedInformation } from './features/diagnostics.js';
export { statusReport } from './features/status.js';
export type {
  GatewayReport,
  ListenerReport,
  ListenerSetReport,
  ParentRefReport,
  RouteReport,
  StatusReport,
} from './features/status.js';
export type { Condition } from './resolve/conditions.js';
export type { Position, Range } from './text/lineIndex.js';
export { LineIndex } from './text/lineIndex.js';
export { MAX_FILE_CHARS } from './model/summarize.js';
export { MODEL_FORMAT } from './model/persist.js';
export type { StoredModel } from './model/persist.js';
export { hover } from './features/hover.js';
export type { Hover, LinkTarget } from './features/hover.js';
export { definition, references } from './features/navigation.js';
export type { Location } from './features/navigation.js';
export { fixesFor } from './features/fixes/index.js';
export type { Fix, FixOptions } from './features/fixes/index.js';
export type { FileCreation, FileEdits, TextEdit } from './features/edits.js';
