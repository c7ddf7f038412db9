// A policy's own verdicts (rules.md §15): each targetRef must name an object (and a Service port,
// when it has a sectionName); a BackendTLSPolicy's CA references must name ConfigMaps with
// `ca.crt` in its namespace, and where two BackendTLSPolicies target the same Service and
// sectionName, the older one wins and the other is `Accepted: False` (Conflicted). Which Gateways
// the policy is reported against (its ancestors) depends on the routes that reach the Service; the
// status report derives them from the routes' analyses (features/status.ts), not here.

import type { PolicyResource, PolicyTargetRef } from '../model/resource.js';
import { CORE_GROUP, isBackendTLSPolicy, qualifiedName } from '../model/resource.js';
import type { Condition } from './conditions.js';
import { condition, resolvedRefsCondition } from './conditions.js';
import type { Finding } from './findings.js';
import { finding } from './findings.js';
import type { RefResult } from './references.js';
import { resolveReference } from './references.js';
import type { ResolveEnv } from './routeStatus.js';

export type TargetResult = RefResult & { ref: PolicyTargetRef };

export interface PolicyStatus {
  policy: PolicyResource;
  targets: TargetResult[];
  caCertificateRefs: RefResult[];
  /** A BackendTLSPolicy's conditions, the same towards every ancestor. */
  conditions?: [accepted: Condition, resolvedRefs: Condition];
}

export function resolvePolicy(policy: PolicyResource, env: ResolveEnv): { status: PolicyStatus; findings: Finding[] } {
  const findings: Finding[] = [];
  const ladder = { reads: env.reads, options: env.options, findings };
  const targets = policy.targetRefs.map((ref): TargetResult => {
    const result = resolveReference(policy, ref, 'policyTarget', ladder);
    const service = result.outcome === 'ok' ? result.target : undefined;
    if (
      ref.sectionName &&
      service?.shape === 'Service' &&
      !service.ports.some((p) => p.name === ref.sectionName!.value)
    ) {
      // A sectionName the target lacks: the policy must fail to attach (PolicyTargetReference.SectionName).
      const f = finding(policy, `${ref.path}.sectionName`, ref.sectionName.span, 'PolicyTargetNotFound', {
        is: 'policySection',
        policy,
        ref,
        service,
      });
      findings.push(f);
      return { ref, outcome: 'PolicyTargetNotFound', finding: f, target: service };
    }
    return { ...result, ref };
  });
  const status: PolicyStatus = { policy, targets, caCertificateRefs: [] };
  if (!isBackendTLSPolicy(policy)) return { status, findings };
  status.caCertificateRefs = policy.caCertificateRefs.map((ref) =>
    resolveReference(policy, ref, 'backendCACertificate', ladder),
  );
  const conflict = firstConflict(policy, targets, env, findings);
  const cas = status.caCertificateRefs;
  const resolvedRefs = resolvedRefsCondition(cas, 'All references resolved.');
  let accepted: Condition;
  if (conflict) accepted = condition('Accepted', 'False', 'Conflicted', { is: 'finding', finding: conflict });
  else if (cas.length > 0 && cas.every((c) => c.outcome !== 'ok' && c.outcome !== 'unknown'))
    // Every CA reference is invalid (BackendTLSValidation.CACertificateRefs).
    accepted = condition(
      'Accepted',
      'False',
      'NoValidCACertificate',
      'None of the CA certificate references can be used to validate the backend.',
    );
  else if (cas.length > 0 && cas.every((c) => c.outcome !== 'ok'))
    // No usable reference is known, and some may be: acceptance depends on what the workspace lacks.
    accepted = condition(
      'Accepted',
      'Unknown',
      'Pending',
      'Whether a CA certificate reference can be used depends on the implementation or on objects outside the workspace.',
    );
  else accepted = condition('Accepted', 'True', 'Accepted', 'Policy accepted.');
  status.conditions = [accepted, resolvedRefs];
  return { status, findings };
}

/**
 * The first target on which an older BackendTLSPolicy with the same sectionName (or none) takes
 * precedence, reported on this policy's targetRef. Precedence (BackendTLSPolicySpec.TargetRefs):
 * the older creationTimestamp, then `namespace/name`; manifests rarely carry a creationTimestamp,
 * so without both the order is alphabetical (rules.md R14.6).
 */
function firstConflict(
  policy: PolicyResource,
  targets: TargetResult[],
  env: ResolveEnv,
  findings: Finding[],
): Finding | undefined {
  for (const { ref, target } of targets) {
    if (!target || ref.group !== CORE_GROUP || ref.kind !== 'Service') continue;
    const section = ref.sectionName?.value;
    const winner = env.reads
      .policiesTargeting(ref)
      .filter(
        (other) =>
          other !== policy &&
          isBackendTLSPolicy(other) &&
          // Only the definition this policy's folder sees (another environment's copy is another cluster).
          env.reads.nearest(other.key, policy) === other &&
          other.targetRefs.some((t) => sameTarget(t, ref) && t.sectionName?.value === section) &&
          precedes(other, policy),
      )
      .sort((a, b) => (precedes(a, b) ? -1 : 1))[0];
    if (!winner) continue;
    const f = finding(policy, ref.path, ref.span, 'Conflicted', { is: 'policyConflict', policy, ref, winner });
    findings.push(f);
    return f;
  }
  return undefined;
}

function sameTarget(a: PolicyTargetRef, b: PolicyTargetRef): boolean {
  return a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

/** Whether policy `a` takes precedence over `b`. */
function precedes(a: PolicyResource, b: PolicyResource): boolean {
  if (a.created !== undefined && b.created !== undefined && a.created !== b.created) return a.created < b.created;
  return qualifiedName(a.key) < qualifiedName(b.key);
}
