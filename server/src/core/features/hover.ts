// Hovers that explain: on a parentRef, each selected listener's verdict on kind, namespace and
// hostname; on a backendRef or certificateRef, the target and the ReferenceGrant that permits it
// (or why none does), and the BackendTLSPolicies on a Service backend; on a policy's targetRef, its
// target, conditions and ancestors; on a listener, its admission policy in words and its attached
// routes; on a ReferenceGrant entry, the references it permits. Markdown, with links to involved
// objects.

import type { Code } from '../codes.js';
import type { GatewayResource, ListenerOwner, ObjectKey, Resource, RouteResource } from '../model/resource.js';
import { GATEWAY_GROUP, describeResource, groupKindString, namespaceText, qualifiedName } from '../model/resource.js';
import { latestReport } from '../profiles/index.js';
import { experimentalOnly } from '../admission/catalog.js';
import type { QueryContext } from '../query/context.js';
import type { ListenerVerdict } from '../resolve/admission.js';
import { grantedBy, outgoingRefs } from '../resolve/analyze.js';
import type { Condition } from '../resolve/conditions.js';
import type { ListenerStatus } from '../resolve/gatewayStatus.js';
import type { Referrer } from '../resolve/referencePolicy.js';
import { grantAllowsReferrer, grantAllowsTarget, referrerOf } from '../resolve/referencePolicy.js';
import type { RefResult } from '../resolve/references.js';
import { conditionText, messageOf } from './diagnostics/registry.js';
import { routeKindClashes } from '../query/routeClashes.js';
import { listenerHostnames } from '../query/routeHostnames.js';
import { policyAncestors } from '../query/policyAncestors.js';
import {
  capped,
  describeSelector,
  hostnameCheckText,
  kindCheckText,
  namespaceCheckText,
  namespaceLabels,
  nearMissText,
} from './wording.js';
import type { Span } from '../syntax/tree.js';
import type { Position, Range } from '../text/lineIndex.js';
import type { Element } from './elements.js';
import { elementAt } from './elements.js';

/** Turns a location into a link target the client can open, or undefined for plain text. */
export type LinkTarget = (fileId: string, range: Range) => string | undefined;

/** Turns a diagnostic code into a link to its section of docs/diagnostics.md, or undefined for plain text. */
export type DocTarget = (code: Code) => string | undefined;

/** How many items a hover lists before "and N more": near-miss grants, then longer lists. */
const NEAR_MISSES_SHOWN = 3;
const ITEMS_SHOWN = 10;

export interface Hover {
  markdown: string;
  range: Range;
}

export function hover(
  ctx: QueryContext,
  fileId: string,
  position: Position,
  linkTarget: LinkTarget = () => undefined,
  docTarget: DocTarget = () => undefined,
): Hover | undefined {
  const model = ctx.model(fileId);
  if (!model) return undefined;
  const element = elementAt(model, model.lineIndex.offset(position));
  if (!element) return undefined;
  const markdown = render(new Writer(ctx, linkTarget, docTarget), element);
  if (!markdown) return undefined;
  return { markdown, range: model.lineIndex.range(element.span.start, element.span.end) };
}

class Writer {
  constructor(
    readonly ctx: QueryContext,
    private readonly target: LinkTarget,
    private readonly docTarget: DocTarget,
  ) {}

  /** A code's documentation section, linked when the client can open it. */
  doc(code: Code): string {
    const label = `${code} in docs/diagnostics.md`;
    const t = this.docTarget(code);
    return t ? `[${label}](${t})` : label;
  }

  /** One bullet per item, the first `max`, then "… and N more" (with where to read on, if given). */
  bullets(items: readonly string[], max: number, more = ''): string[] {
    const lines = items.slice(0, max).map((i) => `- ${i}`);
    if (items.length > max) lines.push(`- … and ${items.length - max} more${more}`);
    return lines;
  }

  link(label: string, fileId: string, span: Span): string {
    const lines = this.ctx.lineIndex(fileId);
    const t = lines ? this.target(fileId, lines.range(span.start, span.end)) : undefined;
    return t ? `[${label}](${t})` : label;
  }

  resource(r: Resource, label = describeResource(r)): string {
    // An analysis may hold an earlier version of an object an edit did not make it re-resolve.
    const current = this.ctx.resource(r.id) ?? r;
    return this.link(label, current.fileId, current.headSpan);
  }
}

