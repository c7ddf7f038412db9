// The wire contract between the language server and its clients beyond standard LSP: the settings
// shape, the status notification tests and clients wait on, the re-index command, and the edit
// debounce a client measuring latency needs to know. The VS Code client and the benchmark import
// this module (types, names and constants only, no side effects).

/** Settings under the `gatewayRefs` section (VS Code `contributes.configuration`). */
export interface Settings {
  /** Namespace of objects without `metadata.namespace`; empty: placed as `kubectl apply` would. */
  defaultNamespace: string;
  /** Globs (relative to a workspace folder) of files and folders not to analyse. */
  exclude: string[];
  /** Per-code severity overrides: error, warning, information, hint or off. */
  severity: Record<string, string>;
  /** Implementation-specific backend kinds, as `Kind.group` (e.g. `Lambda.example.com`). */
  backendKinds: string[];
  /** The workspace is the whole cluster: what it lacks does not exist. */
  complete: boolean;
  /** Gateway API release channel whose CRDs admit objects when the workspace holds none: standard, experimental, or empty (inferred from the objects). */
  channel: string;
  /** The implementation profile every Gateway is judged by (an id such as `envoy-gateway`); empty: each GatewayClass decides. */
  implementation: string;
  /** Conformance features claimed (true) or denied (false), over the implementation's report. */
  features: Record<string, boolean>;
}

export const SETTINGS_SECTION = 'gatewayRefs';

/** `initializationOptions` the server understands (besides settings under SETTINGS_SECTION). */
export interface InitializationOptions {
  /** A folder where the server may keep its cache between sessions (VS Code: the extension's global storage). */
  cacheDirectory?: string;
}

export const DEFAULT_SETTINGS: Settings = {
  defaultNamespace: '',
  exclude: [],
  severity: {},
  backendKinds: [],
  complete: false,
  channel: '',
  implementation: '',
  features: {},
};

/**
 * Sent by the server after every analysis round. `received` counts the change notifications the
 * server has received so far (document open/change/close, watched-file and configuration changes);
 * a client that sent N of them knows the server has caught up when it sees `idle` with
 * `received >= N`.
 */
export const STATUS_NOTIFICATION = 'gatewayRefs/status';

export interface StatusParams {
  state: 'indexing' | 'idle';
  received: number;
  /** Files in the index. */
  files: number;
}

/** `workspace/executeCommand`: drop the index and read every workspace folder again. */
export const REINDEX_COMMAND = 'gatewayRefs.reindex';

/** Typing pauses shorter than this are one edit: the server analyses this long after the last change. */
export const EDIT_DEBOUNCE_MS = 120;

/**
 * The client-side command a code lens runs to open the locations it counts: arguments are the
 * document URI, the lens position and the locations, as LSP JSON. A VS Code client converts them
 * and runs `editor.action.showReferences` (which takes only VS Code's own types).
 */
export const SHOW_REFERENCES_COMMAND = 'gatewayRefs.showReferences';

/**
 * Request (no parameters): the workspace as a graph — Gateway → listener → route → backend, each
 * edge with its verdict and the ReferenceGrants that permit it. Answered empty until the workspace
 * has been indexed. The editor's topology view draws it; `gateway-refs check --format dot|mermaid`
 * writes the same graph.
 */
export const TOPOLOGY_REQUEST = 'gatewayRefs/topology';

export interface TopologyResult {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface TopologyNode {
  /** Unique in the graph: kind, namespace and name, the file of a definition, a listener's name. */
  id: string;
  type: 'Gateway' | 'ListenerSet' | 'Listener' | 'Route' | 'Backend' | 'ReferenceGrant';
  /** The object's kind; for a listener, its protocol. */
  kind: string;
  namespace: string;
  name: string;
  label: string;
  /** Where it is written; absent for what the workspace does not define. */
  location?: { uri: string; range: { start: TopologyPosition; end: TopologyPosition } };
}

export interface TopologyPosition {
  line: number;
  character: number;
}

export interface TopologyEdge {
  from: string;
  to: string;
  verdict: 'ok' | 'rejected' | 'unknown';
  /** Why it is not ok: a condition reason or diagnostic code. */
  reason?: string;
  /** Ids of the ReferenceGrant nodes that permit the edge. */
  grants: string[];
}
