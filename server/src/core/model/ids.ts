// Resource ids: unique per definition, built from the file id and the object's position in the
// file, so an id stays the same while an edit elsewhere in the file leaves the object in place.
// Nothing parses an id: a resource carries its `fileId`, and a produced object its `producerId`.

import { flatCopy } from '../strings.js';

/** `build`: the environment, when the file's objects are built in several (one object per build). */
export function resourceId(fileId: string, ordinal: number, build?: string): string {
  return flatCopy(build === undefined ? `${fileId}#${ordinal}` : `${fileId}#${ordinal}@${build}`);
}

/**
 * The id of the Secret that another object (a cert-manager Certificate, …) will create; `ordinal`
 * tells apart the Secrets of an object that creates several (an annotated Gateway, one per name).
 */
export function producedSecretId(producerId: string, ordinal = 0): string {
  return ordinal === 0 ? `${producerId}~secret` : `${producerId}~secret${ordinal}`;
}

/** The id of the HTTPRoute another object (an Envoy AI Gateway AIGatewayRoute) will create. */
export function producedRouteId(producerId: string): string {
  return `${producerId}~route`;
}
