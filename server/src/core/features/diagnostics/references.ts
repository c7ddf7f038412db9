// Home of the reference codes: a backendRef, certificateRef, backend client certificate, CA
// reference (a listener's or a BackendTLSPolicy's) or policy target that is not permitted
// (RefNotPermitted), points outside the workspace (ReferenceNotInWorkspace), names a kind its role
// cannot use (InvalidKind, InvalidCertificateRef, InvalidClientCertificateRef,
// InvalidCACertificateKind), a missing object (BackendNotFound, …) or one that cannot serve (a
// Secret without a TLS pair, a ConfigMap without `ca.crt`); and a backend port the Service does not
// expose. RefNotPermitted is fixed by creating or extending a grant.

import { describeResource, groupKindString, namespaceText, qualifiedName } from '../../model/resource.js';
import type { Finding } from '../../resolve/findings.js';
import type { Unmanaged } from '../../resolve/referencePolicy.js';
import { referrerOf } from '../../resolve/referencePolicy.js';
import { referenceGrantFixes } from '../fixes/referenceGrant.js';
import { generatorHashFix } from '../fixes/generatorHash.js';
import {
  apartText,
  ATTACHMENT_UNKNOWN,
  didYouMean,
  nearMissText,
  notInWorkspace,
  unresolvedCandidates,
  unresolvedText,
} from '../wording.js';
import type { DiagnosticHome, MessagePlace, RelatedLocation } from './home.js';

type ReferenceFinding = Extract<Finding, { is: 'reference' }>;

export const referencesHome: DiagnosticHome = {
  codes: [
    'RefNotPermitted',
    'ReferenceNotInWorkspace',
    'AmbiguousReference',
    'BackendNotFound',
    'InvalidKind',
    'ImplementationSpecificKind',
    'InvalidCertificateRef',
    'InvalidClientCertificateRef',
    'InvalidCACertificateRef',
    'InvalidCACertificateKind',
    'ServicePortNotFound',
  ],
  fixtures: [
    'reference-grant/backend-ref-without-grant',
    'unknown/backend-namespace-not-in-workspace',
    'backends/backend-not-found',
    'backends/invalid-kind',
    'implementations/unknown-controller-workspace-kind',
    'gateway/certificate-ref-missing',
    'reference-grant/backend-client-certificate',
    'gateway/client-certificate-validation',
    'backends/service-port-not-found',
    'folders/duplicate-in-one-build',
  ],

  message(f, place) {
    if (f.is === 'parentUnresolved') return `${unresolvedText(f.ref, f.unresolved)}${ATTACHMENT_UNKNOWN}`;
    if (f.is === 'parametersUnknown') {
      const key = { group: f.ref.group, kind: f.ref.kind, namespace: f.namespace, name: f.ref.name };
      const e = f.existence;
      const why = e.result === 'unresolved' ? unresolvedText(key, e.unresolved) : notInWorkspace(key, e);
      return `infrastructure.parametersRef: ${why} Whether the Gateway is accepted depends on it.`;
    }
    if (f.is === 'servicePort') {
      const ports = f.service.ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ');
      // BackendObjectReference.Port is the Service port, not the target port: a common mix-up.
      const target = f.service.ports.find((p) => p.targetPort === f.port);
      const hint = target
        ? ` ${f.port} is the targetPort of port ${target.port}${target.name ? ` (${target.name})` : ''}: a backendRef names the Service port.`
        : '';
      return `Service ${qualifiedName(f.service.key)} does not expose port ${f.port}; its ports are ${ports}.${hint}`;
    }
    return f.is === 'reference' ? referenceMessage(f, place) : '';
  },

  related(f) {
    if (f.is === 'parentUnresolved') return unresolvedCandidates(f.unresolved);
    if (f.is === 'parametersUnknown' && f.existence.result === 'unresolved')
      return unresolvedCandidates(f.existence.unresolved);
    if (f.is === 'reference' && f.problem.is === 'unresolved') return unresolvedCandidates(f.problem.unresolved);
    if (f.is === 'servicePort') {
      const text = `Service ${qualifiedName(f.service.key)}`;
      return [{ fileId: f.service.fileId, span: f.service.headSpan, message: text }];
    }
    if (f.is !== 'reference' || f.role !== 'backend' || f.problem.is !== 'notPermitted') return [];
    const referrer = referrerOf(f.referrer);
    return f.problem.nearMisses.slice(0, 3).map((m): RelatedLocation => ({
      fileId: m.grant.fileId,
      span: m.grant.headSpan,
      message: nearMissText(m, referrer, f.ref),
    }));
  },

  fixes(ctx, _analysis, f, options) {
    if (f.is !== 'reference') return [];
    if (f.problem.is === 'missing' && f.problem.hashed) {
      const fix = generatorHashFix(ctx, f.problem.hashed.generator, f.code, f.subject);
      return fix ? [fix] : [];
    }
    if (f.code !== 'RefNotPermitted') return [];
    const { group, kind, namespace, name } = f.ref;
    return referenceGrantFixes(ctx, referrerOf(f.referrer), { group, kind, namespace, name }, f.subject, options);
  },
};