function render(w: Writer, e: Element): string | undefined {
  switch (e.kind) {
    case 'parentRef':
      return parentRefHover(w, e);
    case 'solverParentRef':
      return solverParentRefHover(w, e);
    case 'backendRef': {
      const b = w.ctx.analysis(e.resource.id)?.route?.backends.find((x) => x.ref === e.ref);
      if (!b) return undefined;
      const via =
        e.ref.via === 'mirror'
          ? 'RequestMirror backendRef'
          : e.ref.via === 'externalAuth'
            ? 'ExternalAuth backendRef'
            : 'backendRef';
      const portText = e.ref.port ? `, port ${e.ref.port.value}` : '';
      const title = `${via} → ${groupKindString(e.ref)} ${qualifiedName(e.ref)}${portText}`;
      const hover = referenceHover(w, title, b, b.target, referrerOf(e.resource));
      const withPolicies = b.target?.shape === 'Service' ? `${hover}${backendTLSLines(w, b.target)}` : hover;
      const profileLine = backendKindLine(b);
      return profileLine ? `${withPolicies}\n\n${profileLine}` : withPolicies;
    }
    case 'routeHostname':
      return routeHostnameHover(w, e);
    case 'policyTargetRef':
      return policyTargetHover(w, e);
    case 'policyCaCertificateRef': {
      const r = w.ctx.analysis(e.resource.id)?.policy?.caCertificateRefs.find((x) => x.ref === e.ref);
      if (!r) return undefined;
      const title = `caCertificateRef → ${groupKindString(e.ref)} ${qualifiedName(e.ref)}`;
      const { permission: _, ...local } = r;
      return referenceHover(w, title, local, r.target, referrerOf(e.resource));
    }
    case 'certificateRef': {
      const status = ownerListeners(w, e.resource)?.find((l) => l.listener === e.listener);
      const r = status?.certificateRefs.find((x) => x.ref === e.ref);
      if (!r) return undefined;
      const target = w.ctx.analysis(e.resource.id) ? findResource(w, e.ref, e.resource.fileId) : undefined;
      const title = `certificateRef → ${groupKindString(e.ref)} ${qualifiedName(e.ref)}`;
      return referenceHover(w, title, r, target, referrerOf(e.resource));
    }
    case 'caCertificateRef': {
      const status = w.ctx.analysis(e.resource.id)?.gateway;
      const r = status?.listeners.flatMap((l) => l.caCertificateRefs).find((x) => x.ref === e.ref);
      if (!r)
        return `CA certificate reference → ${groupKindString(e.ref)} ${qualifiedName(e.ref)} (not used by any HTTPS listener on a matching port).`;
      const title = `caCertificateRef → ${groupKindString(e.ref)} ${qualifiedName(e.ref)}`;
      return referenceHover(w, title, r, findResource(w, e.ref, e.resource.fileId), referrerOf(e.resource));
    }
    case 'listener':
      return listenerHover(w, e);
    case 'grantFrom':
    case 'grantTo':
      return grantEntryHover(w, e);
    case 'object':
      return objectHover(w, e.resource);
    case 'listenerSetParent': {
      const status = w.ctx.analysis(e.resource.id)?.listenerSet;
      if (!status) return undefined;
      return `**ListenerSet ${qualifiedName(e.resource.key)} → Gateway ${qualifiedName(e.ref)}**\n\n${conditionsLine(status.conditions)}\n\n${status.conditions[0] ? conditionText(status.conditions[0]) : ''}`;
    }
    case 'gatewayClassName':
      return implementationHover(w, e.resource, e.name);
    case 'parametersRef': {
      const found = w.ctx.analysis(e.resource.id)
        ? findResource(
            w,
            { group: e.ref.group, kind: e.ref.kind, namespace: e.resource.key.namespace, name: e.ref.name },
            e.resource.fileId,
          )
        : undefined;
      return found
        ? `**infrastructure.parametersRef** → ${w.resource(found)}`
        : `**infrastructure.parametersRef** → ${groupKindString(e.ref)} "${e.ref.name}" is not in namespace ${e.resource.key.namespace} in the workspace (InvalidParameters).`;
    }
  }
}

