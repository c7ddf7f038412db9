// The query context: the read-only view of a settled workspace that every editor feature reads
// (diagnostics, hovers, navigation, fixes, the status report). The host builds one over its state
// and settles before a feature runs; features never see the host, change nothing, and find what
// they need through indexed lookups (the index, the aggregates), never by scanning analyses.

import type { RecordingReads, WorkspaceIndex } from '../index/workspaceIndex.js';
import type { FileModel } from '../model/summarize.js';
import type {
  AcmeSolver,
  LabelSelector,
  ListenerOwner,
  NamespaceResource,
  ObjectKey,
  OtherResource,
  ParentRef,
  Problem,
  ReferenceGrantResource,
  Resource,
  RouteKind,
  RouteResource,
} from '../model/resource.js';
import { CORE_GROUP } from '../model/resource.js';
import { isApplyTimeNamespace } from '../model/placement.js';
import type { AnalysisOptions } from '../options.js';
import type { Channel } from '../admission/bundled.js';
import type { ChannelSource, WorkspaceSchemas } from '../admission/workspace.js';
import type { ListenerVerdict } from '../resolve/admission.js';
import type { ResourceAnalysis } from '../resolve/analyze.js';
import { evaluateSelector } from '../resolve/labelSelector.js';
import type { ResolveEnv } from '../resolve/routeStatus.js';
import type { GatewayRules } from '../resolve/implementation.js';
import { listenerVerdicts } from '../resolve/routeStatus.js';
import { solverRoutes } from '../resolve/solverRoutes.js';
import type { LineIndex } from '../text/lineIndex.js';
import type { Aggregates } from './aggregates.js';

/** What the host lends the context; `reads` records nothing between analyses. */
export interface ContextState {
  index: WorkspaceIndex;
  reads: RecordingReads;
  env: ResolveEnv;
  analyses: ReadonlyMap<string, ResourceAnalysis>;
  aggregates: Aggregates;
  texts: ReadonlyMap<string, string>;
  /** Problems of kustomize builds by the file they sit in, grouped by the file that found them. */
  buildProblems: ReadonlyMap<string, ReadonlyMap<string, readonly Problem[]>>;
  /** The CRDs and channel objects are admitted against (see admission/workspace.ts). */
  schemas: Pick<WorkspaceSchemas, 'catalog' | 'channelSource'>;
}

export class QueryContext {
  constructor(private readonly state: ContextState) {}

  /** The Gateway API release channel objects are admitted against: the workspace's CRDs', the option's or inferred. */
  get channel(): Channel {
    return this.state.schemas.catalog.channel;
  }

  /** Where the channel comes from: the workspace's CRDs, the option, the objects, or the default. */
  get channelSource(): ChannelSource {
    return this.state.schemas.channelSource;
  }

  get options(): AnalysisOptions {
    return this.state.env.options;
  }

  /** The implementation rules a Gateway or ListenerSet is judged by. */
  rulesOf(owner: ListenerOwner): GatewayRules {
    return this.state.env.rulesOf(owner);
  }

  model(fileId: string): FileModel | undefined {
    return this.state.index.files.get(fileId);
  }

  /** The file's text, when the host keeps texts (an incremental host does; fixes need them). */
  text(fileId: string): string | undefined {
    return this.state.texts.get(fileId);
  }

  lineIndex(fileId: string): LineIndex | undefined {
    return this.state.index.files.get(fileId)?.lineIndex;
  }

  resource(id: string): Resource | undefined {
    return this.state.index.resource(id);
  }

  /** The current definition of an object an analysis may hold an earlier version of. */
  current(r: Resource): Resource {
    return this.state.index.resource(r.id) ?? r;
  }

  analysis(resourceId: string): ResourceAnalysis | undefined {
    return this.state.analyses.get(resourceId);
  }

  /** Every indexed object, in file order (for a search over all of them, never per reference). */
  resources(): Iterable<Resource> {
    return this.state.index.allResources();
  }

  /** Ids of every file the index holds. */
  fileIds(): string[] {
    return [...this.state.index.files.keys()];
  }

  /** All analyses, in file order. */
  *analyses(): Iterable<ResourceAnalysis> {
    for (const r of this.state.index.allResources()) {
      const a = this.state.analyses.get(r.id);
      if (a) yield a;
    }
  }

  /** Each selected listener's verdict on one parentRef of a route (recomputed: analyses do not keep them). */
  listenerVerdicts(route: RouteResource, ref: ParentRef): ListenerVerdict[] {
    return listenerVerdicts(route, ref, this.state.env);
  }

