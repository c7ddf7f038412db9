// Completion while a manifest is typed, ranked by what will work. The cursor's place comes from the
// text (text/yamlCursor.ts: the document being typed rarely parses); the candidates come from the
// settled workspace: parents that would admit this route first, the others with the reason they
// would not; listeners and ports of the chosen parent; Services a ReferenceGrant already permits
// before those that would need one; Secrets; ReferenceGrant kinds and namespaces; label keys and
// values that exist on Namespaces; kinds and the apiVersions the bundled CRDs serve.

import { bundledCrds } from '../admission/bundled.js';
import type { GroupKind, ListenerOwner, ParentRef, RouteKind, RouteResource } from '../model/resource.js';
import { CORE_GROUP, GATEWAY_GROUP, groupKindString } from '../model/resource.js';
import type { QueryContext } from '../query/context.js';
import type { ListenerVerdict } from '../resolve/admission.js';
import { grantAllowsReferrer, grantAllowsTarget, referrerOf } from '../resolve/referencePolicy.js';
import type { Position, Range } from '../text/lineIndex.js';
import type { YamlCursor } from '../text/yamlCursor.js';
import { yamlCursor } from '../text/yamlCursor.js';
import type { TextEdit } from './edits.js';
import { hostnameCheckText, kindCheckText, namespaceCheckText } from './wording.js';

export type CompletionKind = 'reference' | 'namespace' | 'listener' | 'value' | 'kind' | 'label';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** One line: why this candidate ranks where it does ("admits this route", "needs a ReferenceGrant"). */
  detail?: string;
  /** Markdown with the full reasoning, when there is more to say. */
  documentation?: string;
  /** Orders the list: rank first, then the label. */
  sortText: string;
  /** Replaces the word under the cursor. */
  edit: TextEdit;
  /** Lines the choice also needs (a `namespace:` for a candidate in another namespace). */
  additionalEdits: TextEdit[];
}

const ROUTE_KINDS: readonly RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];
const PARENT_KINDS = ['Gateway', 'ListenerSet'];
const CORE_KINDS = ['Namespace', 'Service', 'Secret', 'ConfigMap'];

/** Rank of a candidate: the lower, the likelier it works. */
const enum Rank {
  Works = 0,
  Maybe = 1,
  Fails = 2,
}

export function completion(ctx: QueryContext, fileId: string, text: string, position: Position): CompletionItem[] {
  const cursor = yamlCursor(text, position.line, position.character);
  if (!cursor) return [];
  const c = new Completer(ctx, fileId, cursor);
  c.run();
  return c.items;
}

class Completer {
  readonly items: CompletionItem[] = [];
  private readonly range: Range;
  private readonly path: string;

  constructor(
    private readonly ctx: QueryContext,
    private readonly fileId: string,
    private readonly cursor: YamlCursor,
  ) {
    const { line, start, end } = cursor.word;
    this.range = { start: { line, character: start }, end: { line, character: end } };
    this.path = cursor.path.join('.');
  }

  run(): void {
    const { at, doc } = this.cursor;
    const p = this.path;
    const last = this.cursor.path.at(-1);
    if (at === 'value' && p === 'kind') return this.kinds();
    if (at === 'value' && p === 'apiVersion') return this.apiVersions();
    if (at === 'value' && p === 'metadata.namespace') return this.namespaces(() => Rank.Works);
    const kind = doc.kind ?? '';
    if (ROUTE_KINDS.includes(kind as RouteKind)) this.route(kind as RouteKind);
    else if (kind === 'Gateway' || kind === 'ListenerSet') this.listenerOwner();
    else if (kind === 'ReferenceGrant') this.grant();
    if (this.items.length > 0) return;
    if (p.includes('matchLabels')) this.labels();
    else if (at === 'value' && p.includes('matchExpressions') && last === 'key') this.labelKeys();
    else if (at === 'value' && p.includes('matchExpressions') && last === 'operator')
      for (const op of ['In', 'NotIn', 'Exists', 'DoesNotExist']) this.add(op, 'value', Rank.Works);
    else if (at === 'value' && p.endsWith('namespaces.from'))
      for (const from of ['Same', 'All', 'Selector']) this.add(from, 'value', Rank.Works);
  }

  // ---- the document's own object --------------------------------------------------------

