// Status conditions in the Gateway API's shape. `Unknown` is what the analysis writes when the
// workspace does not hold what the answer depends on; its reasons are ours and documented.

import { intern } from '../model/reader.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

export function condition(type: string, status: ConditionStatus, reason: string, message: string): Condition {
  return { type, status, reason, message: intern(message) };
}

/** A reference's outcome: 'ok', 'unknown' (outside the workspace) or the reason it is invalid; a message unless ok. */
interface RefOutcome {
  outcome: string;
  message?: string;
}

/**
 * ResolvedRefs over references in document order (RULES R8.3–R8.4): the first invalid one decides
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
  if (first) {
    const more =
      countMore && invalid.length > 1
        ? ` (${invalid.length - 1} more invalid reference${invalid.length > 2 ? 's' : ''})`
        : '';
    return condition('ResolvedRefs', 'False', first.outcome, `${first.message ?? ''}${more}`);
  }
  const unknown = results.find((r) => r.outcome === 'unknown');
  if (unknown) return condition('ResolvedRefs', 'Unknown', 'ReferenceNotInWorkspace', unknown.message ?? '');
  return condition('ResolvedRefs', 'True', 'ResolvedRefs', whenResolved);
}

/** `Programmed` as far as a static analysis can tell: Accepted and ResolvedRefs both True (RULES R9.5). */
export function programmed(accepted: Condition, resolvedRefs: Condition): Condition {
  if (accepted.status === 'False' || resolvedRefs.status === 'False') {
    const cause = accepted.status === 'False' ? accepted : resolvedRefs;
    // A conflicted listener reports the conflict reason on Programmed too (RULES R9.4).
    const reason =
      cause.reason === 'HostnameConflict' || cause.reason === 'ProtocolConflict' ? cause.reason : 'Invalid';
    return condition('Programmed', 'False', reason, `Not programmed: ${cause.type} is False (${cause.reason}).`);
  }
  if (accepted.status === 'Unknown' || resolvedRefs.status === 'Unknown') {
    return condition('Programmed', 'Unknown', 'Pending', 'Depends on objects outside the workspace.');
  }
  return condition(
    'Programmed',
    'True',
    'Programmed',
    'Accepted with all references resolved (static check; no data plane involved).',
  );
}