  /** The HTTPRoutes one ACME solver of a cert-manager issuer makes, as far as the workspace shows them. */
  solverRoutes(issuer: OtherResource, solver: AcmeSolver): RouteResource[] {
    return solverRoutes(issuer, solver, this.state.reads);
  }

  /** Ids of the routes attached to one listener of a Gateway or ListenerSet. */
  attachedRoutes(ownerId: string, listener: string): ReadonlySet<string> {
    return this.state.aggregates.attachedRoutes(ownerId, listener);
  }

  /**
   * Of the routes of `kind` attached to a listener whose hostnames there intersect `hostname`, the
   * id of the first by kind, namespace and name, and whether there are others.
   */
  firstSharing(
    ownerId: string,
    listener: string,
    kind: RouteKind,
    hostname: string | undefined,
  ): { id: string; others: boolean } | undefined {
    return this.state.aggregates.firstSharing(ownerId, listener, kind, hostname);
  }

  /** Ids of the resources whose references a ReferenceGrant permits. */
  grantUsers(grantId: string): ReadonlySet<string> {
    return this.state.aggregates.grantUsers(grantId);
  }

  /** Analyses of the resources with a reference that resolves to the object with this id. */
  referrersOf(id: string): ResourceAnalysis[] {
    return [...this.state.aggregates.referrersOf(id)].flatMap((r) => this.state.analyses.get(r) ?? []);
  }

  /** Analyses of the resources that name a namespace explicitly. */
  namespaceUsersOf(namespace: string): ResourceAnalysis[] {
    return [...this.state.aggregates.namespaceUsersOf(namespace)].flatMap((r) => this.state.analyses.get(r) ?? []);
  }

  /** Analyses of the routes with a backendRef that resolves to the object with this id. */
  routesTo(backendId: string): ResourceAnalysis[] {
    return [...this.state.aggregates.routesTo(backendId)].flatMap((id) => this.state.analyses.get(id) ?? []);
  }

  acceptedListenerSets(gatewayId: string): ReadonlySet<string> {
    return this.state.aggregates.acceptedListenerSets(gatewayId);
  }

  /** Analyses of the routes in one namespace. */
  routesIn(namespace: string): ResourceAnalysis[] {
    return [...this.state.aggregates.routesIn(namespace)].flatMap((id) => this.state.analyses.get(id) ?? []);
  }

  /** The definition of `key` a reference from `fromFileId` resolves to (the folder rule). */
  nearest(key: ObjectKey, fromFileId: string): Resource | undefined {
    return this.state.reads.nearest(key, { fileId: fromFileId });
  }

  /** ReferenceGrants in a namespace as a referrer in `fromFileId` sees them. */
  grantsIn(namespace: string, fromFileId: string): ReferenceGrantResource[] {
    return this.state.reads.grantsIn(namespace, { fileId: fromFileId });
  }

  namesOf(group: string, kind: string, namespace: string): string[] {
    return this.state.reads.names(group, kind, namespace);
  }

  /** The apiVersion objects of this kind in the workspace use, to match house style in new manifests. */
  apiVersionOf(group: string, kind: string): string | undefined {
    return this.state.index.apiVersionOf(group, kind);
  }

  /** Namespaces of the workspace that `selector` certainly matches, as seen from a file. */
  namespacesMatching(selector: LabelSelector, fromFileId: string): string[] {
    return this.state.index
      .coveredNamespaces()
      .filter((name) => !isApplyTimeNamespace(name))
      .sort()
      .filter((name) => {
        const ns = this.namespace(name, fromFileId);
        return evaluateSelector(selector, ns ? { name, labels: ns.labels } : { name }).result === 'true';
      });
  }

  /** Namespaces the workspace defines anything in, sorted (apply-time placeholders excluded). */
  knownNamespaces(): string[] {
    return this.state.index
      .coveredNamespaces()
      .filter((name) => !isApplyTimeNamespace(name))
      .sort();
  }

  namespace(name: string, fromFileId: string): NamespaceResource | undefined {
    const found = this.nearest({ group: CORE_GROUP, kind: 'Namespace', namespace: '', name }, fromFileId);
    return found?.shape === 'Namespace' ? found : undefined;
  }

  /** Problems kustomize builds found in a file (a kustomization's entry, a patch that does not apply). */
  buildProblemsIn(fileId: string): Problem[] {
    return [...(this.state.buildProblems.get(fileId)?.values() ?? [])].flat();
  }

  /** For a Secret that another object creates, that object; else the resource itself. */
  producerOf(r: Resource): Resource {
    return r.producerId ? (this.resource(r.producerId) ?? r) : r;
  }
}