  private get namespace(): string {
    return this.cursor.doc.namespace ?? this.ctx.options.defaultNamespace ?? 'default';
  }

  /** The route being written: its last good analysis' resource, else a stand-in with what the text says. */
  private route_(kind: RouteKind): RouteResource {
    const { name } = this.cursor.doc;
    const found = this.ctx
      .model(this.fileId)
      ?.resources.find((r): r is RouteResource => r.shape === 'Route' && r.routeKind === kind && r.key.name === name);
    if (found) return found;
    const span = { start: 0, end: 0 };
    return {
      shape: 'Route',
      id: `${this.fileId}#completion`,
      fileId: this.fileId,
      key: { group: GATEWAY_GROUP, kind, namespace: this.namespace, name: name ?? '' },
      apiVersion: this.cursor.doc.apiVersion ?? '',
      namespaceExplicit: this.cursor.doc.namespace !== undefined,
      span,
      headSpan: span,
      problems: [],
      routeKind: kind,
      parentRefs: [],
      hostnames: [],
      backendRefs: [],
      ruleSpans: [],
    };
  }

  // ---- routes -------------------------------------------------------------------------

  private route(kind: RouteKind): void {
    const { at, path, siblings } = this.cursor;
    const last = path.at(-1);
    const inParentRef = path[1] === 'parentRefs' && path[2] === '[]' && path.length === 4;
    const inBackendRef = (path.at(-3) === 'backendRefs' && path.at(-2) === '[]') || path.at(-2) === 'backendRef';
    if (at !== 'value') return;
    const route = this.route_(kind);
    if (inParentRef) {
      if (last === 'name') return this.parentNames(route);
      if (last === 'sectionName') return this.parentListeners(route, 'sectionName');
      if (last === 'port') return this.parentListeners(route, 'port');
      if (last === 'kind') return PARENT_KINDS.forEach((k) => this.add(k, 'kind', Rank.Works));
      if (last === 'namespace')
        return this.namespaces((ns) =>
          this.holdsParent(siblings.get('kind') || 'Gateway', ns) ? Rank.Works : Rank.Maybe,
        );
    }
    if (inBackendRef) {
      const target = this.backendKind();
      if (last === 'name') return this.referenceNames(route, target);
      if (last === 'port') return this.servicePorts(route.key.namespace);
      if (last === 'kind') {
        this.add('Service', 'kind', Rank.Works);
        for (const k of this.ctx.options.backendKinds) this.add(k.kind, 'kind', Rank.Works, groupKindString(k));
        return;
      }
      if (last === 'namespace')
        return this.namespaces((ns) =>
          this.ctx.namesOf(target.group, target.kind, ns).length > 0 ? Rank.Works : Rank.Maybe,
        );
    }
  }

  /** Gateways and ListenerSets, those that would admit the route first. */
  private parentNames(route: RouteResource): void {
    const { siblings } = this.cursor;
    const kinds = siblings.get('kind') ? [siblings.get('kind')!] : PARENT_KINDS;
    const explicitNs = siblings.get('namespace');
    for (const kind of kinds) {
      for (const { namespace, name } of this.objects(GATEWAY_GROUP, kind, explicitNs)) {
        const ref = this.parentRef(route, kind, namespace, name);
        const verdicts = this.ctx.listenerVerdicts(route, ref);
        const { rank, detail, documentation } = judgeParent(route, verdicts, ref);
        const where = namespace === route.key.namespace ? '' : ` (${namespace})`;
        this.add(name, 'reference', rank, `${kind}${where} · ${detail}`, {
          documentation,
          ...(explicitNs === undefined && namespace !== route.key.namespace
            ? { additional: [this.siblingLine('namespace', namespace)] }
            : {}),
        });
      }
    }
  }

