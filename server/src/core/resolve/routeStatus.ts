// The status a conforming controller would write for a route (rules.md §2–§8): one entry per
// parentRef with `Accepted` and `ResolvedRefs`, the listeners it attaches to, and findings on the
// offending parentRef or backendRef. Accepted follows rules.md R6.1's order: parent found → sectionName/port
// select a listener (NoMatchingParent) → kind and namespace admitted (NotAllowedByListeners) →
// hostnames intersect (NoMatchingListenerHostname). ResolvedRefs never depends on Accepted.

import type { Reads } from '../index/workspaceIndex.js';
import type { AnalysisOptions } from '../options.js';
import type { BackendRef, ListenerOwner, ObjectKey, ParentRef, RouteResource } from '../model/resource.js';
import { isUnresolved } from '../index/nearest.js';
import type { Unmanaged } from './referencePolicy.js';
import { isApplyTimeNamespace } from '../model/placement.js';
import { unmanaged } from './referencePolicy.js';
import { isPlaceholder } from '../syntax/placeholders.js';
import { CORE_GROUP, GATEWAY_GROUP } from '../model/resource.js';
import type { ListenerVerdict } from './admission.js';
import { admitToListener } from './admission.js';
import type { Condition } from './conditions.js';
import { condition, resolvedRefsCondition } from './conditions.js';
import type { Facts, Finding } from './findings.js';
import { closestName, finding, withSuggestion } from './findings.js';
import type { ListenerState } from './listeners.js';
import type { GatewayRules, Implementation } from './implementation.js';
import { forcedImplementation } from './implementation.js';
import type { RefResult } from './references.js';
import { resolveReference } from './references.js';

export interface ResolveEnv {
  reads: Reads;
  /** Replaced when the host's options change. */
  options: AnalysisOptions;
  /** Listener states of a Gateway or ListenerSet (memoised by the host for Gateways). */
  listenersOf(owner: ListenerOwner): ListenerState[];
  /** The implementation rules of a Gateway, or of a ListenerSet's Gateway (see implementation.ts). */
  rulesOf(owner: ListenerOwner): GatewayRules;
}

export interface ParentStatus {
  ref: ParentRef;
  owner?: ListenerOwner;
  /** Listeners the route is attached to (definitely). Per-listener verdicts are not kept (they
   * are most of an analysis' size); `listenerVerdicts` recomputes them for hovers and fixes. */
  attachedTo: string[];
  accepted: Condition;
  resolvedRefs: Condition;
}

export type BackendResult = RefResult & { ref: BackendRef };

export interface RouteStatus {
  route: RouteResource;
  parents: ParentStatus[];
  backends: BackendResult[];
  resolvedRefs: Condition;
}

export function resolveRoute(route: RouteResource, env: ResolveEnv): { status: RouteStatus; findings: Finding[] } {
  const findings: Finding[] = [];
  const { implementations, controllers } = parentJudges(route, env);
  const ladder = {
    reads: env.reads,
    options: env.options,
    findings,
    implementations,
    controllers,
    routeKind: route.routeKind,
  };
  const backends = route.backendRefs.map((ref) => {
    const result = resolveReference(route, ref, 'backend', ladder) as BackendResult;
    if (result.outcome === 'ok' && result.target?.shape === 'Service' && ref.port) {
      const { service, port } = { service: result.target, port: ref.port };
      if (
        service.ports.length > 0 &&
        service.type !== 'ExternalName' &&
        !service.ports.some((p) => p.port === port.value)
      )
        findings.push(
          finding(route, `${ref.path}.port`, port.span, 'ServicePortNotFound', {
            is: 'servicePort',
            route,
            ref,
            port: port.value,
            service,
          }),
        );
    }
    return result;
  });
  const resolvedRefs = resolvedRefsCondition(
    backends,
    backends.length === 0 ? 'No backend references.' : 'All references resolved.',
    true,
  );
  const parents: ParentStatus[] = [];
  const resolver = new ParentResolver(route, env, findings, resolvedRefs);
  for (const ref of route.parentRefs) {
    const parent = resolver.resolve(ref);
    if (parent) parents.push(parent);
  }
  if (route.httpsRedirects) for (const p of parents) redirectLoop(route, p, env, findings);
  return { status: { route, parents, backends, resolvedRefs }, findings };
}

