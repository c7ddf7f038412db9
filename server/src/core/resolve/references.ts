// The reference ladder: one order of checks for every reference to another object — route
// backendRefs (RequestMirror ones included), listener certificateRefs, the Gateway's backend client
// certificate and client-validation CA references. Permission comes before existence, so a denied
// reference never reveals whether its target exists (rules.md R7.8); a reference into a namespace the
// workspace does not contain is unknown, not false. What differs by role is data: the kinds a role
// accepts (checked before permission for backends, as controllers report InvalidKind first), the
// codes it fails with, and what makes an existing target unusable.

import type { Code } from '../codes.js';
import type { BackendRef, GroupKind, ObjectRef, Resource } from '../model/resource.js';
import { CORE_GROUP } from '../model/resource.js';
import type { AnalysisOptions } from '../options.js';
import type { Reads } from '../index/workspaceIndex.js';
import type { Finding, ReferenceProblem, ReferenceRole, ReferringResource } from './findings.js';
import { finding, withSuggestion } from './findings.js';
import type { Permission } from './referencePolicy.js';
import { findTarget, permission, referrerOf } from './referencePolicy.js';
import type { Implementation } from './implementation.js';
import { backendKindVerdict } from './implementation.js';
import type { BackendKind, ImplementationProfile } from '../profiles/index.js';
import { profilesAcceptingBackend } from '../profiles/index.js';

/**
 * A resolved reference: ok with its target, or the outcome (a code, or unknown) and its finding.
 * `acceptedBy`: the implementation profile whose accepted backend kinds include the reference's kind.
 */
export type RefResult = { ref: ObjectRef; permission?: Permission; target?: Resource; acceptedBy?: AcceptedKind } & (
  { outcome: 'ok' } | { outcome: Code | 'unknown'; finding: Finding }
);

/** A backend kind outside the spec's that an implementation's profile accepts. */
export interface AcceptedKind {
  profile: ImplementationProfile;
  entry: BackendKind;
}

/** Whether a reference may name its kind: `unknown` when no one here can tell. */
type KindJudgement =
  /**
   * `fetches`: what the implementation looks up for it — the core Service for a group it reads as
   * the core group (`core`), its own kind for one it resolves by kind alone.
   */
  | { is: 'accepted'; by?: AcceptedKind; fetches?: GroupKind }
  | { is: 'rejected'; by?: ImplementationProfile[] }
  /** `servedBy`: known implementations that resolve the kind (the route's own is not known). */
  | {
      is: 'unknown';
      servedBy?: readonly ImplementationProfile[];
      /** The route's implementation accepts the kind when so configured. */
      configurableBy?: { profile: ImplementationProfile; requires: string };
    };

interface Rung {
  /** The kinds a reference in this role may name, and whether that is checked before permission. */
  acceptsKind(ref: ObjectRef, ctx: LadderContext): KindJudgement;
  kindFirst: boolean;
  kindCode: Code;
  missingCode: Code;
  /** Whether an existing target can serve; undefined when it can. */
  content?(target: Resource): 'missing' | 'malformed' | undefined;
  /** Where a missing target's finding goes: the name, or the reference as a whole. */
  missingOnName: boolean;
  /** Whether a did-you-mean name may be offered as a fix, given the target it would name. */
  suggestionWorks?(reads: Reads, referrer: Resource, ref: ObjectRef, name: string): boolean;
  /** References that ReferenceGrants do not govern (policy targets are local, or implementation-specific). */
  ungranted?: boolean;
}

const SERVICE_IMPORT = { group: 'multicluster.x-k8s.io', kind: 'ServiceImport' };
const CORE_SERVICE = { group: CORE_GROUP, kind: 'Service' };

const usableSecret = (target: Resource | undefined) =>
  target?.shape === 'Secret' && (target.tls === 'valid' || target.tls === 'external');

const secretContent = (target: Resource) =>
  target.shape === 'Secret' && (target.tls === 'missing' || target.tls === 'malformed') ? target.tls : undefined;

const isCoreKind = (ref: ObjectRef, kind: string) => ref.group === CORE_GROUP && ref.kind === kind;

const judged = (ok: boolean): KindJudgement => (ok ? { is: 'accepted' } : { is: 'rejected' });

/**
 * A backend kind: a Service, or a kind the options name, always; else what the profiles of the
 * route's parents say (one accepting is enough; all must reject for an error that names them);
 * without a profile that decides, the spec's answer — ServiceImport, and `unknown` for a kind the
 * workspace defines, since an implementation that is not known here may well serve it.
 */
