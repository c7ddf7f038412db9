// Home of the listener codes: a listener the controller rejects (UnsupportedProtocol,
// UnsupportedValue) or that conflicts with another on its port (ProtocolConflict,
// HostnameConflict), `allowedRoutes.kinds` the protocol cannot carry (InvalidRouteKinds), a listener
// open to every namespace (AllNamespacesAllowed), and selectors that admit nothing (MissingSelector,
// InvalidSelector) on listeners or on a Gateway's allowedListeners, and TLS listeners on one port
// whose hostnames overlap (OverlappingTLSConfig: information, since `*.example.com` next to
// `foo.example.com` is a common, valid setup).

import { groupKindString } from '../../model/resource.js';
import { describeSelector, groupKinds, quotedNames, rejectionText, selectorProblemsText } from '../wording.js';
import type { DiagnosticHome } from './home.js';

export const listenersHome: DiagnosticHome = {
  codes: [
    'UnsupportedProtocol',
    'UnsupportedValue',
    'ProtocolConflict',
    'HostnameConflict',
    'InvalidRouteKinds',
    'AllNamespacesAllowed',
    'MissingSelector',
    'InvalidSelector',
    'OverlappingTLSConfig',
  ],
  fixtures: [
    'gateway/unsupported-protocol',
    'gateway/tls-terminate-unsupported',
    'gateway/protocol-conflict',
    'gateway/hostname-conflict',
    'allowed-routes/kinds-invalid-kind',
    'allowed-routes/from-all',
    'allowed-routes/selector-missing',
    'allowed-routes/selector-invalid',
    'gateway/overlapping-tls-hostnames',
  ],

  message(f, place) {
    switch (f.is) {
      case 'tlsOverlap': {
        const l = f.listener;
        const own = l.hostname ? `Hostname ${l.hostname.value}` : 'Without a hostname, this listener';
        const s = f.overlaps.length > 1 ? 's' : '';
        const overlap = `${own} overlaps listener${s} ${quotedNames(f.overlaps)} on port ${l.port ?? '?'}`;
        if (place === 'status') return `${overlap}.`;
        return `${overlap}: a client reusing one HTTP/2 connection for both names may send requests meant for one to the other (which should answer 421 Misdirected Request). Often intended; if their certificates or routes must stay apart, use different ports.`;
      }
      case 'listenerRejected':
        return `${rejectionText(f.rejection, f.listener)} Routes cannot attach to this listener.`;
      case 'invalidRouteKind': {
        const valid = groupKinds(f.supported);
        const listener = f.servedBy
          ? `${f.listener.protocol} listener of ${f.servedBy}`
          : `${f.listener.protocol} listener`;
        return `A ${listener} cannot carry ${groupKindString(f.kind)}${valid ? `; it supports ${valid}` : ''}.`;
      }
      case 'allNamespaces':
        return `Listener "${f.listener.name}" admits routes from every namespace: in a shared cluster any team can attach a route to it. Prefer \`from: Selector\` with the namespaces that should attach.`;
      case 'missingSelector':
        return f.listener
          ? `Listener "${f.listener.name}" uses \`from: Selector\` without \`selector\`, so it admits no namespace.`
          : '`allowedListeners` uses `from: Selector` without `selector`, so it admits no ListenerSet.';
      case 'invalidSelector': {
        const problems = selectorProblemsText(f.problems);
        return f.listener
          ? `The selector (${describeSelector(f.selector)}) is invalid: ${problems}. It admits no namespace.`
          : `The allowedListeners selector (${describeSelector(f.selector)}) is invalid: ${problems}. It admits no ListenerSet.`;
      }
      default:
        return '';
    }
  },

  related(f) {
    if (f.is === 'tlsOverlap') {
      const { owner } = f;
      return f.overlaps.flatMap((name) => {
        const other = owner.listeners.find((x) => x.name === name);
        const hostname = other?.hostname;
        return other
          ? [{ fileId: owner.fileId, span: hostname?.span ?? other.nameSpan, message: `listener "${name}"` }]
          : [];
      });
    }
    if (f.is !== 'listenerRejected' || !('conflictsWith' in f.rejection)) return [];
    const { owner } = f;
    return f.rejection.conflictsWith.flatMap((name) => {
      const other = owner.listeners.find((x) => x.name === name);
      return other ? [{ fileId: owner.fileId, span: other.nameSpan, message: `listener "${name}"` }] : [];
    });
  },
};