/**
 * What the route's parents (Gateways and ListenerSets) say about backend kinds, in one pass: the
 * implementation of each, undefined where no profile is known — a parent the workspace lacks
 * included, unless the option names the implementation — and the controllerNames of their
 * GatewayClasses where the workspace has them.
 */
function parentJudges(
  route: RouteResource,
  env: ResolveEnv,
): { implementations: (Implementation | undefined)[]; controllers: string[] } {
  const implementations: (Implementation | undefined)[] = [];
  const controllers: string[] = [];
  for (const ref of route.parentRefs) {
    if (!isListenerParent(ref)) continue;
    const owner = ownerOf(ref, route, env.reads);
    if (!owner) {
      implementations.push(forcedImplementation(env.options) ?? agreedImplementation(ref, route, env));
      continue;
    }
    const rules = env.rulesOf(owner);
    implementations.push(rules.implementation);
    if (rules.controllerName) controllers.push(rules.controllerName);
  }
  return { implementations, controllers };
}

/**
 * A route that redirects to https, attached through one parentRef to HTTP and HTTPS listeners
 * alike (no sectionName or port picks the HTTP one): on the HTTPS listener it redirects https
 * requests to themselves, a loop browsers give up on.
 */
function redirectLoop(route: RouteResource, parent: ParentStatus, env: ResolveEnv, findings: Finding[]): void {
  const { ref, owner } = parent;
  if (!owner || ref.sectionName || ref.port || parent.attachedTo.length < 2) return;
  const protocol = new Map(env.listenersOf(owner).map((s) => [s.listener.name, s.listener.protocol]));
  const https = parent.attachedTo.filter((n) => protocol.get(n) === 'HTTPS');
  const http = parent.attachedTo.filter((n) => protocol.get(n) === 'HTTP');
  if (https.length === 0 || http.length === 0) return;
  findings.push(
    finding(route, ref.path, ref.span, 'HTTPSRedirectLoop', { is: 'redirectLoop', route, ref, owner, https, http }),
  );
}

/**
 * The implementation of a parent two equally near definitions tie on (alternative Gateways in a
 * folder of examples), when both have it: which one is applied does not change what serves the
 * route's backends.
 */
function agreedImplementation(ref: ParentRef, route: RouteResource, env: ResolveEnv): Implementation | undefined {
  const found = env.reads.lookup(parentKey(ref), route);
  if (!found || !isUnresolved(found) || found.unresolved !== 'ambiguous') return undefined;
  const all = found.candidates.map((c) => env.rulesOf(c as ListenerOwner).implementation);
  const first = all[0];
  return first && all.every((i) => i?.profile === first.profile) ? first : undefined;
}

/** Mesh parents (a Service) and other kinds are not Gateway API listeners: not ours to judge. */
function isListenerParent(ref: ParentRef): boolean {
  return ref.group === GATEWAY_GROUP && (ref.kind === 'Gateway' || ref.kind === 'ListenerSet');
}

/** The listeners a parentRef's sectionName and port select. */
function selectedListeners(listeners: ListenerState[], ref: ParentRef): ListenerState[] {
  return listeners.filter(
    (s) =>
      (!ref.sectionName || s.listener.name === ref.sectionName.value) &&
      (!ref.port || s.listener.port === ref.port.value),
  );
}