/** Which implementation profile judges the Gateway, how it was chosen, and where its facts come from. */
function implementationHover(w: Writer, gateway: GatewayResource, className: string): string {
  const rules = w.ctx.rulesOf(gateway);
  const impl = rules.implementation;
  const title = `**gatewayClassName \`${className}\`**`;
  if (!impl) {
    const gatewayClass = w.ctx.nearest(
      { group: GATEWAY_GROUP, kind: 'GatewayClass', namespace: '', name: className },
      gateway.fileId,
    );
    const controller = gatewayClass?.shape === 'GatewayClass' ? gatewayClass.controllerName : undefined;
    const why = controller
      ? `controller \`${controller}\` has no implementation profile`
      : `no GatewayClass "${className}" in the workspace, and no implementation installs a class of that name`;
    return `${title}\n\nNo implementation profile (${why}): the spec's own rules apply.`;
  }
  const { profile, choice } = impl;
  let via: string;
  let source: string | undefined;
  switch (choice.by) {
    case 'controllerName':
      via = `${w.resource(choice.gatewayClass)} names controller \`${choice.controllerName}\``;
      source = profile.controllerNames.find((c) => c.name === choice.controllerName)?.source;
      break;
    case 'className':
      via = `${profile.name} installs or documents a class of this name`;
      source = profile.classNames.find(
        (c) => c.name === className || (c.name.endsWith('*') && className.startsWith(c.name.slice(0, -1))),
      )?.source;
      break;
    case 'option':
      via = 'set by the implementation setting or flag';
      break;
  }
  const report = latestReport(profile);
  const lines = [
    title,
    '',
    `Judged by the **${profile.name}** profile: ${via}${source ? ` ([source](${source}))` : ''}.`,
  ];
  if (report)
    lines.push(
      '',
      `Features from its ${report.implementationVersion} conformance report (Gateway API ${report.gatewayAPIVersion}).`,
    );
  return lines.join('\n');
}

/** For a backend kind an implementation accepts: which profile said so, and its source. */
function backendKindLine(b: RefResult): string | undefined {
  if (b.acceptedBy) {
    const { profile, entry } = b.acceptedBy;
    const needs = entry.requires ? ` It needs ${entry.requires}.` : '';
    return `${groupKindString(entry)} is a backend kind of the **${profile.name}** profile ([source](${entry.source})).${needs}`;
  }
  if (b.outcome !== 'ok' && b.finding.is === 'reference' && b.finding.problem.is === 'kind') {
    const sources = (b.finding.problem.rejectedBy ?? []).flatMap((p) =>
      p.backendKinds.othersRejected.known ? [`[${p.name}](${p.backendKinds.othersRejected.source})`] : [],
    );
    if (sources.length > 0) return `Profiles that reject it: ${sources.join(', ')}.`;
  }
  return undefined;
}

function parentRefHover(w: Writer, e: Extract<Element, { kind: 'parentRef' }>): string | undefined {
  const parent = w.ctx.analysis(e.resource.id)?.route?.parents.find((p) => p.ref === e.ref);
  const target = `${e.ref.kind} ${qualifiedName(e.ref)}`;
  if (!parent)
    return `**parentRef → ${target}**\n\nNot analysed: parents of kind ${groupKindString(e.ref)} are not Gateway API listeners.`;
  const title = parent.owner ? w.resource(parent.owner, target) : target;
  const lines = [`**${e.resource.routeKind} → ${title}**`, '', conditionsLine([parent.accepted, parent.resolvedRefs])];
  const verdicts = w.ctx.listenerVerdicts(e.resource, e.ref);
  if (verdicts.length === 0) {
    lines.push('', conditionText(parent.accepted));
    return lines.join('\n');
  }
  const filter = [
    e.ref.sectionName && `sectionName "${e.ref.sectionName.value}"`,
    e.ref.port && `port ${e.ref.port.value}`,
  ]
    .filter(Boolean)
    .join(' and ');
  if (filter) lines.push('', `Listeners selected by ${filter}:`);
  for (const v of verdicts) lines.push('', ...verdictLines(w, parent.owner!, v, e.resource.routeKind));
  const clashes = routeKindClashes(w.ctx, e.resource).filter((f) => f.is === 'routeKindClash' && f.ref === e.ref);
  if (clashes.length > 0)
    lines.push(
      '',
      ...w.bullets(
        clashes.map((f) => `⚠ ${messageOf(f)}`),
        ITEMS_SHOWN,
      ),
    );
  return lines.join('\n');
}

