// The core's public surface. Front ends (LSP glue, CLI, tests, benchmark) import only this module:
// an AnalysisHost takes file changes and settles; an Analysis answers questions about it.

export { AnalysisHost, isChartFile, isStructureFile } from './host.js';
export type { FileChange, HostMode } from './host.js';
export { Analysis } from './analysis.js';
export { CODES, isCode } from './codes.js';
export type { Code, CodeInfo, Severity } from './codes.js';
export { ALL_FEATURES, FEATURE_NAMES, isFeatureName, parseGroupKind, parseSeverityLevel } from './options.js';
/** Whether a setting or flag can name a namespace (an RFC 1123 label). */
export { isDns1123Label as isNamespaceName } from './dnsNames.js';
export { PROFILES, profileById } from './profiles/index.js';
export type { AnalysisOptions, AnalysisOptionsInput, Features } from './options.js';
export type { Channel } from './admission/bundled.js';
export { isChannel } from './admission/bundled.js';
export type { Diagnostic, RelatedInformation } from './features/diagnostics/fileDiagnostics.js';
export type {
  ConditionReport,
  GatewayReport,
  ListenerReport,
  ListenerSetReport,
  ParentRefReport,
  RouteReport,
  StatusReport,
} from './features/status.js';
export type { Position, Range } from './text/lineIndex.js';
export { LineIndex } from './text/lineIndex.js';
export { MAX_FILE_CHARS } from './model/summarize.js';
export { isKustomizationFile, KUSTOMIZATION_FILE_NAMES, localReads, readKustomization } from './model/kustomization.js';
export { isStoredModel, MODEL_FORMAT, storedModelFits } from './model/persist.js';
export { conforms } from './model/shape.js';
export { CACHED_DIAGNOSTICS_SHAPE } from './model/storedShape.js';
export type { StoredModel } from './model/persist.js';
export type { DocTarget, Hover, LinkTarget } from './features/hover.js';
export type { Location } from './features/navigation.js';
export type { EdgeVerdict, Topology, TopologyEdge, TopologyNode, TopologyNodeKind } from './features/topology.js';
export type { Fix, FixOptions } from './features/fixes/change.js';
export type { FileCreation, FileEdits, TextEdit } from './features/edits.js';
export type { CompletionItem, CompletionKind } from './features/completion.js';
export type { CodeLens } from './features/codeLens.js';
export type { RenameResult, RenameTarget } from './features/rename.js';
export type { DocumentSymbol, SymbolKind, WorkspaceSymbol } from './features/symbols.js';
export { hasSyntaxErrors, heldDiagnostics } from './features/diagnostics/heldEdit.js';
