// A Gateway's gatewayClassName against the GatewayClasses of the workspace. A workspace that
// defines no GatewayClass leaves classes to the cluster (implementations install them): nothing
// to say. One that defines some but not the named one is probably wrong (GatewayClassNotFound,
// with a did-you-mean) — unless the name is one an implementation installs or documents
// (profiles/), which the cluster may well have: then it is unknown, an information note.

import type { Reads } from '../index/workspaceIndex.js';
import type { GatewayResource } from '../model/resource.js';
import { GATEWAY_GROUP } from '../model/resource.js';
import { profileForClassName } from '../profiles/index.js';
import type { Finding } from './findings.js';
import { closestName, finding, withSuggestion } from './findings.js';

export function checkGatewayClass(gateway: GatewayResource, reads: Reads): Finding | undefined {
  const className = gateway.gatewayClassName;
  if (!className) return undefined;
  const key = { group: GATEWAY_GROUP, kind: 'GatewayClass', namespace: '', name: className.value };
  if (reads.lookup(key, gateway) !== undefined) return undefined;
  const defined = reads.names(GATEWAY_GROUP, 'GatewayClass', '');
  if (defined.length === 0) return undefined;
  const profile = profileForClassName(className.value);
  if (profile) {
    return finding(gateway, 'spec.gatewayClassName', className.span, 'GatewayClassNotInWorkspace', {
      is: 'gatewayClassUnknown',
      gateway,
      className: className.value,
      implementation: profile.name,
      defined,
    });
  }
  const suggestion = closestName(className.value, defined);
  const f = finding(gateway, 'spec.gatewayClassName', className.span, 'GatewayClassNotFound', {
    is: 'gatewayClassMissing',
    gateway,
    className: className.value,
    defined,
    ...(suggestion !== undefined ? { didYouMean: suggestion } : {}),
  });
  return withSuggestion(f, className.span, suggestion);
}