/** Where a route hostname is answered (narrowed to each listener's), and what shares it there. */
function routeHostnameHover(w: Writer, e: Extract<Element, { kind: 'routeHostname' }>): string | undefined {
  const a = w.ctx.analysis(e.resource.id);
  if (!a) return undefined;
  const lines = [`**hostname \`${e.resource.hostnames[e.index]!.value}\`** of ${w.resource(e.resource)}`];
  const answered = listenerHostnames(a).filter((h) => h.index === e.index);
  lines.push(
    '',
    answered.length === 0
      ? 'Answered on no listener: no accepted parent has a listener whose hostname it intersects.'
      : `Answered on ${answered
          .map((h) => {
            const listener = h.owner.listeners.find((l) => l.name === h.listener);
            const name = listener
              ? w.link(`listener \`${h.listener}\``, h.owner.fileId, listener.nameSpan)
              : `listener \`${h.listener}\``;
            return `${name} of ${w.resource(h.owner)} (as ${h.hostname ?? 'every hostname'})`;
          })
          .join(', ')}.`,
  );
  const clashes = routeKindClashes(w.ctx, e.resource).filter((f) => f.span.start === e.span.start);
  if (clashes.length > 0) lines.push('', ...clashes.map((f) => `⚠ ${messageOf(f)}`));
  return lines.join('\n');
}

/**
 * On a cert-manager solver's parentRef: the HTTPRoutes cert-manager creates with it, what they
 * report, and the listeners' verdicts on the first one.
 */
function solverParentRefHover(w: Writer, e: Extract<Element, { kind: 'solverParentRef' }>): string {
  const issuer = e.resource;
  const cluster = issuer.key.kind === 'ClusterIssuer';
  const gateway = e.ref.namespace === '' ? `${e.ref.kind} ${e.ref.name}` : `${e.ref.kind} ${qualifiedName(e.ref)}`;
  const owner = e.ref.namespace === '' ? undefined : w.ctx.nearest(e.ref, issuer.fileId);
  const where = cluster
    ? 'in the namespace of the Certificate it is for (a parentRef without `namespace` names a Gateway there)'
    : `in the Issuer's namespace ${namespaceText(issuer.key.namespace)}`;
  const lines = [
    `**HTTP-01 solver route → ${owner ? w.resource(owner, gateway) : gateway}**`,
    '',
    `For each HTTP-01 challenge, cert-manager creates an HTTPRoute ${where}, with these parentRefs, the challenge domain as its one hostname, and a Service of its own as the backend. It is checked as any route is.`,
  ];
  const routes = w.ctx.solverRoutes(issuer, e.solver).filter((r) => r.parentRefs.some((p) => p.path === e.ref.path));
  const domains = routes.flatMap((r) => r.hostnames.map((h) => `${h.value} (namespace ${r.key.namespace})`));
  lines.push(
    '',
    domains.length > 0
      ? "Challenges of the workspace's Certificates:"
      : "No Certificate in the workspace takes this solver, so the challenge domains (the route's hostnames) are not checked.",
  );
  if (domains.length > 0) lines.push(...w.bullets(domains, ITEMS_SHOWN));
  if (routes.length === 0) {
    lines.push('', "The Gateway it names depends on the Certificate's namespace: unknown.");
    return lines.join('\n');
  }
  const findings = (w.ctx.analysis(issuer.id)?.findings ?? []).filter(
    (f) => f.solverRoute && 'ref' in f && f.ref.path === e.ref.path,
  );
  lines.push('');
  // A ClusterIssuer's route in an unknown namespace reports nothing where admission depends on it.
  const attached = (r: RouteResource) =>
    w.ctx
      .listenerVerdicts(
        r,
        r.parentRefs.find((p) => p.path === e.ref.path)!,
      )
      .some((v) => v.attached === 'true');
  if (findings.length === 0)
    lines.push(
      routes.every(attached)
        ? '✓ The solver routes attach.'
        : '? Whether the listeners admit the route depends on the namespace of the Certificate: unknown.',
    );
  for (const f of findings)
    lines.push(`${f.solverRoute!.attaches === 'false' ? '✗' : '?'} ${messageOf(f)} (${w.doc(f.code)})`);
  const route = routes[0]!;
  const ref = route.parentRefs.find((p) => p.path === e.ref.path)!;
  const parent = w.ctx.nearest(ref, issuer.fileId);
  const verdicts = w.ctx.listenerVerdicts(route, ref);
  if (parent && (parent.shape === 'Gateway' || parent.shape === 'ListenerSet') && verdicts.length > 0) {
    const domain = route.hostnames[0] ? ` for ${route.hostnames[0].value}` : '';
    lines.push('', `Listeners, on the route${domain}:`);
    for (const v of verdicts) lines.push('', ...verdictLines(w, parent, v, 'HTTPRoute'));
  }
  return lines.join('\n');
}