function judgeBackendKind(ref: ObjectRef, ctx: LadderContext): KindJudgement {
  if (isCoreKind(ref, 'Service') || ctx.options.backendKinds.some((k) => k.group === ref.group && k.kind === ref.kind))
    return { is: 'accepted' };
  const implementations = ctx.implementations ?? [];
  const rejecters: ImplementationProfile[] = [];
  let undecided = implementations.length === 0;
  for (const impl of implementations) {
    const verdict = impl ? backendKindVerdict(impl.profile, ref, ctx.routeKind ?? '') : { is: 'unknown' as const };
    if (verdict.is === 'accepted') {
      const { entry } = verdict;
      if (entry.group === '' && entry.kind === 'Service') return { is: 'accepted', fetches: CORE_SERVICE };
      const fetches = entry.fetches ? { fetches: entry.fetches } : {};
      const spec = ref.group === SERVICE_IMPORT.group && ref.kind === SERVICE_IMPORT.kind;
      return spec
        ? { is: 'accepted', ...fetches }
        : { is: 'accepted', by: { profile: verdict.profile, entry }, ...fetches };
    }
    if (verdict.is === 'rejected') {
      // A kind the workspace uses may be one the implementation is configured to accept.
      const configurable = verdict.profile.backendKinds.configurable;
      if (configurable && ctx.reads.definesKind(ref.group, ref.kind))
        return { is: 'unknown', configurableBy: { profile: verdict.profile, requires: configurable.requires } };
      if (!rejecters.includes(verdict.profile)) rejecters.push(verdict.profile);
    } else undecided = true;
  }
  if (!undecided) return { is: 'rejected', by: rejecters };
  if (ref.group === SERVICE_IMPORT.group && ref.kind === SERVICE_IMPORT.kind) return { is: 'accepted' };
  if (ctx.reads.definesKind(ref.group, ref.kind)) return { is: 'unknown' };
  // A kind of the controller's own API group (`acme.io/gateway-controller` and `acme.io`) is one
  // the implementation defines for itself: it may well serve it.
  // In a complete workspace the controller is a conforming one that would say InvalidKind.
  const own = !ctx.options.complete && ctx.controllers?.some((c) => ownGroup(c, ref.group));
  if (own) return { is: 'unknown' };
  // A kind some known implementation resolves (Envoy Gateway's Backend, the group-less ServiceImport
  // of AWS's controller) may well be served by the one this route's parents have, which is not known.
  const servedBy = ctx.options.complete ? [] : profilesAcceptingBackend(ref.group, ref.kind);
  return servedBy.length > 0 ? { is: 'unknown', servedBy } : { is: 'rejected' };
}

/**
 * A grant naming the kind the reference gives or the one the implementation fetches for it: which
 * of the two an implementation matches grants against is not documented, so either permits.
 */
function permitted(reads: Reads, referrer: Resource, ref: ObjectRef, lookup: ObjectRef): Permission {
  const asFetched = permission(reads, referrerOf(referrer), lookup);
  if (lookup === ref || asFetched.result !== 'denied') return asFetched;
  const asWritten = permission(reads, referrerOf(referrer), ref);
  return asWritten.result === 'denied' ? asFetched : asWritten;
}

