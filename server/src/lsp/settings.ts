// Settings from the client (workspace/configuration or initializationOptions), validated once and
// turned into analysis options. Unknown or malformed values fall back to defaults with a log line.

import type { AnalysisOptionsInput, Code, Severity } from '../core/api.js';
import {
  PROFILES,
  isChannel,
  isCode,
  isFeatureName,
  isNamespaceName,
  parseGroupKind,
  parseSeverityLevel,
  profileById,
} from '../core/api.js';
import type { Settings } from './protocol.js';
import { DEFAULT_SETTINGS } from './protocol.js';

export function normalizeSettings(raw: unknown, log: (message: string) => void): Settings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  const strings = (v: unknown, name: string): string[] => {
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    log(`gatewayRefs.${name} must be a list of strings; ignored.`);
    return [];
  };
  const ns = input.defaultNamespace;
  let channel = DEFAULT_SETTINGS.channel;
  if (isChannel(input.channel) || input.channel === '') channel = input.channel;
  else if (input.channel !== undefined && input.channel !== null)
    log(`gatewayRefs.channel must be "standard", "experimental" or empty; inferring it from the workspace.`);
  const severity: Record<string, string> = {};
  if (input.severity && typeof input.severity === 'object') {
    for (const [code, level] of Object.entries(input.severity as Record<string, unknown>)) {
      if (!isCode(code)) log(`gatewayRefs.severity: unknown code "${code}"; ignored.`);
      else {
        const parsed = typeof level === 'string' ? parseSeverityLevel(level) : undefined;
        if (parsed) severity[code] = parsed;
        else log(`gatewayRefs.severity.${code}: "${String(level)}" is not a severity; ignored.`);
      }
    }
  }
  let implementation = DEFAULT_SETTINGS.implementation;
  if (typeof input.implementation === 'string' && (input.implementation === '' || profileById(input.implementation)))
    implementation = input.implementation;
  else if (input.implementation !== undefined && input.implementation !== null)
    log(
      `gatewayRefs.implementation: ${JSON.stringify(input.implementation)} is not a known implementation (${PROFILES.map((p) => p.id).join(', ')}); each GatewayClass decides.`,
    );
  const features: Record<string, boolean> = {};
  if (input.features && typeof input.features === 'object') {
    for (const [name, value] of Object.entries(input.features as Record<string, unknown>)) {
      if (!isFeatureName(name)) log(`gatewayRefs.features: unknown feature "${name}"; ignored.`);
      else if (typeof value !== 'boolean') log(`gatewayRefs.features.${name} must be true or false; ignored.`);
      else features[name] = value;
    }
  }
  return {
    defaultNamespace: typeof ns === 'string' && isNamespaceName(ns) ? ns : DEFAULT_SETTINGS.defaultNamespace,
    exclude: strings(input.exclude, 'exclude'),
    severity,
    backendKinds: strings(input.backendKinds, 'backendKinds'),
    complete: input.complete === true,
    channel,
    implementation,
    features,
  };
}

export function analysisOptions(settings: Settings): AnalysisOptionsInput {
  return {
    ...(settings.defaultNamespace !== '' ? { defaultNamespace: settings.defaultNamespace } : {}),
    backendKinds: settings.backendKinds.flatMap((k) => parseGroupKind(k) ?? []),
    severities: severities(settings.severity),
    complete: settings.complete,
    ...(isChannel(settings.channel) ? { channel: settings.channel } : {}),
    ...(settings.implementation !== '' ? { implementation: settings.implementation } : {}),
    features: Object.fromEntries(Object.entries(settings.features).filter(([name]) => isFeatureName(name))),
  };
}

function severities(input: Record<string, string>): Partial<Record<Code, Severity | 'off'>> {
  const out: Partial<Record<Code, Severity | 'off'>> = {};
  for (const [code, level] of Object.entries(input)) {
    const parsed = parseSeverityLevel(level);
    if (isCode(code) && parsed) out[code] = parsed;
  }
  return out;
}

/** The settings in one line for the output channel. */
export function describeSettings(s: Settings): string {
  const severity = Object.entries(s.severity).map(([code, level]) => `${code}=${level}`);
  return [
    s.defaultNamespace ? `defaultNamespace ${s.defaultNamespace}` : 'namespaces placed as kubectl apply would',
    s.exclude.length > 0 ? `exclude ${s.exclude.join(', ')}` : 'no exclude globs',
    severity.length > 0 ? `severity ${severity.join(', ')}` : 'default severities',
    s.backendKinds.length > 0 ? `backendKinds ${s.backendKinds.join(', ')}` : 'no extra backend kinds',
    ...(s.complete ? ['the workspace is complete'] : []),
    s.implementation ? `implementation ${s.implementation}` : 'implementation from each GatewayClass',
    s.channel ? `channel ${s.channel}` : 'channel from the workspace',
    ...(Object.keys(s.features).length > 0
      ? [
          `features ${Object.entries(s.features)
            .map(([n, v]) => `${n}=${v ? 'on' : 'off'}`)
            .join(', ')}`,
        ]
      : []),
  ].join('; ');
}