function verdictLines(w: Writer, owner: ListenerOwner, v: ListenerVerdict, routeKind: string): string[] {
  const l = v.state.listener;
  const name = w.link(`listener \`${l.name}\``, owner.fileId, l.nameSpan);
  const result = v.attached === 'true' ? 'attached' : v.attached === 'false' ? 'not attached' : 'may attach (unknown)';
  const mark = (t: string) => (t === 'true' ? '✓' : t === 'false' ? '✗' : '?');
  const ns = v.namespace.namespace
    ? ` (${w.link(`Namespace ${v.namespace.namespace.key.name}`, v.namespace.namespace.fileId, v.namespace.namespace.headSpan)})`
    : '';
  return [
    `${name} (${l.protocol}, port ${l.port ?? '?'}${l.hostname ? `, ${l.hostname.value}` : ''}): **${result}**`,
    `- ${mark(v.kind.result)} kind: ${kindCheckText(v, routeKind)}`,
    `- ${mark(v.namespace.result)} namespaces: ${namespaceCheckText(v.namespace)}${ns}`,
    `- ${mark(v.hostname.result)} hostname: ${hostnameCheckText(v.hostname, routeKind)}`,
  ];
}

function referenceHover(
  w: Writer,
  title: string,
  result: RefResult,
  target: Resource | undefined,
  referrer: Referrer,
): string {
  const { ref, permission } = result;
  const lines = [`**${title}**`, ''];
  if (result.outcome === 'ok')
    lines.push(`Resolves to ${target ? w.resource(target) : `${groupKindString(ref)} ${qualifiedName(ref)}`}.`);
  else if (result.outcome === 'unknown') lines.push(`Unknown: ${messageOf(result.finding, 'status')}`);
  else lines.push(`✗ **${result.outcome}**: ${messageOf(result.finding, 'status')}`);
  if (target?.producedBy) lines.push('', `Created by ${w.resource(w.ctx.producerOf(target), target.producedBy)}.`);
  if (permission) {
    lines.push('');
    switch (permission.result) {
      case 'same-namespace':
        lines.push('Same namespace: no ReferenceGrant needed.');
        break;
      case 'granted':
        lines.push(
          `Permitted by ${permission.grants.map((g) => w.resource(g, `ReferenceGrant ${qualifiedName(g.key)}`)).join(', ')}.`,
        );
        break;
      case 'denied':
        lines.push(`No ReferenceGrant in namespace ${ref.namespace} permits this reference.`);
        // Near misses come closest first (see referencePolicy.ts); the rest is one link away.
        lines.push(
          ...w.bullets(
            permission.nearMisses.map(
              (m) =>
                `${w.resource(m.grant, `ReferenceGrant ${qualifiedName(m.grant.key)}`)}: ${nearMissText(m, referrer, ref, false)}`,
            ),
            NEAR_MISSES_SHOWN,
            ` (see ${w.doc('RefNotPermitted')})`,
          ),
        );
        break;
      case 'unknown':
        lines.push(`Namespace ${ref.namespace} is not in the workspace: its ReferenceGrants are unknown.`);
        break;
    }
  }
  return lines.join('\n');
}