  /** Listener names (`sectionName`) or ports of the parent the item names, those that admit the route first. */
  private parentListeners(route: RouteResource, field: 'sectionName' | 'port'): void {
    const { siblings } = this.cursor;
    const name = siblings.get('name');
    if (!name) return;
    const kind = siblings.get('kind') || 'Gateway';
    const namespace = siblings.get('namespace') || route.key.namespace;
    const owner = this.ctx.nearest({ group: GATEWAY_GROUP, kind, namespace, name }, this.fileId);
    if (!owner || (owner.shape !== 'Gateway' && owner.shape !== 'ListenerSet')) return;
    const seen = new Set<string>();
    for (const listener of owner.listeners) {
      const label = field === 'sectionName' ? listener.name : String(listener.port ?? '');
      if (label === '' || seen.has(label)) continue;
      seen.add(label);
      const ref = this.parentRef(route, kind, namespace, name);
      if (field === 'sectionName') ref.sectionName = { value: listener.name, span: ref.span };
      else ref.port = { value: listener.port!, span: ref.span };
      const judged = judgeParent(route, this.ctx.listenerVerdicts(route, ref), ref);
      const what = field === 'sectionName' ? `${listener.protocol} ${listener.port ?? ''}`.trim() : listener.name;
      this.add(label, 'listener', judged.rank, `${what} · ${judged.detail}`, { documentation: judged.documentation });
    }
  }

  private parentRef(route: RouteResource, kind: string, namespace: string, name: string): ParentRef {
    return {
      group: GATEWAY_GROUP,
      kind,
      namespace,
      name,
      namespaceExplicit: namespace !== route.key.namespace,
      span: route.span,
      nameSpan: route.span,
      path: 'spec.parentRefs[]',
    };
  }

  private backendKind(): GroupKind {
    const kind = this.cursor.siblings.get('kind') || 'Service';
    const group = this.cursor.siblings.get('group') ?? (kind === 'Service' ? CORE_GROUP : undefined);
    if (group !== undefined) return { group, kind };
    return this.ctx.options.backendKinds.find((k) => k.kind === kind) ?? { group: CORE_GROUP, kind };
  }

  /** Objects a reference may name: those in the referrer's namespace, then those a grant permits, then the rest. */
  private referenceNames(referrer: RouteResource | ListenerOwner, target: GroupKind): void {
    const explicitNs = this.cursor.siblings.get('namespace');
    const from = referrerOf(referrer);
    const own = referrer.key.namespace;
    for (const { namespace, name } of this.objects(target.group, target.kind, explicitNs)) {
      let rank = Rank.Works;
      let detail = namespace === own ? `${target.kind} in this namespace` : '';
      if (namespace !== own) {
        const granted = this.ctx
          .grantsIn(namespace, this.fileId)
          .find((g) => grantAllowsReferrer(g, from) && grantAllowsTarget(g, { ...target, name }));
        rank = granted ? Rank.Maybe : Rank.Fails;
        detail = granted
          ? `${target.kind} in ${namespace} · permitted by ReferenceGrant ${granted.key.name}`
          : `${target.kind} in ${namespace} · needs a ReferenceGrant in ${namespace}`;
      }
      this.add(name, 'reference', rank, detail, {
        ...(explicitNs === undefined && namespace !== own
          ? { additional: [this.siblingLine('namespace', namespace)] }
          : {}),
      });
    }
  }

  private servicePorts(routeNamespace: string): void {
    const { siblings } = this.cursor;
    const name = siblings.get('name');
    if (!name) return;
    const namespace = siblings.get('namespace') || routeNamespace;
    const service = this.ctx.nearest({ group: CORE_GROUP, kind: 'Service', namespace, name }, this.fileId);
    if (service?.shape !== 'Service') return;
    for (const p of service.ports)
      this.add(String(p.port), 'value', Rank.Works, p.name ? `port ${p.name} of Service ${name}` : `Service ${name}`);
  }

  // ---- Gateways and ListenerSets ------------------------------------------------------------

