// Home of the attachment codes: a parentRef whose parent is missing (ParentNotFound) or outside
// the workspace (ParentNotInWorkspace), selects no listener (NoMatchingParent), is not admitted by
// any selected listener (NotAllowedByListeners), matches no listener hostname
// (NoMatchingListenerHostname) or depends on labels of a namespace without a manifest
// (NamespaceLabelsUnknown); and a ListenerSet its Gateway does not admit (NotAllowedByGateway).
// Fixes extend the listener's allowedRoutes or label the route's namespace.

import { isApplyTimeNamespace } from '../../model/placement.js';
import { describeResource, namespaceText, qualifiedName } from '../../model/resource.js';
import type { ListenerVerdict } from '../../resolve/admission.js';
import type { Finding } from '../../resolve/findings.js';
import { allowedRoutesFixes } from '../fixes/allowedRoutes.js';
import type { Fix } from '../fixes/change.js';
import { labelNamespaceFix } from '../fixes/namespaceLabel.js';
import {
  admissionUnknownText,
  apartText,
  describeRenderer,
  ATTACHMENT_UNKNOWN,
  didYouMean,
  kindCheckText,
  listenerSetParentText,
  namespaceCheckText,
  unresolvedCandidates,
  unresolvedText,
} from '../wording.js';
import type { DiagnosticHome, RelatedLocation } from './home.js';