function listenerHover(w: Writer, e: Extract<Element, { kind: 'listener' }>): string | undefined {
  const status = ownerListeners(w, e.resource)?.find((l) => l.listener === e.listener);
  if (!status) return undefined;
  const l = e.listener;
  const a = l.allowedRoutes;
  const kinds = status.state.supportedKinds.map(groupKindString).join(', ') || 'no route kinds';
  let policy: string;
  if (a.from === 'All') policy = 'from **every namespace** (`from: All`)';
  else if (a.from === 'Selector')
    policy = a.selector
      ? `from namespaces whose labels match \`${describeSelector(a.selector)}\``
      : 'from no namespace (`from: Selector` without a selector)';
  else if (a.from === 'Same')
    policy = `only from its own namespace, ${e.resource.key.namespace} (\`from: ${a.fromSpan ? 'Same' : 'Same`, the default'}\`)`;
  else policy = `from no namespace (\`from: ${a.from}\` is not valid)`;
  const routes = [...w.ctx.attachedRoutes(e.resource.id, l.name)]
    .map((id) => w.ctx.resource(id))
    .filter((r): r is Resource => r !== undefined);
  const lines = [
    `**Listener \`${l.name}\`** of ${w.resource(e.resource)} (${l.protocol}, port ${l.port ?? '?'}${l.hostname ? `, hostname ${l.hostname.value}` : ''})`,
    '',
    `Admits ${kinds} ${policy}.`,
  ];
  if (a.from === 'Selector' && a.selector) {
    const matching = w.ctx.namespacesMatching(a.selector, e.resource.fileId);
    lines.push('', `Namespaces in the workspace that match: ${matching.length > 0 ? matching.join(', ') : 'none'}.`);
  }
  lines.push('', conditionsLine(status.conditions));
  const overlap = status.conditions.find((c) => c.type === 'OverlappingTLSConfig');
  if (overlap && typeof overlap.message !== 'string' && overlap.message.is === 'finding')
    lines.push('', messageOf(overlap.message.finding));
  lines.push(
    '',
    routes.length === 0
      ? 'No routes attached.'
      : `Attached routes (${routes.length}): ${capped(
          routes.map((r) => w.resource(r)),
          ITEMS_SHOWN,
        )}`,
  );
  return lines.join('\n');
}

function grantEntryHover(w: Writer, e: Extract<Element, { kind: 'grantFrom' | 'grantTo' }>): string {
  const grant = e.resource;
  const entryText =
    e.kind === 'grantFrom'
      ? `from ${groupKindString(e.entry)} in namespace ${e.entry.namespace}`
      : `to ${e.entry.name ? `${groupKindString(e.entry)} "${e.entry.name}"` : `every ${groupKindString(e.entry)}`} in ${grant.key.namespace}`;
  const uses: string[] = [];
  for (const id of w.ctx.grantUsers(grant.id)) {
    const a = w.ctx.analysis(id);
    if (!a) continue;
    for (const { ref } of outgoingRefs(a).filter((x) => grantedBy(x.permission, grant.id))) {
      const referrer = referrerOf(a.resource);
      const matches =
        e.kind === 'grantFrom'
          ? grantAllowsReferrer({ ...grant, from: [e.entry] }, referrer)
          : grantAllowsTarget({ ...grant, to: [e.entry] }, ref);
      if (matches) uses.push(`${w.resource(a.resource)} → ${groupKindString(ref)} ${qualifiedName(ref)}`);
    }
  }
  const lines = [`**ReferenceGrant ${qualifiedName(grant.key)}**: ${entryText}`, ''];
  lines.push(
    uses.length === 0
      ? 'Permits no reference in the workspace.'
      : `Permits ${uses.length} reference${uses.length > 1 ? 's' : ''}:`,
  );
  lines.push(...w.bullets(uses, ITEMS_SHOWN));
  return lines.join('\n');
}

