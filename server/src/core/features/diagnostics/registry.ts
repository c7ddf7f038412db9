// Every diagnostic home, and the lookups built on them: which home owns a code, a finding's
// message and related locations, and the words of a status condition (whose message is often a
// finding's). Front ends and other features word findings only through here.

import type { Code } from '../../codes.js';
import type { QueryContext } from '../../query/context.js';
import type { Condition } from '../../resolve/conditions.js';
import type { Finding } from '../../resolve/findings.js';
import { listenerSetAdmissionText, groupKinds, quotedNames, rejectionText, solverRouteText } from '../wording.js';
import { describeResource } from '../../model/resource.js';
import { flatCopy } from '../../strings.js';
import { admissionHome } from './admission.js';
import { attachmentHome } from './attachment.js';
import { duplicatesHome } from './duplicates.js';
import { grantsHome } from './grants.js';
import { kustomizeHome } from './kustomize.js';
import type { DiagnosticHome, MessagePlace, RelatedLocation } from './home.js';
import { listenersHome } from './listeners.js';
import { manifestHome } from './manifest.js';
import { notAnalysedHome } from './notAnalysed.js';
import { parametersHome } from './parameters.js';
import { placementHome } from './placement.js';
import { policiesHome } from './policies.js';
import { redirectsHome } from './redirects.js';
import { referencesHome } from './references.js';
import { routeKindsHome } from './routeKinds.js';
import { yaml11Home } from './yaml11.js';

export const HOMES: readonly DiagnosticHome[] = [
  attachmentHome,
  redirectsHome,
  routeKindsHome,
  referencesHome,
  listenersHome,
  parametersHome,
  policiesHome,
  placementHome,
  grantsHome,
  duplicatesHome,
  manifestHome,
  notAnalysedHome,
  admissionHome,
  yaml11Home,
  kustomizeHome,
];

const byCode = new Map<Code, DiagnosticHome>();
for (const home of HOMES) for (const code of home.codes) byCode.set(code, home);

export function homeOf(code: Code): DiagnosticHome | undefined {
  return byCode.get(code);
}

/** Messages already worded, per finding: a diagnostic and its status condition share one string. */
const worded = { diagnostic: new WeakMap<Finding, string>(), status: new WeakMap<Finding, string>() };

export function messageOf(f: Finding, place: MessagePlace = 'diagnostic'): string {
  let text = worded[place].get(f);
  if (text === undefined) {
    // Flat: a template's result is a tree of its parts, several times the size of the text.
    const message = homeOf(f.code)?.message(f, place) ?? '';
    // A solver route's finding is the route's, said of the route cert-manager would create.
    text = flatCopy(f.solverRoute ? solverRouteText(f.solverRoute, message) : message);
    const other = worded[place === 'diagnostic' ? 'status' : 'diagnostic'].get(f);
    if (other === text) text = other;
    worded[place].set(f, text);
  }
  return text;
}

export function relatedOf(f: Finding, ctx: QueryContext): RelatedLocation[] {
  return homeOf(f.code)?.related?.(f, ctx) ?? [];
}

/** A condition's message in words, as a controller would write it into status. */
export function conditionText(c: Condition): string {
  const m = c.message;
  if (typeof m === 'string') return m;
  switch (m.is) {
    case 'finding': {
      const more = m.moreInvalid ? ` (${m.moreInvalid} more invalid reference${m.moreInvalid > 1 ? 's' : ''})` : '';
      return `${messageOf(m.finding, 'status')}${more}`;
    }
    case 'attached':
      return `Attached to ${describeResource(m.owner)} via listener${m.listeners.length > 1 ? 's' : ''} ${quotedNames(m.listeners)}.`;
    case 'listenersNotValid':
      return `Listener${m.listeners.length > 1 ? 's' : ''} ${quotedNames(m.listeners)} not valid.`;
    case 'unsupportedKinds':
      return `Unsupported route kinds: ${groupKinds(m.kinds)}.`;
    case 'listenerRejected':
      return rejectionText(m.rejection, {
        name: m.listener,
        protocol: m.protocol,
        ...(m.port !== undefined ? { port: m.port } : {}),
      });
    case 'listenerSet':
      return listenerSetAdmissionText(m.admission);
    case 'noValidCACertificate':
      return `None of the CA certificates for client validation on port ${m.port} can be used.`;
    case 'implementationSpecific':
      return `Protocol ${m.protocol} is implementation-specific.`;
    case 'notProgrammed':
      return `Not programmed: ${m.cause.type} is False (${m.cause.reason}).`;
  }
}
