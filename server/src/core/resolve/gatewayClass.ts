// A Gateway's gatewayClassName against the GatewayClasses of the workspace. A workspace that
// defines no GatewayClass leaves classes to the cluster (implementations install them): nothing
// to say. One that defines some but not the named one may still rely on classes installed by
// Helm or by the implementation (folders of examples do: each assumes its own class), so a name
// is reported only when it is close to a defined one — a misspelling (GatewayClassNotFound, with
// the fix) — or, as an information note, when an implementation installs or documents it
// (profiles/). A name defined anywhere in the workspace is never reported, and a misspelling only
// where a class is defined among what is applied with the Gateway (see index/buildScopes.ts);
// a name close to a class only manifests applied apart define is a note with the same fix.

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
  if (defined.length === 0 || defined.includes(className.value)) return undefined;
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
  if (suggestion === undefined) return undefined;
  // A class defined only in a folder applied apart from this Gateway (a dev setup beside a guide's
  // examples, another standalone example) says nothing about the classes its cluster has: the
  // close name is a note, not a misspelling.
  if (!reads.manages(GATEWAY_GROUP, 'GatewayClass', '', gateway)) {
    const note = finding(gateway, 'spec.gatewayClassName', className.span, 'GatewayClassNotInWorkspace', {
      is: 'gatewayClassUnknown',
      gateway,
      className: className.value,
      defined,
      didYouMean: suggestion,
    });
    return withSuggestion(note, className.span, suggestion);
  }
  const f = finding(gateway, 'spec.gatewayClassName', className.span, 'GatewayClassNotFound', {
    is: 'gatewayClassMissing',
    gateway,
    className: className.value,
    defined,
    didYouMean: suggestion,
  });
  return withSuggestion(f, className.span, suggestion);
}
