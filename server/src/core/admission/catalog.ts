// Which schema admits an object: the channel's bundled CRDs for the Gateway API groups, and the
// workspace's own CRDs for every other group (Envoy Gateway, cert-manager, APISIX, …). The channel
// comes from the Gateway API CRDs in the workspace when there are any (their
// `gateway.networking.k8s.io/channel` annotation), else from the options, else from the objects
// (see workspace.ts). A kind's fingerprint says which definition was used, so a model is redone
// exactly when its kinds' definitions change.

import type { Channel } from './bundled.js';
import { bundledCrds } from './bundled.js';
import type { CrdDefinition, CrdVersion } from './crd.js';
import { crdFingerprint } from './crd.js';
import { schemaOf } from './schema.js';
import type { ObjectSchema } from './validate.js';

export const GATEWAY_API_GROUPS = new Set(['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io']);

export type Resolution =
  | { status: 'schema'; schema: ObjectSchema }
  /**
   * The kind exists but not at this version on this channel; `served` is the version to use
   * instead. `schema` is what the object must pass: its own version's experimental schema when only
   * the experimental channel serves that version (`experimental`), else the served version's (what
   * it must pass once its apiVersion is fixed).
   */
  | {
      status: 'unserved';
      served: string | undefined;
      experimental: boolean;
      schema?: ObjectSchema;
      /** The served version's schema, when `schema` is another (`experimental`). */
      servedSchema?: ObjectSchema;
    }
  /** A Gateway API kind that only the experimental channel defines. */
  | { status: 'experimentalKind' }
  /** A Gateway API group without this kind; `suggestion` is the nearest kind it has. */
  | { status: 'unknownKind'; kinds: string[] }
  | { status: 'none' };

export class SchemaCatalog {
  private readonly workspace = new Map<string, { crd: CrdDefinition; fingerprint: string }>();
  private readonly bundled = new Map<string, CrdDefinition>();
  private readonly experimental = new Map<string, CrdDefinition>();

  /** `crds`: the workspace's CRDs in a stable order; the first definition of a kind wins. */
  constructor(
    readonly channel: Channel,
    crds: readonly CrdDefinition[],
  ) {
    for (const crd of crds) {
      const key = `${crd.group}/${crd.kind}`;
      if (!GATEWAY_API_GROUPS.has(crd.group) && !this.workspace.has(key))
        this.workspace.set(key, { crd, fingerprint: crdFingerprint(crd) });
    }
    for (const crd of bundledCrds(channel)) this.bundled.set(`${crd.group}/${crd.kind}`, crd);
    for (const crd of bundledCrds('experimental')) this.experimental.set(`${crd.group}/${crd.kind}`, crd);
  }

  /** The channel and every workspace definition in use: equal identities admit every object alike. */
  get identity(): string {
    const defs = [...this.workspace].map(([key, d]) => `${key}=${d.fingerprint}`);
    return `${this.channel}|${defs.sort().join(',')}`;
  }

  /** Identifies the definition objects of this kind are checked against ('' when none). */
  fingerprint(group: string, kind: string): string {
    if (GATEWAY_API_GROUPS.has(group)) return `gateway-api:${this.channel}`;
    return this.workspace.get(`${group}/${kind}`)?.fingerprint ?? '';
  }

  resolve(group: string, kind: string, version: string): Resolution {
    const key = `${group}/${kind}`;
    const gatewayApi = GATEWAY_API_GROUPS.has(group);
    const crd = gatewayApi ? this.bundled.get(key) : this.workspace.get(key)?.crd;
    if (!crd) {
      if (!gatewayApi) return { status: 'none' };
      if (this.experimental.has(key)) return { status: 'experimentalKind' };
      return {
        status: 'unknownKind',
        kinds: [...this.bundled.values(), ...this.experimental.values()]
          .filter((c) => c.group === group)
          .map((c) => c.kind),
      };
    }
    const v = crd.versions.find((x) => x.name === version);
    if (!v || !v.served) {
      const served = crd.versions.find((x) => x.served);
      const experimentalCrd = gatewayApi && this.channel === 'standard' ? this.experimental.get(key) : undefined;
      const experimentalVersion = experimentalCrd?.versions.find((x) => x.name === version && x.served);
      // A version only the experimental channel serves is written for that channel: the object is
      // checked as that channel would admit it, not against another version it does not declare.
      const servedSchema = served && this.objectSchema(key, crd, served);
      if (experimentalVersion)
        return {
          status: 'unserved',
          served: served?.name,
          experimental: true,
          schema: this.objectSchema(key, experimentalCrd!, experimentalVersion, false),
          ...(servedSchema ? { servedSchema } : {}),
        };
      return {
        status: 'unserved',
        served: served?.name,
        experimental: false,
        ...(servedSchema ? { schema: servedSchema } : {}),
      };
    }
    return { status: 'schema', schema: this.objectSchema(key, crd, v) };
  }

  /** `v`'s schema; `withTwin`: in a standard-channel workspace, with its experimental twin (see ObjectSchema). */
  private objectSchema(key: string, crd: CrdDefinition, v: CrdVersion, withTwin = true): ObjectSchema {
    const schema: ObjectSchema = { root: schemaOf(v.schema), statusSubresource: v.statusSubresource, kind: crd.kind };
    if (withTwin && GATEWAY_API_GROUPS.has(crd.group) && this.channel === 'standard') {
      const twin = this.experimental.get(key)?.versions.find((x) => x.name === v.name);
      if (twin) schema.twin = schemaOf(twin.schema);
    }
    return schema;
  }
}

/** The channel the workspace's Gateway API CRDs declare, if any (experimental wins a mix: it is the superset). */
export function workspaceChannel(crds: readonly CrdDefinition[]): Channel | undefined {
  let channel: Channel | undefined;
  for (const crd of crds) {
    if (!GATEWAY_API_GROUPS.has(crd.group)) continue;
    if (crd.channel === 'experimental') return 'experimental';
    if (crd.channel === 'standard') channel = 'standard';
  }
  return channel;
}

let experimentalOnlyKeys: Set<string> | undefined;

/**
 * Whether only the experimental channel's CRDs serve `group/version` `kind` (a TCPRoute v1alpha2,
 * an XMesh): such an object cannot have been applied to a cluster with the standard CRDs, so it
 * shows which channel the cluster runs. Read from the bundled CRDs, never listed by hand.
 */
export function experimentalOnly(group: string, kind: string, version: string): boolean {
  if (!GATEWAY_API_GROUPS.has(group)) return false;
  if (!experimentalOnlyKeys) {
    const served = (channel: Channel) =>
      bundledCrds(channel).flatMap((crd) =>
        crd.versions.filter((v) => v.served).map((v) => `${crd.group}/${v.name}/${crd.kind}`),
      );
    const standard = new Set(served('standard'));
    experimentalOnlyKeys = new Set(served('experimental').filter((key) => !standard.has(key)));
  }
  return experimentalOnlyKeys.has(`${group}/${version}/${kind}`);
}