  private listenerOwner(): void {
    const { at, path } = this.cursor;
    const last = path.at(-1);
    if (at !== 'value') return;
    if (path.includes('certificateRefs') && path.at(-2) === '[]' && last === 'name') {
      const owner = this.ctx
        .model(this.fileId)
        ?.resources.find(
          (r): r is ListenerOwner =>
            (r.shape === 'Gateway' || r.shape === 'ListenerSet') && r.key.name === this.cursor.doc.name,
        );
      if (owner) return this.referenceNames(owner, { group: CORE_GROUP, kind: 'Secret' });
      for (const name of this.ctx.namesOf(CORE_GROUP, 'Secret', this.namespace).sort())
        this.add(name, 'reference', Rank.Works, 'Secret in this namespace');
      return;
    }
    if (last === 'protocol' && path.includes('listeners'))
      for (const p of ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP']) this.add(p, 'value', Rank.Works);
    if (last === 'mode' && path.includes('tls'))
      for (const m of ['Terminate', 'Passthrough']) this.add(m, 'value', Rank.Works);
    if (last === 'kind' && path.includes('allowedRoutes')) for (const k of ROUTE_KINDS) this.add(k, 'kind', Rank.Works);
  }

  // ---- ReferenceGrants ---------------------------------------------------------------------

  private grant(): void {
    const { at, path, siblings } = this.cursor;
    const last = path.at(-1);
    const side = path[1];
    if (at !== 'value' || path[0] !== 'spec' || path[2] !== '[]' || path.length !== 4) return;
    if (side === 'from') {
      if (last === 'kind') {
        for (const k of [...ROUTE_KINDS, 'Gateway', 'ListenerSet']) this.add(k, 'kind', Rank.Works);
      } else if (last === 'group') this.add(GATEWAY_GROUP, 'value', Rank.Works);
      else if (last === 'namespace') {
        const kind = siblings.get('kind');
        this.namespaces((ns) =>
          ns === this.namespace
            ? Rank.Fails
            : kind && this.ctx.namesOf(GATEWAY_GROUP, kind, ns).length > 0
              ? Rank.Works
              : Rank.Maybe,
        );
      }
    } else if (side === 'to') {
      if (last === 'kind') {
        for (const k of ['Service', 'Secret']) this.add(k, 'kind', Rank.Works);
        for (const k of this.ctx.options.backendKinds) this.add(k.kind, 'kind', Rank.Maybe, groupKindString(k));
      } else if (last === 'group') this.add('""', 'value', Rank.Works, 'the core API group (Service, Secret)');
      else if (last === 'name') {
        const kind = siblings.get('kind') || 'Service';
        const group = siblings.get('group') ?? CORE_GROUP;
        for (const name of this.ctx.namesOf(group === '""' ? CORE_GROUP : group, kind, this.namespace).sort())
          this.add(name, 'reference', Rank.Works, `${kind} in ${this.namespace}`);
      }
    }
  }

  // ---- shared candidates ----------------------------------------------------------------------

  private kinds(): void {
    const seen = new Set<string>();
    for (const crd of bundledCrds(this.ctx.channel))
      if (crd.group === GATEWAY_GROUP && !seen.has(crd.kind)) {
        seen.add(crd.kind);
        this.add(crd.kind, 'kind', Rank.Works, crd.group);
      }
    for (const k of CORE_KINDS) this.add(k, 'kind', Rank.Maybe, 'core/v1');
  }

  private apiVersions(): void {
    const kind = this.cursor.doc.kind;
    if (kind && CORE_KINDS.includes(kind)) return this.add('v1', 'value', Rank.Works);
    const offered = new Set<string>();
    for (const crd of bundledCrds(this.ctx.channel)) {
      if (kind && crd.kind !== kind) continue;
      for (const v of crd.versions) {
        const apiVersion = `${crd.group}/${v.name}`;
        if (!v.served || offered.has(apiVersion)) continue;
        offered.add(apiVersion);
        const usual = kind ? this.ctx.apiVersionOf(crd.group, kind) === apiVersion : false;
        this.add(
          apiVersion,
          'value',
          usual || v === crd.versions[0] ? Rank.Works : Rank.Maybe,
          kind ? `serves ${kind}` : undefined,
        );
      }
    }
  }

  /** Namespaces the workspace knows, ranked by `rank`. */
  private namespaces(rank: (ns: string) => Rank): void {
    for (const ns of this.knownNamespaces()) this.add(ns, 'namespace', rank(ns));
  }

  private knownNamespaces(): string[] {
    return this.ctx.knownNamespaces().filter((ns) => !ns.startsWith('@'));
  }

  /** Label keys (in a `matchLabels` key) or values of the key being written, as Namespaces carry them. */
  private labels(): void {
    const { at, path } = this.cursor;
    if (at === 'key' && path.at(-1) === 'matchLabels') return this.labelKeys();
    if (at === 'value' && path.at(-2) === 'matchLabels') {
      const key = path.at(-1)!;
      const values = new Map<string, number>();
      for (const ns of this.knownNamespaces()) {
        const value = this.labelsOf(ns).get(key);
        if (value !== undefined) values.set(value, (values.get(value) ?? 0) + 1);
      }
      for (const [value, n] of values) this.add(value, 'label', Rank.Works, `on ${n} namespace${n === 1 ? '' : 's'}`);
    }
  }

  private labelKeys(): void {
    const keys = new Map<string, number>();
    for (const ns of this.knownNamespaces())
      for (const key of this.labelsOf(ns).keys()) keys.set(key, (keys.get(key) ?? 0) + 1);
    for (const [key, n] of keys)
      this.add(key, 'label', Rank.Works, `on ${n} namespace${n === 1 ? '' : 's'}`, {
        insert: this.cursor.at === 'key' ? `${key}: ` : key,
      });
  }

  private labelsOf(namespace: string): Map<string, string> {
    const labels = new Map<string, string>([['kubernetes.io/metadata.name', namespace]]);
    for (const l of this.ctx.namespace(namespace, this.fileId)?.labels ?? []) labels.set(l.key, l.value);
    return labels;
  }

  /** Objects of one kind: in `namespace` if given, else in every namespace the workspace knows. */
  private objects(group: string, kind: string, namespace: string | undefined): { namespace: string; name: string }[] {
    const namespaces = namespace !== undefined ? [namespace] : this.ctx.knownNamespaces();
    return namespaces.flatMap((ns) =>
      this.ctx
        .namesOf(group, kind, ns)
        .sort()
        .map((name) => ({ namespace: ns, name })),
    );
  }

  private holdsParent(kind: string, namespace: string): boolean {
    return this.ctx.namesOf(GATEWAY_GROUP, kind, namespace).length > 0;
  }

  /** A `key: value` line beside the cursor's, in the mapping's indentation. */
  private siblingLine(key: string, value: string): TextEdit {
    const at = { line: this.cursor.line, character: this.cursor.lineLength };
    return { range: { start: at, end: at }, newText: `\n${' '.repeat(this.cursor.column)}${key}: ${value}` };
  }

  private add(
    label: string,
    kind: CompletionKind,
    rank: Rank,
    detail?: string,
    more: { documentation?: string | undefined; additional?: TextEdit[]; insert?: string } = {},
  ): void {
    if (this.items.some((i) => i.label === label && i.detail === detail)) return;
    this.items.push({
      label,
      kind,
      ...(detail ? { detail } : {}),
      ...(more.documentation ? { documentation: more.documentation } : {}),
      sortText: `${rank}:${label}`,
      edit: { range: this.range, newText: more.insert ?? label },
      additionalEdits: more.additional ?? [],
    });
  }
}

/** A parent's verdict on the route as a rank, a short reason and the full reasoning. */
function judgeParent(
  route: RouteResource,
  verdicts: ListenerVerdict[],
  ref: ParentRef,
): { rank: Rank; detail: string; documentation?: string } {
  if (verdicts.length === 0) {
    const what = ref.sectionName
      ? `no listener ${ref.sectionName.value}`
      : ref.port
        ? `no listener on port ${ref.port.value}`
        : 'no listeners';
    return { rank: Rank.Fails, detail: what };
  }
  const attached = verdicts.filter((v) => v.attached === 'true').map((v) => v.state.listener.name);
  if (attached.length > 0) return { rank: Rank.Works, detail: `admits this route (${attached.join(', ')})` };
  const kind = route.routeKind;
  const lines = verdicts.map((v) => {
    const why =
      v.kind.result !== 'true'
        ? kindCheckText(v, kind)
        : v.namespace.result !== 'true'
          ? namespaceCheckText(v.namespace)
          : `hostname: ${hostnameCheckText(v.hostname, kind)}`;
    return `- listener ${v.state.listener.name} ${why}`;
  });
  const maybe = verdicts.some((v) => v.attached === 'unknown');
  const first = verdicts.find((v) => v.attached === (maybe ? 'unknown' : 'false'))!;
  const short =
    first.kind.result !== 'true'
      ? first.kind.is === 'kinds'
        ? `does not carry ${kind}`
        : 'listener not accepted'
      : first.namespace.result !== 'true'
        ? `does not admit namespace ${route.key.namespace}`
        : 'no hostname in common';
  return {
    rank: maybe ? Rank.Maybe : Rank.Fails,
    detail: maybe ? `may admit this route: ${short}` : `would not admit this route: ${short}`,
    documentation: lines.join('\n'),
  };
}