function objectHover(w: Writer, r: Resource): string | undefined {
  const a = w.ctx.analysis(r.id);
  const channel = inferredChannelNote(w, r);
  if (a?.route) {
    const lines = [`**${describeResource(r)}**`, ''];
    if (a.route.parents.length === 0) lines.push('No Gateway parentRefs.');
    for (const p of a.route.parents)
      lines.push(
        `- ${p.owner ? w.resource(p.owner) : `${p.ref.kind} ${qualifiedName(p.ref)}`}${p.ref.sectionName ? ` (sectionName ${p.ref.sectionName.value})` : ''}: ${conditionsLine([p.accepted, p.resolvedRefs])}`,
      );
    if (channel) lines.push('', channel);
    return lines.join('\n');
  }
  if (a?.gateway) {
    const lines = [`**${describeResource(r)}**: ${conditionsLine(a.gateway.conditions)}`, ''];
    for (const l of a.gateway.listeners)
      lines.push(
        `- listener \`${l.listener.name}\`: ${routesAttached(w.ctx.attachedRoutes(r.id, l.listener.name).size)}; ${conditionsLine(l.conditions)}`,
      );
    return lines.join('\n');
  }
  if (r.shape === 'Namespace') {
    const labels = namespaceLabels(r);
    return `**Namespace ${r.key.name}**\n\nLabels: ${labels.map((l) => `\`${l}\``).join(', ')}`;
  }
  return channel ? `**${describeResource(r)}**\n\n${channel}` : undefined;
}

/**
 * On an object that made the workspace's channel experimental (nothing else names it): why its
 * apiVersion and experimental fields are not reported. Said on the hover, never as a diagnostic.
 */
function inferredChannelNote(w: Writer, r: Resource): string | undefined {
  const slash = r.apiVersion.indexOf('/');
  if (slash < 0 || !experimentalOnly(r.key.group, r.key.kind, r.apiVersion.slice(slash + 1))) return undefined;
  if (w.ctx.channelSource !== 'objects') return undefined;
  return `Only the experimental channel serves ${r.key.kind} \`${r.apiVersion}\`: with no Gateway API CRDs in the workspace and no \`channel\` setting, objects are checked against the experimental CRDs.`;
}

/** On a targetRef: what it resolves to, the policy's conditions and the Gateways it is reported against. */
function policyTargetHover(w: Writer, e: Extract<Element, { kind: 'policyTargetRef' }>): string | undefined {
  const status = w.ctx.analysis(e.resource.id)?.policy;
  const result = status?.targets.find((x) => x.ref === e.ref);
  if (!status || !result) return undefined;
  const section = e.ref.sectionName ? `, port "${e.ref.sectionName.value}"` : '';
  const title = `${e.resource.key.kind} targetRef → ${groupKindString(e.ref)} ${qualifiedName(e.ref)}${section}`;
  // Policy targets are local: no ReferenceGrant is involved, so none is described.
  const { permission: _, ...local } = result;
  const lines = [referenceHover(w, title, local, result.target, referrerOf(e.resource))];
  if (!status.conditions) return lines[0];
  lines.push('', conditionsLine(status.conditions));
  for (const c of status.conditions) if (c.status !== 'True') lines.push('', conditionText(c));
  const ancestors = policyAncestors(w.ctx, status);
  lines.push(
    '',
    ancestors.length === 0
      ? 'No accepted route reaches this target through a Gateway: the policy has no ancestors (its status stays empty).'
      : 'Applies to connections from:',
  );
  lines.push(
    ...w.bullets(
      ancestors.map(
        (a) =>
          `${w.resource(a.owner)}, via ${capped(
            a.routes.map((r) => w.resource(r)),
            ITEMS_SHOWN,
          )}`,
      ),
      ITEMS_SHOWN,
    ),
  );
  return lines.join('\n');
}

/** On a backendRef to a Service: the BackendTLSPolicies that decide how the Gateway connects to it. */
function backendTLSLines(w: Writer, service: Resource): string {
  const policies = w.ctx.referrersOf(service.id).filter((a) => a.policy?.conditions);
  if (policies.length === 0) return '';
  const lines = ['', '', 'TLS to this backend:'];
  for (const a of policies) lines.push(`- ${w.resource(a.resource)}: ${conditionsLine(a.policy!.conditions!)}`);
  return lines.join('\n');
}

/** Conditions in one line; `Conflicted` only when a conflict exists. */
function conditionsLine(conditions: readonly Condition[]): string {
  return conditions
    .filter((c) => c.type !== 'Conflicted' || c.status !== 'False')
    .map((c) => `\`${c.type}: ${c.status}\`${c.status === 'True' && c.reason === c.type ? '' : ` (${c.reason})`}`)
    .join(' · ');
}

function ownerListeners(w: Writer, owner: Resource): ListenerStatus[] | undefined {
  const a = w.ctx.analysis(owner.id);
  return a?.gateway?.listeners ?? a?.listenerSet?.listeners;
}

function findResource(w: Writer, key: ObjectKey, fromFileId: string): Resource | undefined {
  return w.ctx.nearest(key, fromFileId);
}

/** "no routes attached", "1 route attached", "3 routes attached". */
function routesAttached(n: number): string {
  return n === 0 ? 'no routes attached' : `${n} route${n === 1 ? '' : 's'} attached`;
}
