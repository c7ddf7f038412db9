// One resource's analysis: the resolver for its kind, the checks every object gets (manifest
// problems, same-folder duplicates), and what it contributes to workspace-wide aggregates —
// listener attachments, ReferenceGrant use, ListenerSets attached to a Gateway. Everything read
// from the index is recorded in `deps`, so the host knows when to redo it.

import type { Reads } from '../index/workspaceIndex.js';
import type { Resource } from '../model/resource.js';
import { isCode } from '../codes.js';
import type { Finding } from './findings.js';
import { finding, withSuggestion } from './findings.js';
import type { GatewayStatus, ListenerSetStatus } from './gatewayStatus.js';
import { resolveGateway, resolveListenerSet } from './gatewayStatus.js';
import { checkGatewayClass } from './gatewayClass.js';
import type { Permission } from './referencePolicy.js';
import { findTarget } from './referencePolicy.js';
import type { RefResult } from './references.js';
import type { PolicyStatus } from './policyStatus.js';
import { resolvePolicy } from './policyStatus.js';
import type { ResolveEnv, RouteStatus } from './routeStatus.js';
import { resolveRoute } from './routeStatus.js';
import { resolveSolverRoutes } from './solverRoutes.js';
import { trimArrays } from '../trim.js';
import { profileForControllerName } from '../profiles/index.js';
import { forcedImplementation, parametersKindVerdict } from './implementation.js';

const PRE_V1_GROUP = 'networking.x-k8s.io';

export interface Attachment {
  ownerId: string;
  listener: string;
}

export interface ResourceAnalysis {
  resource: Resource;
  /** Dependency keys read (may repeat); empty for a one-shot host. */
  deps: string[];
  findings: Finding[];
  route?: RouteStatus;
  gateway?: GatewayStatus;
  listenerSet?: ListenerSetStatus;
  policy?: PolicyStatus;
  attachments: Attachment[];
  /** Ids of ReferenceGrants that permit at least one reference of this resource. */
  grantsUsed: string[];
  /** For an accepted ListenerSet, the id of its Gateway. */
  listenerSetOf?: string;
}

export function analyzeResource(resource: Resource, env: ResolveEnv, deps: string[]): ResourceAnalysis {
  const analysis: ResourceAnalysis = { resource, deps, findings: [], attachments: [], grantsUsed: [] };
  for (const p of resource.problems) {
    const code = isCode(p.code) ? p.code : 'InvalidField';
    const f = finding(resource, p.path, p.span, code, { is: 'manifest', message: p.message });
    analysis.findings.push(p.suggestion ? withSuggestion(f, p.suggestion.span, p.suggestion.name) : f);
  }
  checkDuplicates(resource, env.reads, analysis.findings);
  // The Gateway API before v1alpha2 lived in this group, with other fields and rules.
  if (resource.key.group === PRE_V1_GROUP)
    analysis.findings.push(
      finding(resource, '', resource.headSpan, 'NotAnalysed', { is: 'notAnalysed', what: 'preV1Api', resource }),
    );
  const grants = new Set<string>();
  const use = (p: Permission | undefined) => {
    if (p?.result === 'granted') for (const g of p.grants) grants.add(g.id);
  };
  switch (resource.shape) {
    case 'Route': {
      const { status, findings } = resolveRoute(resource, env);
      analysis.route = status;
      analysis.findings.push(...findings);
      for (const parent of status.parents) {
        if (parent.accepted.status !== 'True' || !parent.owner) continue;
        for (const listener of parent.attachedTo) analysis.attachments.push({ ownerId: parent.owner.id, listener });
      }
      break;
    }
    case 'Gateway': {
      const { status, findings } = resolveGateway(resource, env);
      analysis.gateway = status;
      analysis.findings.push(...findings);
      const classFinding = checkGatewayClass(resource, env.reads);
      if (classFinding) analysis.findings.push(classFinding);
      break;
    }
    case 'ListenerSet': {
      const { status, findings } = resolveListenerSet(resource, env);
      analysis.listenerSet = status;
      analysis.findings.push(...findings);
      if (status.gateway && status.conditions[0]?.status === 'True') analysis.listenerSetOf = status.gateway.id;
      break;
    }
    case 'Policy': {
      const { status, findings } = resolvePolicy(resource, env);
      analysis.policy = status;
      analysis.findings.push(...findings);
      break;
    }
    case 'GatewayClass': {
      const params = resource.parametersRef;
      const controller = resource.controllerName;
      const implementation =
        forcedImplementation(env.options)?.profile ??
        (controller === undefined ? undefined : profileForControllerName(controller));
      if (params && implementation && parametersKindVerdict(implementation, 'gatewayClass', params) === false) {
        analysis.findings.push(
          finding(resource, params.path, params.span, 'InvalidParameters', {
            is: 'parametersKind',
            owner: resource,
            ref: params,
            implementation,
          }),
        );
      } else if (params) {
        const target = { group: params.group, kind: params.kind, namespace: params.namespace, name: params.name };
        const found = findTarget(env.reads, target, resource);
        if (found.result === 'missing') {
          analysis.findings.push(
            finding(resource, params.path, params.span, 'InvalidParameters', {
              is: 'parametersMissing',
              owner: resource,
              ref: params,
              namespace: params.namespace,
              ...(found.suggestion !== undefined ? { didYouMean: found.suggestion } : {}),
            }),
          );
        }
      }
      break;
    }
    case 'Other':
      if (resource.acmeSolvers) analysis.findings.push(...resolveSolverRoutes(resource, env));
      break;
    default:
      break;
  }
  for (const r of outgoingRefs(analysis)) use(r.permission);
  analysis.grantsUsed = [...grants];
  if (analysis.route) {
    trimArrays(analysis.route);
    for (const parent of analysis.route.parents) trimArrays(parent);
  }
  return trimArrays(analysis);
}

