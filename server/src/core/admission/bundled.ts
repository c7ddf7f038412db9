// The Gateway API CRDs this project vendors (crds/, upstream's standard and experimental channels),
// as CrdDefinitions per channel. The bundle is built from the YAML files at build time; it is read
// once, on first use.

import bundle from './crds/gateway-api.crds';
import type { CrdDefinition } from './crd.js';
import { readCrd } from './crd.js';

export type Channel = 'standard' | 'experimental';

export const CHANNELS: readonly Channel[] = ['standard', 'experimental'];

export function isChannel(value: unknown): value is Channel {
  return value === 'standard' || value === 'experimental';
}

let loaded: Record<Channel, CrdDefinition[]> | undefined;

export function bundledCrds(channel: Channel): readonly CrdDefinition[] {
  if (!loaded) {
    const read = (list: unknown[]) =>
      list.flatMap((object) => readCrd(object, (index) => bundle.schemas[index as number]) ?? []);
    loaded = { standard: read(bundle.channels.standard), experimental: read(bundle.channels.experimental) };
  }
  return loaded[channel];
}
