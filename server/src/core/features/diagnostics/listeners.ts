// Home of the listener codes: a listener the controller rejects (UnsupportedProtocol,
// UnsupportedValue) or that conflicts with another on its port (ProtocolConflict,
// HostnameConflict), `allowedRoutes.kinds` the protocol cannot carry (InvalidRouteKinds), a listener
// open to every namespace (AllNamespacesAllowed), and selectors that admit nothing (MissingSelector,
// InvalidSelector) on listeners or on a Gateway's allowedListeners.

import { groupKindString } from '../../model/resource.js';
import { describeSelector, groupKinds, rejectionText, selectorProblemsText } from '../wording.js';
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
  ],

  message(f) {
    switch (f.is) {
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
    if (f.is !== 'listenerRejected' || !('conflictsWith' in f.rejection)) return [];
    const { owner } = f;
    return f.rejection.conflictsWith.flatMap((name) => {
      const other = owner.listeners.find((x) => x.name === name);
      return other ? [{ fileId: owner.fileId, span: other.nameSpan, message: `listener "${name}"` }] : [];
    });
  },
};