/**
 * Every reference an analysis resolved but parentRefs: route backendRefs (RequestMirror ones
 * included), listener certificate and CA certificate references, the Gateway's backend client
 * certificate, a policy's targets and CA references. Grant use, hovers, find-references and quick
 * fixes all read them from here.
 */
export function outgoingRefs(a: ResourceAnalysis): RefResult[] {
  const listeners = a.gateway?.listeners ?? a.listenerSet?.listeners ?? [];
  const refs: RefResult[] = [
    ...(a.route?.backends ?? []),
    ...listeners.flatMap((l) => [...l.certificateRefs, ...l.caCertificateRefs]),
    ...(a.policy ? [...a.policy.targets, ...a.policy.caCertificateRefs] : []),
  ];
  if (a.gateway?.backendClientCertificate) refs.push(a.gateway.backendClientCertificate);
  return refs;
}

/** Whether a reference is permitted by the ReferenceGrant with this id. */
export function grantedBy(permission: Permission | undefined, grantId: string): boolean {
  return permission?.result === 'granted' && permission.grants.some((g) => g.id === grantId);
}

/**
 * Two definitions of one object in one build cannot both exist: the later one replaces the earlier
 * on `kubectl apply`, and kustomize refuses to build them. A build is one file, or one kustomize
 * environment; files that are not built together (standalone examples in one folder) may repeat
 * names freely (rules.md R0.3).
 */
function checkDuplicates(resource: Resource, reads: Reads, findings: Finding[]): void {
  if (resource.key.name === '' || isProduced(resource)) return;
  const defs = reads.definitions(resource.key);
  if (defs.length < 2) return;
  const sameBuild = (d: Resource) =>
    d.build === resource.build && (d.fileId === resource.fileId || resource.build !== undefined);
  const twins = defs.filter((d) => d !== resource && !isProduced(d) && sameBuild(d));
  if (twins.length === 0) return;
  findings.push(
    finding(resource, 'metadata.name', resource.headSpan, 'DuplicateResource', { is: 'duplicate', resource, twins }),
  );
}

/** A Secret that another object (a cert-manager Certificate, …) will create. */
function isProduced(r: Resource): boolean {
  return r.producedBy !== undefined;
}