/** Implementation names, for a message: "Traefik", "Envoy Gateway and Istio". */
function names(profiles: readonly { name: string }[]): string {
  const all = profiles.map((p) => p.name);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)!}`;
}

function referenceMessage(f: ReferenceFinding, place: MessagePlace): string {
  const { ref, referrer, problem } = f;
  const target = `${groupKindString(ref)} ${qualifiedName(ref)}`;
  const who = describeResource(referrer);
  const from = `${referrer.key.kind} from ${referrer.key.namespace}`;
  const misses = problem.is === 'notPermitted' ? nearMisses(f) : '';
  switch (f.role) {
    case 'backend':
      switch (problem.is) {
        case 'kind':
          return problem.rejectedBy
            ? `${names(problem.rejectedBy)} does not accept ${groupKindString(ref)} as a backend${f.referrer.key.kind === 'HTTPRoute' ? '' : ` on a ${f.referrer.key.kind}`}: use a kind it accepts, such as a Service.`
            : `${groupKindString(ref)} is not a backend kind this analysis knows: use a Service, a ServiceImport (multicluster.x-k8s.io), or add the kind to the implementation-specific backend kinds setting.`;
        case 'kindUnknown':
          if (problem.configurableBy)
            return `${problem.configurableBy.name} accepts ${groupKindString(ref)} as a backend only when ${problem.configurableBy.requires} lists it, which is not in the workspace: unknown.`;
          return problem.servedBy
            ? `${groupKindString(ref)} is not a backend kind the spec defines; ${names(problem.servedBy.map((name) => ({ name })))} ${problem.servedBy.length === 1 ? 'resolves' : 'resolve'} it, and the implementation of this route's Gateway is not known: set it (setting or flag) to check the reference.`
            : `${groupKindString(ref)} is not a backend kind the spec defines, but the workspace or the Gateway's controller defines it and no known implementation here judges it: set the implementation (setting or flag) to check it.`;
        case 'notPermitted': {
          const wrong = `${who} may not reference ${target}: no ReferenceGrant in namespace ${ref.namespace} allows ${from}.`;
          if (place !== 'diagnostic') return wrong;
          const fix = problem.targetMissing
            ? ` ${target} is not in the workspace either: check the name before granting access.`
            : grantFixHint(f);
          return `${wrong}${misses}${fix}`;
        }
        case 'notInWorkspace':
          return notInWorkspace(ref, problem);
        case 'unresolved':
          return unresolvedText(ref, problem.unresolved);
        case 'missing':
          if (problem.hashed) return hashedByKustomize(target, problem.hashed.name);
          if (problem.renamedTo) return renamedByKustomize(target, problem.renamedTo);
          return `${target} does not exist in the workspace.${didYouMean(problem.didYouMean)}`;
        case 'content':
          return '';
      }
      break;
    case 'certificate':
    case 'clientCertificate':
      switch (problem.is) {
        case 'notPermitted': {
          const wrong = `${who} may not use ${target}: no ReferenceGrant in namespace ${ref.namespace} allows ${from} to reach it.`;
          return place === 'diagnostic' ? `${wrong}${misses}${grantFixHint(f)}` : wrong;
        }
        case 'notInWorkspace':
          return notInWorkspace(ref, problem);
        case 'unresolved':
          return unresolvedText(ref, problem.unresolved);
        case 'kind':
          return `${groupKindString(ref)} is not supported here; reference a core Secret (group "", kind Secret).`;
        case 'missing':
          if (problem.hashed) return hashedByKustomize(target, problem.hashed.name);
          if (problem.renamedTo) return renamedByKustomize(target, problem.renamedTo);
          return `${target} does not exist in the workspace (and no cert-manager Certificate creates it).${didYouMean(problem.didYouMean)}`;
        case 'content':
          return `${target} is not a usable TLS Secret: ${problem.content === 'missing' ? '`tls.crt` or `tls.key` is missing' : '`tls.crt`/`tls.key` do not hold a PEM certificate and private key'}.`;
      }
      break;
    case 'policyTarget':
      if (problem.is === 'notInWorkspace') return policyTargetUnknown(f, problem);
      if (problem.is === 'unresolved') return unresolvedText(ref, problem.unresolved);
      break;
    case 'backendCACertificate':
      switch (problem.is) {
        case 'kind':
          return `${groupKindString(ref)} cannot hold the CA certificate that validates the backend; reference a ConfigMap with \`ca.crt\` (InvalidKind).`;
        case 'kindUnknown':
          return `The spec defines only ConfigMap CA certificates; ${groupKindString(ref)} is implementation-specific, so whether it works depends on the implementation.`;
        case 'missing':
          if (problem.hashed) return hashedByKustomize(target, problem.hashed.name);
          return `${target} does not exist in the workspace; TLS connections to the backend will fail.${didYouMean(problem.didYouMean)}`;
        case 'content':
          return `${target} has no PEM certificate under \`ca.crt\`; TLS connections to the backend will fail.`;
        case 'notInWorkspace':
          return notInWorkspace(ref, problem);
        case 'unresolved':
          return unresolvedText(ref, problem.unresolved);
        default:
          return '';
      }
    case 'caCertificate': {
      if (problem.is === 'notInWorkspace') return notInWorkspace(ref, problem);
      if (problem.is === 'unresolved') return unresolvedText(ref, problem.unresolved);
      const usedBy = f.usedBy ?? [];
      const usage =
        place === 'diagnostic'
          ? ` Used by HTTPS listener${usedBy.length > 1 ? 's' : ''} ${usedBy.map((n) => `"${n}"`).join(', ')}, which cannot validate client certificates without a usable CA (NoValidCACertificate).`
          : '';
      switch (problem.is) {
        case 'notPermitted':
          return `${who} may not use ${target} for client validation: no ReferenceGrant in namespace ${ref.namespace} allows ${from} to reach it.${usage}`;
        case 'kind':
          return `${groupKindString(ref)} cannot hold CA certificates for client validation; reference a ConfigMap with \`ca.crt\`.${usage}`;
        case 'missing':
          if (problem.hashed) return `${hashedByKustomize(target, problem.hashed.name)}${usage}`;
          return `${target} does not exist in the workspace.${didYouMean(problem.didYouMean)}${usage}`;
        case 'content':
          return `${target} has no PEM certificate under \`ca.crt\`.${usage}`;
      }
    }
  }
  return '';
}

