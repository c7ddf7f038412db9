// Status conditions in the Gateway API's shape. A condition's message is a fixed text or the facts
// it reports (a finding, the listeners a route attached to, …), put into words only when a status
// report or hover asks (features/wording.ts). `Unknown` is what the analysis writes when the
// workspace does not hold what the answer depends on; its reasons are ours and documented.

import type { GroupKind, ListenerOwner } from '../model/resource.js';
import type { Finding } from './findings.js';
import type { ListenerRejection } from './listeners.js';
import type { ListenerSetAdmission } from './listenerSets.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export type ConditionMessage =
  | string
  /** The finding's message; `moreInvalid` counts further invalid references after it. */
  | { is: 'finding'; finding: Finding; moreInvalid?: number }
  | { is: 'attached'; owner: ListenerOwner; listeners: string[] }
  | { is: 'listenersNotValid'; listeners: string[] }
  | { is: 'unsupportedKinds'; kinds: GroupKind[] }
  | { is: 'listenerRejected'; rejection: ListenerRejection; listener: string; protocol: string; port?: number }
  | { is: 'listenerSet'; admission: ListenerSetAdmission }
  | { is: 'noValidCACertificate'; port?: number }
  | { is: 'implementationSpecific'; protocol: string }
  | { is: 'notProgrammed'; cause: Condition };

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: ConditionMessage;
}

export function condition(type: string, status: ConditionStatus, reason: string, message: ConditionMessage): Condition {
  return { type, status, reason, message };
}

/** A reference's outcome: 'ok', 'unknown' (outside the workspace) or the reason it is invalid, with its finding. */
interface RefOutcome {
  outcome: string;
  finding?: Finding;
}

/**
 * ResolvedRefs over references in document order (rules.md R8.3–R8.4): the first invalid one decides
 * (False, its outcome as the reason; `countMore` adds how many more are invalid), else one outside
 * the workspace makes it Unknown, else True with `whenResolved`.
 */
export function resolvedRefsCondition(
  results: readonly RefOutcome[],
  whenResolved: string,
  countMore = false,
): Condition {
  const invalid = results.filter((r) => r.outcome !== 'ok' && r.outcome !== 'unknown');
  const first = invalid[0];
  if (first?.finding) {
    const message: ConditionMessage = { is: 'finding', finding: first.finding };
    if (countMore && invalid.length > 1) message.moreInvalid = invalid.length - 1;
    return condition('ResolvedRefs', 'False', first.outcome, message);
  }
  const unknown = results.find((r) => r.outcome === 'unknown');
  if (unknown?.finding) {
    return condition('ResolvedRefs', 'Unknown', unknown.finding.code, { is: 'finding', finding: unknown.finding });
  }
  return condition('ResolvedRefs', 'True', 'ResolvedRefs', whenResolved);
}

/** `Programmed` as far as a static analysis can tell: Accepted and ResolvedRefs both True (rules.md R9.5). */
export function programmed(
  accepted: Condition,
  resolvedRefs: Condition,
  whenTrue = 'Accepted with all references resolved (static check; no data plane involved).',
): Condition {
  if (accepted.status === 'False' || resolvedRefs.status === 'False') {
    const cause = accepted.status === 'False' ? accepted : resolvedRefs;
    // A conflicted listener reports the conflict reason on Programmed too (rules.md R9.4).
    const reason =
      cause.reason === 'HostnameConflict' || cause.reason === 'ProtocolConflict' ? cause.reason : 'Invalid';
    return condition('Programmed', 'False', reason, { is: 'notProgrammed', cause });
  }
  if (accepted.status === 'Unknown' || resolvedRefs.status === 'Unknown') {
    return condition('Programmed', 'Unknown', 'Pending', 'Depends on objects outside the workspace.');
  }
  return condition('Programmed', 'True', 'Programmed', whenTrue);
}
