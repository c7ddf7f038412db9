// Analysis options, normalised once. Front ends build them from flags or settings; the core never
// reads configuration itself.

import type { Code, Severity } from './codes.js';
import type { GroupKind } from './model/resource.js';
import type { Channel } from './admission/bundled.js';
import type { Features } from './resolve/features.js';
import { ALL_FEATURES } from './resolve/features.js';

export interface AnalysisOptions {
  /** Namespace of objects without `metadata.namespace`. */
  defaultNamespace: string;
  /** Implementation-specific backend kinds that are valid in backendRefs, besides Service and ServiceImport. */
  backendKinds: GroupKind[];
  features: Features;
  /** Per-code severity overrides; 'off' drops the code. */
  severities: Partial<Record<Code, Severity | 'off'>>;
  /** The Gateway API release channel whose CRDs admit objects, unless the workspace's CRDs say otherwise. */
  channel: Channel;
}

export type AnalysisOptionsInput = Partial<Omit<AnalysisOptions, 'features'>> & { features?: Partial<Features> };

export function normalizeOptions(input: AnalysisOptionsInput = {}): AnalysisOptions {
  return {
    defaultNamespace: input.defaultNamespace && input.defaultNamespace !== '' ? input.defaultNamespace : 'default',
    backendKinds: [...(input.backendKinds ?? [])],
    features: { ...ALL_FEATURES, ...input.features },
    severities: { ...input.severities },
    channel: input.channel === 'experimental' ? 'experimental' : 'standard',
  };
}

/** A severity level as users write it in a flag or setting (`info` for information, `off`), or undefined. */
export function parseSeverityLevel(text: string): Severity | 'off' | undefined {
  const level = text === 'info' ? 'information' : text;
  return level === 'error' || level === 'warning' || level === 'information' || level === 'hint' || level === 'off'
    ? level
    : undefined;
}

/** Whether `text` can name a namespace (an RFC 1123 label). */
export function isNamespaceName(text: string): boolean {
  return text.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text);
}

/** Parses `Kind.group` or `group/Kind` (as a user writes it in a setting or flag) into a GroupKind. */
export function parseGroupKind(text: string): GroupKind | undefined {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash > 0) return { group: t.slice(0, slash), kind: t.slice(slash + 1) };
  const dot = t.indexOf('.');
  if (dot > 0) return { group: t.slice(dot + 1), kind: t.slice(0, dot) };
  return t === '' ? undefined : { group: '', kind: t };
}