/** A policy target the workspace cannot show (no grant is involved): whether the policy attaches is unknown. */
function policyTargetUnknown(f: ReferenceFinding, why: Unmanaged): string {
  const text = `${groupKindString(f.ref)} ${qualifiedName(f.ref)}`;
  const unknown = `whether ${describeResource(f.referrer)} attaches is unknown`;
  if (why.why === 'unmanaged' && why.apart)
    return `${text} is not in the workspace; ${apartText(f.ref)}, so ${unknown}.`;
  if (why.why === 'unmanaged' && !why.namespaceKnown)
    return `${text} is in namespace ${namespaceText(f.ref.namespace)}, which the workspace does not contain, so ${unknown}.`;
  if (why.why === 'unmanaged')
    return `${text} is not in the workspace, which defines no ${groupKindString(f.ref)} in namespace ${namespaceText(f.ref.namespace)}: it may be created elsewhere (a Helm chart, an operator, another repository), so ${unknown}.`;
  return `${notInWorkspace(f.ref, why)} So ${unknown}.`;
}

/** A reference kustomize's renaming broke: it renames objects but not the Gateway API references to them. */
function renamedByKustomize(target: string, renamedTo: string): string {
  return `${target} does not exist after kustomize's namePrefix/nameSuffix renamed it to "${renamedTo}"; kustomize does not rewrite Gateway API references. Refer to "${renamedTo}", or drop the prefix or suffix.`;
}

/** A reference to a generator's object: kustomize appends a content hash to its name but not to the reference. */
function hashedByKustomize(target: string, name: string): string {
  return `${target} does not exist: kustomize names the generated object "${name}-<hash>" and does not rewrite Gateway API references. Set \`disableNameSuffixHash: true\` in the generator's options.`;
}

/**
 * The closest grant in the target namespace that almost permits the reference, and why not: one
 * near miss keeps the message short; the hover lists a few more, ranked the same way.
 */
function nearMisses(f: ReferenceFinding): string {
  if (f.problem.is !== 'notPermitted') return '';
  const closest = f.problem.nearMisses[0];
  return closest ? ` ${nearMissText(closest, referrerOf(f.referrer), f.ref)}` : '';
}

/** The fix in a clause: the quick fixes write the grant, so the message need not spell it out. */
function grantFixHint(f: ReferenceFinding): string {
  return f.problem.is === 'notPermitted' && f.problem.nearMisses.length > 0
    ? ` Extend that grant or add one in ${f.ref.namespace}; a quick fix does either.`
    : ` Add a ReferenceGrant in ${f.ref.namespace}; a quick fix writes it.`;
}