const RUNGS: Record<ReferenceRole, Rung> = {
  backend: {
    acceptsKind: judgeBackendKind,
    kindFirst: true,
    kindCode: 'InvalidKind',
    missingCode: 'BackendNotFound',
    missingOnName: true,
    // The rename is offered only where it would be permitted as well.
    suggestionWorks: (reads, referrer, ref, name) => {
      const renamed = permission(reads, referrerOf(referrer), { ...ref, name });
      return renamed.result !== 'denied' && renamed.result !== 'unknown';
    },
  },
  certificate: {
    acceptsKind: (ref) => judged(isCoreKind(ref, 'Secret')),
    kindFirst: false,
    kindCode: 'InvalidCertificateRef',
    missingCode: 'InvalidCertificateRef',
    content: secretContent,
    missingOnName: true,
    suggestionWorks: (reads, referrer, ref, name) => usableSecret(reads.nearest({ ...ref, name }, referrer)),
  },
  clientCertificate: {
    acceptsKind: (ref) => judged(isCoreKind(ref, 'Secret')),
    kindFirst: false,
    kindCode: 'InvalidClientCertificateRef',
    missingCode: 'InvalidClientCertificateRef',
    content: secretContent,
    missingOnName: true,
    suggestionWorks: (reads, referrer, ref, name) => usableSecret(reads.nearest({ ...ref, name }, referrer)),
  },
  caCertificate: {
    acceptsKind: (ref) => judged(isCoreKind(ref, 'ConfigMap')),
    kindFirst: false,
    kindCode: 'InvalidCACertificateKind',
    missingCode: 'InvalidCACertificateRef',
    content: (target) =>
      target.shape === 'ConfigMap' && target.caCertificate !== 'valid' && target.caCertificate !== 'external'
        ? target.caCertificate
        : undefined,
    missingOnName: false,
  },
  policyTarget: {
    acceptsKind: () => ({ is: 'accepted' }),
    kindFirst: false,
    kindCode: 'PolicyTargetNotFound',
    missingCode: 'PolicyTargetNotFound',
    missingOnName: true,
    suggestionWorks: (reads, referrer, ref, name) => reads.nearest({ ...ref, name }, referrer) !== undefined,
    ungranted: true,
  },
  // BackendTLSPolicy's validation.caCertificateRefs: a kind other than ConfigMap is `InvalidKind`
  // (BackendTLSValidation.CACertificateRefs), not the listener's InvalidCACertificateKind.
  backendCACertificate: {
    // Other kinds are implementation-specific (BackendTLSValidation.CACertificateRefs): unknown,
    // unless the workspace is the whole cluster, where a conforming controller's InvalidKind holds.
    acceptsKind: (ref, ctx) =>
      isCoreKind(ref, 'ConfigMap') ? { is: 'accepted' } : ctx.options.complete ? { is: 'rejected' } : { is: 'unknown' },
    kindFirst: false,
    kindCode: 'InvalidKind',
    missingCode: 'InvalidCACertificateRef',
    content: (target) =>
      target.shape === 'ConfigMap' && target.caCertificate !== 'valid' && target.caCertificate !== 'external'
        ? target.caCertificate
        : undefined,
    missingOnName: true,
    suggestionWorks: (reads, referrer, ref, name) => {
      const t = reads.nearest({ ...ref, name }, referrer);
      return t?.shape === 'ConfigMap' && (t.caCertificate === 'valid' || t.caCertificate === 'external');
    },
    ungranted: true,
  },
};

export interface LadderContext {
  reads: Reads;
  options: AnalysisOptions;
  findings: Finding[];
  /** For backendRefs: the implementation of each parent the route names (undefined: no profile). */
  implementations?: readonly (Implementation | undefined)[];
  /** For backendRefs: the route's kind, for backend kinds an implementation accepts on some routes only. */
  routeKind?: string;
  /** For backendRefs: the controllerNames of the parents' GatewayClasses in the workspace. */
  controllers?: readonly string[];
  /** For a listener's certificateRefs: a policy that has cert-manager issue its certificates. */
  issuedBy?: Resource;
}