export const attachmentHome: DiagnosticHome = {
  codes: [
    'ParentNotFound',
    'ParentNotInWorkspace',
    'NoMatchingParent',
    'NotAllowedByListeners',
    'NoMatchingListenerHostname',
    'NamespaceLabelsUnknown',
    'NotAllowedByGateway',
  ],
  fixtures: [
    'unknown/parent-not-found',
    'unknown/parent-namespace-not-in-workspace',
    'listener-selection/section-name-not-found',
    'allowed-routes/selector-match-labels',
    'hostnames/wildcard-listener',
    'unknown/selector-labels-unknown',
    'listener-sets/default-not-allowed',
  ],

  message(f) {
    switch (f.is) {
      case 'parentNotInWorkspace': {
        const parent = `${f.ref.kind} ${qualifiedName(f.ref)}`;
        if (f.why === 'placeholder')
          return `${parent} is a template placeholder, filled in when the manifest is rendered, so whether this route attaches is unknown.`;
        if (f.why === 'rendered')
          return `${parent} is not in the workspace; ${describeRenderer(f.renderer)} renders into namespace ${namespaceText(f.ref.namespace)}, so whether this route attaches is unknown.`;
        if (f.apart)
          return `${parent} is not in the workspace; ${apartText(f.ref)}, so whether this route attaches is unknown.`;
        return f.namespaceKnown
          ? `${parent} is not in the workspace, which defines no ${f.ref.kind} in namespace ${namespaceText(f.ref.namespace)}, so whether this route attaches is unknown.`
          : `${parent} is not in the workspace (nothing in namespace ${namespaceText(f.ref.namespace)} is), so whether this route attaches is unknown.`;
      }
      case 'parentUnresolved':
        return `${unresolvedText(f.ref, f.unresolved)}${ATTACHMENT_UNKNOWN}`;
      case 'parentNotFound':
        return `${f.ref.kind} ${qualifiedName(f.ref)} does not exist in the workspace; no controller will write status for this parentRef.${didYouMean(f.didYouMean)}`;
      case 'ownerWithoutListeners':
        return `${describeResource(f.owner)} has no listeners, so no route can attach to it.`;
      case 'noListenerSelected': {
        const { ref } = f;
        const wanted = [
          ref.sectionName && `sectionName "${ref.sectionName.value}"`,
          ref.port && `port ${ref.port.value}`,
        ]
          .filter(Boolean)
          .join(' and ');
        const available = f.owner.listeners.map((l) => `"${l.name}" (port ${l.port ?? '?'})`).join(', ') || 'none';
        const closest = f.closestNotAttaching
          ? ` The closest name, "${f.closestNotAttaching}", would not attach this route either.`
          : didYouMean(f.didYouMean);
        return `${describeResource(f.owner)} has no listener with ${wanted}; its listeners are ${available}.${closest}`;
      }
      case 'admissionUnknown':
        return admissionUnknownText(f);
      case 'hostnamesDisjoint': {
        const routeHosts = f.route.hostnames.map((h) => h.value).join(', ');
        const listenerHosts = admitted(f.verdicts)
          .map((v) => `"${v.state.listener.name}" ${v.state.listener.hostname?.value ?? '(any)'}`)
          .join(', ');
        // A solver route's hostname is the challenge domain: the parentRef or the solver must change.
        const fix = f.solverRoute
          ? 'Point the parentRef at a listener that serves the domain, or validate it with another solver.'
          : "Use a hostname the listener serves, or drop the route's hostnames.";
        return `No listener of ${describeResource(f.owner)} that admits this route matches its hostnames (${routeHosts}); listener hostnames: ${listenerHosts}. ${fix}`;
      }
      case 'notAllowed': {
        const reasons = f.verdicts.map(
          (v) =>
            `listener "${v.state.listener.name}" ${v.kind.result === 'false' ? kindCheckText(v, f.route.routeKind) : namespaceCheckText(v.namespace)}`,
        );
        const nsVerdict = f.verdicts.find((v) => v.namespace.result === 'false' && v.kind.result !== 'false');
        const selector =
          nsVerdict?.state.listener.allowedRoutes.from === 'Selector' ? ' selector or label the namespace' : '';
        const fixHint = nsVerdict
          ? ` To fix, admit ${isApplyTimeNamespace(f.route.key.namespace) ? "the route's namespace" : `namespace ${f.route.key.namespace}`} in the listener's allowedRoutes${selector}.`
          : '';
        return `Not allowed by any listener of ${describeResource(f.owner)}: ${reasons.join(' ')}${fixHint}`;
      }
      case 'listenerSetParent':
        return listenerSetParentText(f);
      default:
        return '';
    }
  },

  related(f) {
    switch (f.is) {
      case 'parentUnresolved':
        return unresolvedCandidates(f.unresolved);
      case 'ownerWithoutListeners':
      case 'noListenerSelected':
        return [{ fileId: f.owner.fileId, span: f.owner.headSpan, message: describeResource(f.owner) }];
      case 'admissionUnknown':
        return listenersOf(f);
      case 'hostnamesDisjoint': {
        const hostnames = f.route.hostnamesSpan;
        return hostnames
          ? [...listenersOf(f), { fileId: f.route.fileId, span: hostnames, message: 'route hostnames' }]
          : listenersOf(f);
      }
      case 'notAllowed': {
        const ns = f.verdicts.find((v) => v.namespace.namespace)?.namespace.namespace;
        const namespace = ns
          ? [{ fileId: ns.fileId, span: ns.headSpan, message: `Namespace ${f.route.key.namespace}` }]
          : [];
        return [...listenersOf(f), ...namespace];
      }
      default:
        return [];
    }
  },

  fixes(ctx, _analysis, f, options) {
    if (f.is !== 'notAllowed' && f.is !== 'admissionUnknown') return [];
    const fixes: Fix[] = [];
    const code = f.code;
    for (const v of f.verdicts) {
      if (code === 'NotAllowedByListeners') fixes.push(...allowedRoutesFixes(ctx, f.route, f.owner, v, f.subject));
      const allowed = v.state.listener.allowedRoutes;
      const selector = allowed.from === 'Selector' ? allowed.selector : undefined; // ignored otherwise
      const failing = code === 'NotAllowedByListeners' ? v.namespace.result === 'false' : v.namespace.labelsUnknown;
      if (selector && v.kind.result === 'true' && v.hostname.result === 'true' && failing) {
        const manifest = v.namespace.namespace;
        const fix = labelNamespaceFix(
          ctx,
          selector,
          f.route.key.namespace,
          manifest,
          f.route.fileId,
          code,
          f.subject,
          options,
        );
        if (fix) fixes.push(fix);
      }
    }
    return fixes;
  },
};

function admitted(verdicts: readonly ListenerVerdict[]): ListenerVerdict[] {
  return verdicts.filter((v) => v.kind.result === 'true' && v.namespace.result === 'true');
}

/** Each selected listener, for findings about what the listeners of a parent decided. */
function listenersOf(f: Extract<Finding, { verdicts: ListenerVerdict[] }>): RelatedLocation[] {
  return f.verdicts.map((v) => ({
    fileId: f.owner.fileId,
    span: v.state.listener.nameSpan,
    message: `listener "${v.state.listener.name}"`,
  }));
}