function parentKey(ref: ParentRef): ObjectKey {
  return { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

function ownerOf(ref: ParentRef, route: RouteResource, reads: Reads): ListenerOwner | undefined {
  return reads.nearest(parentKey(ref), route) as ListenerOwner | undefined;
}

/** Each selected listener's verdict on a route, recomputed (analyses do not keep them). */
export function listenerVerdicts(route: RouteResource, ref: ParentRef, env: ResolveEnv): ListenerVerdict[] {
  if (!isListenerParent(ref)) return [];
  const owner = ownerOf(ref, route, env.reads);
  return owner
    ? selectedListeners(env.listenersOf(owner), ref).map((s) => admitToListener(route, owner, s, env.reads))
    : [];
}

/** Resolves the parentRefs of one route, each in the order rules.md R6.1 gives. */
class ParentResolver {
  /** `name|namespace|kind|sectionName` of each parentRef, built on first need (a did-you-mean check). */
  private taken: Set<string> | undefined;

  constructor(
    private readonly route: RouteResource,
    private readonly env: ResolveEnv,
    private readonly findings: Finding[],
    private readonly resolvedRefs: Condition,
  ) {}

  resolve(ref: ParentRef): ParentStatus | undefined {
    if (!isListenerParent(ref)) {
      // A Service parent is mesh (GAMMA) attachment, which the analysis does not model: say so.
      if (ref.group === CORE_GROUP && ref.kind === 'Service')
        this.report(ref, ref.span, 'NotAnalysed', { is: 'notAnalysed', what: 'meshParent', route: this.route, ref });
      return undefined;
    }
    const found = this.env.reads.lookup(parentKey(ref), this.route);
    if (isUnresolved(found)) {
      const code = found.unresolved === 'ambiguous' ? 'AmbiguousReference' : 'ParentNotInWorkspace';
      const f = this.report(ref, ref.span, code, { is: 'parentUnresolved', route: this.route, ref, unresolved: found });
      return this.status(ref, undefined, [], 'Unknown', code, f);
    }
    const owner = found as ListenerOwner | undefined;
    if (!owner) return this.missingParent(ref);
    const listeners = this.env.listenersOf(owner);
    if (listeners.length === 0) {
      return this.rejected(
        ref,
        owner,
        'NoMatchingParent',
        { is: 'ownerWithoutListeners', route: this.route, owner, ref },
        ref.span,
      );
    }
    const selected = selectedListeners(listeners, ref);
    if (selected.length === 0) return this.noListenerSelected(ref, owner, listeners);
    const verdicts = selected.map((s) => admitToListener(this.route, owner, s, this.env.reads));
    return this.judge(ref, owner, verdicts);
  }

  private missingParent(ref: ParentRef): ParentStatus {
    const { route, env } = this;
    // A route and a Gateway that set no namespace land wherever they are applied, together: a
    // parentRef naming a namespace finds that Gateway exactly when they are applied there (to
    // default, without -n), which no manifest says.
    if (isApplyTimeNamespace(route.key.namespace) && !isApplyTimeNamespace(ref.namespace)) {
      const parent = env.reads.nearest({ ...parentKey(ref), namespace: route.key.namespace }, route);
      if (parent) {
        const f = this.report(ref, ref.span, 'ApplyTimeNamespace', { is: 'parentApplyTime', route, ref, parent });
        return this.status(ref, undefined, [], 'Unknown', 'ApplyTimeNamespace', f);
      }
    }
    const placeholder = isPlaceholder(ref.name) || isPlaceholder(ref.namespace);
    const renderer = placeholder ? undefined : env.reads.rendererOf(ref.namespace);
    if (placeholder || renderer || !env.reads.manages(ref.group, ref.kind, ref.namespace, route)) {
      const why: Unmanaged = placeholder
        ? { why: 'placeholder' }
        : renderer
          ? { why: 'rendered', renderer }
          : unmanaged(env.reads, ref);
      const f = this.report(ref, ref.span, 'ParentNotInWorkspace', { is: 'parentNotInWorkspace', route, ref, ...why });
      return this.status(ref, undefined, [], 'Unknown', 'ParentNotInWorkspace', f);
    }
    const suggestion = closestName(ref.name, env.reads.names(ref.group, ref.kind, ref.namespace));
    const f = finding(route, ref.path, ref.nameSpan, 'ParentNotFound', {
      is: 'parentNotFound',
      route,
      ref,
      ...(suggestion !== undefined ? { didYouMean: suggestion } : {}),
    });
    // The rename is offered as a fix only if the route would then attach.
    const fixes =
      suggestion !== undefined && this.resolveQuietly({ ...ref, name: suggestion })?.accepted.status === 'True';
    this.findings.push(withSuggestion(f, ref.nameSpan, fixes ? suggestion : undefined));
    return this.status(ref, undefined, [], 'False', 'ParentNotFound', f);
  }

  private noListenerSelected(ref: ParentRef, owner: ListenerOwner, listeners: ListenerState[]): ParentStatus {
    const suggestion = ref.sectionName
      ? closestName(
          ref.sectionName.value,
          listeners.map((s) => s.listener.name),
        )
      : undefined;
    // The rename is offered only if that listener would take the route and no other parentRef names
    // it; otherwise the message names the closest listener without asking "did you mean" it.
    const target = listeners.find(
      (s) => s.listener.name === suggestion && (!ref.port || s.listener.port === ref.port.value),
    );
    const taken = suggestion !== undefined && this.takenBy(ref, suggestion);
    const attaches =
      target !== undefined && !taken && admitToListener(this.route, owner, target, this.env.reads).attached === 'true';
    const offered = ref.sectionName !== undefined && attaches;
    const f = finding(this.route, ref.path, ref.sectionName?.span ?? ref.port?.span ?? ref.span, 'NoMatchingParent', {
      is: 'noListenerSelected',
      route: this.route,
      owner,
      ref,
      ...(suggestion !== undefined ? (offered ? { didYouMean: suggestion } : { closestNotAttaching: suggestion }) : {}),
    });
    this.findings.push(offered ? withSuggestion(f, ref.sectionName!.span, suggestion) : f);
    return this.status(ref, owner, [], 'False', 'NoMatchingParent', f);
  }

  private judge(ref: ParentRef, owner: ListenerOwner, verdicts: ListenerVerdict[]): ParentStatus {
    const route = this.route;
    const attachedTo = verdicts.filter((v) => v.attached === 'true').map((v) => v.state.listener.name);
    if (attachedTo.length > 0) {
      const accepted = condition('Accepted', 'True', 'Accepted', { is: 'attached', owner, listeners: attachedTo });
      return { ref, owner, attachedTo, accepted, resolvedRefs: this.resolvedRefs };
    }
    const unknown = verdicts.find((v) => v.attached === 'unknown');
    if (unknown) {
      const undecided = verdicts.filter((v) => v.attached === 'unknown');
      const code = undecided.some((v) => v.namespace.applyTime)
        ? 'ApplyTimeNamespace'
        : undecided.some((v) => v.namespace.labelsUnknown)
          ? 'NamespaceLabelsUnknown'
          : 'ParentNotInWorkspace';
      const f = this.report(ref, ref.span, code, { is: 'admissionUnknown', route, owner, ref, verdicts });
      return this.status(ref, owner, [], 'Unknown', code, f);
    }
    const admitted = verdicts.some((v) => v.kind.result === 'true' && v.namespace.result === 'true');
    if (admitted) {
      const facts = { is: 'hostnamesDisjoint' as const, route, owner, ref, verdicts };
      return this.rejected(ref, owner, 'NoMatchingListenerHostname', facts, ref.span);
    }
    return this.rejected(
      ref,
      owner,
      'NotAllowedByListeners',
      { is: 'notAllowed', route, owner, ref, verdicts },
      ref.span,
    );
  }

  private rejected(
    ref: ParentRef,
    owner: ListenerOwner,
    code: 'NoMatchingParent' | 'NoMatchingListenerHostname' | 'NotAllowedByListeners',
    facts: Facts,
    span: ParentRef['span'],
  ): ParentStatus {
    const f = this.report(ref, span, code, facts);
    return this.status(ref, owner, [], 'False', code, f);
  }

  private report(ref: ParentRef, span: ParentRef['span'], code: Finding['code'], facts: Facts): Finding {
    const f = finding(this.route, ref.path, span, code, facts);
    this.findings.push(f);
    return f;
  }

  private status(
    ref: ParentRef,
    owner: ListenerOwner | undefined,
    attachedTo: string[],
    status: 'False' | 'Unknown',
    reason: string,
    f: Finding,
  ): ParentStatus {
    const parent: ParentStatus = {
      ref,
      attachedTo,
      accepted: condition('Accepted', status, reason, { is: 'finding', finding: f }),
      resolvedRefs: this.resolvedRefs,
    };
    if (owner) parent.owner = owner;
    return parent;
  }

  /** What `ref` would resolve to, without reporting findings (did-you-mean checks). */
  private resolveQuietly(ref: ParentRef): ParentStatus | undefined {
    return new ParentResolver(this.route, this.env, [], this.resolvedRefs).resolve(ref);
  }

  /** Whether another parentRef of the route already names `sectionName` of the same parent. */
  private takenBy(ref: ParentRef, sectionName: string): boolean {
    if (!this.taken) {
      this.taken = new Set();
      for (const o of this.route.parentRefs) {
        if (o.sectionName) this.taken.add(`${o.name}|${o.namespace}|${o.kind}|${o.sectionName.value}`);
      }
    }
    return this.taken.has(`${ref.name}|${ref.namespace}|${ref.kind}|${sectionName}`);
  }
}
