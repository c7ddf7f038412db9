// Settings from the client (workspace/configuration or initializationOptions), validated once and
// turned into analysis options. Unknown or malformed values fall back to defaults with a log line.

import type { AnalysisOptionsInput, Code, Severity } from '../core/index.js';
import { isChannel, isCode, isNamespaceName, parseGroupKind, parseSeverityLevel } from '../core/index.js';
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
  if (isChannel(input.channel)) channel = input.channel;
  else if (input.channel !== undefined && input.channel !== null)
    log(`gatewayRefs.channel must be "standard" or "experimental"; using "${channel}".`);
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
  return {
    defaultNamespace: typeof ns === 'string' && isNamespaceName(ns) ? ns : DEFAULT_SETTINGS.defaultNamespace,
    exclude: strings(input.exclude, 'exclude'),
    severity,
    backendKinds: strings(input.backendKinds, 'backendKinds'),
    channel,
  };
}

export function analysisOptions(settings: Settings): AnalysisOptionsInput {
  return {
    defaultNamespace: settings.defaultNamespace,
    backendKinds: settings.backendKinds.flatMap((k) => parseGroupKind(k) ?? []),
    severities: severities(settings.severity),
    channel: isChannel(settings.channel) ? settings.channel : 'standard',
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