/** Resolves one reference of `referrer` in its role, adding a finding when it does not resolve. */
export function resolveReference(
  referrer: ReferringResource,
  ref: ObjectRef | BackendRef,
  role: ReferenceRole,
  ctx: LadderContext,
  usedBy?: string[],
): RefResult {
  const rung = RUNGS[role];
  const fail = (
    outcome: Code | 'unknown',
    code: Code,
    problem: ReferenceProblem,
    perm?: Permission,
    target?: Resource,
  ) => {
    const onName = problem.is === 'missing' && rung.missingOnName;
    const f = finding(referrer, ref.path, onName ? ref.nameSpan : ref.span, code, {
      is: 'reference',
      role,
      referrer,
      ref,
      problem,
      ...(usedBy ? { usedBy } : {}),
    });
    ctx.findings.push(f);
    const result: Extract<RefResult, { finding: Finding }> = { ref, outcome, finding: f };
    if (perm) result.permission = perm;
    if (target) result.target = target;
    return result;
  };
  const kind = rung.acceptsKind(ref, ctx);
  const kindOk = kind.is === 'accepted';
  const kindProblem: ReferenceProblem =
    kind.is === 'rejected' && kind.by?.length ? { is: 'kind', rejectedBy: kind.by } : { is: 'kind' };
  if (kind.is === 'unknown')
    return fail('unknown', 'ImplementationSpecificKind', {
      is: 'kindUnknown',
      ...(kind.servedBy ? { servedBy: kind.servedBy.map((p) => p.name) } : {}),
      ...(kind.configurableBy
        ? { configurableBy: { name: kind.configurableBy.profile.name, requires: kind.configurableBy.requires } }
        : {}),
    });
  // What the implementation looks up: `group: core` is the core group where it is read so.
  const lookup = kind.is === 'accepted' && kind.fetches ? { ...ref, ...kind.fetches } : ref;
  if (rung.kindFirst && !kindOk) return fail(rung.kindCode, rung.kindCode, kindProblem);
  const perm: Permission = rung.ungranted ? { result: 'same-namespace' } : permitted(ctx.reads, referrer, ref, lookup);
  if (perm.result === 'denied') {
    // A controller must not reveal whether the target exists (rules.md R7.8); a manifest author may know.
    const targetMissing = role === 'backend' && findTarget(ctx.reads, lookup, referrer).result === 'missing';
    const problem = { is: 'notPermitted' as const, nearMisses: perm.nearMisses, targetMissing };
    return fail('RefNotPermitted', 'RefNotPermitted', problem, perm);
  }
  if (!kindOk) return fail(rung.kindCode, rung.kindCode, kindProblem, perm);
  let existence = findTarget(ctx.reads, lookup, referrer);
  // Definitions that tie but serve alike — one TLS Secret that a cert-manager Certificate and an
  // ExternalSecret both produce — leave no doubt about the verdict: any of them answers.
  const tie = existence.result === 'unresolved' ? existence.unresolved : undefined;
  if (tie?.unresolved === 'ambiguous' && rung.content && tie.candidates.every((c) => !rung.content!(c)))
    existence = { result: 'found', target: tie.candidates[0]! };
  switch (existence.result) {
    case 'unknown': {
      const { result: _, ...unmanaged } = existence;
      return fail('unknown', 'ReferenceNotInWorkspace', { is: 'notInWorkspace', ...unmanaged }, perm);
    }
    case 'unresolved': {
      const code = existence.unresolved.unresolved === 'ambiguous' ? 'AmbiguousReference' : 'ReferenceNotInWorkspace';
      return fail('unknown', code, { is: 'unresolved', unresolved: existence.unresolved }, perm);
    }
    case 'missing': {
      if (ctx.issuedBy)
        return fail('unknown', 'ReferenceNotInWorkspace', {
          is: 'notInWorkspace',
          why: 'issued',
          issuer: ctx.issuedBy,
        });
      const name = existence.suggestion;
      const problem: ReferenceProblem = name === undefined ? { is: 'missing' } : { is: 'missing', didYouMean: name };
      const affixes = referrer.nameAffixes;
      const renamed = affixes && `${affixes.prefix}${ref.name}${affixes.suffix}`;
      const renamedTarget = renamed ? ctx.reads.nearest({ ...lookup, name: renamed }, referrer) : undefined;
      if (renamedTarget?.nameHashed) problem.hashed = { name: renamedTarget.key.name, generator: renamedTarget };
      else if (renamedTarget) problem.renamedTo = renamed;
      const result = fail(rung.missingCode, rung.missingCode, problem, perm);
      const fixName = problem.renamedTo ?? name;
      if (fixName !== undefined && rung.suggestionWorks?.(ctx.reads, referrer, lookup, fixName))
        withSuggestion(result.finding, ref.nameSpan, fixName);
      return result;
    }
    case 'found': {
      const found = existence.target;
      if (found.nameHashed) {
        const problem = { is: 'missing' as const, hashed: { name: found.key.name, generator: found } };
        return fail(rung.missingCode, rung.missingCode, problem, perm, found);
      }
      if (perm.result === 'unknown')
        return fail('unknown', 'ApplyTimeNamespace', { is: 'permissionUnknown' }, perm, found);
      const content = rung.content?.(found);
      if (content) return fail(rung.missingCode, rung.missingCode, { is: 'content', content }, perm, found);
      const ok: RefResult = { ref, outcome: 'ok', permission: perm, target: found };
      if (kind.is === 'accepted' && kind.by) ok.acceptedBy = kind.by;
      return ok;
    }
  }
}

/** Whether `group` is the domain of a controllerName (`domain/path`). */
function ownGroup(controllerName: string, group: string): boolean {
  const slash = controllerName.indexOf('/');
  return slash > 0 && group === controllerName.slice(0, slash);
}
