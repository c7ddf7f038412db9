// Quick fixes for a diagnostic, recomputed from the settled analysis and identified by the
// diagnostic's code and subject (never by message text).

import type { Code } from '../../codes.js';
import type { AnalysisHost } from '../../host.js';
import type { ObjectRef } from '../../model/resource.js';
import { referrerOf } from '../../resolve/referencePolicy.js';
import type { ResourceAnalysis } from '../../resolve/analyze.js';
import { outgoingRefs } from '../../resolve/analyze.js';
import type { Finding } from '../../resolve/findings.js';
import { subjectOf } from '../../resolve/findings.js';
import { allowedRoutesFixes } from './allowedRoutes.js';
import type { Fix, FixOptions } from './change.js';
import { ChangeBuilder } from './change.js';
import { labelNamespaceFix } from './namespaceLabel.js';
import { referenceGrantFixes } from './referenceGrant.js';
import { servicePortFix } from './servicePort.js';

export type { Fix, FixOptions } from './change.js';

export function fixesFor(host: AnalysisHost, fileId: string, code: Code, subject: string, options: FixOptions): Fix[] {
  const model = host.model(fileId);
  if (!model) return [];
  for (const r of model.resources) {
    const a = host.analysis(r.id);
    const f = a?.findings.find((x) => x.code === code && x.subject === subject);
    if (a && f) return dedupe([...suggestionFix(host, f), ...fixesForFinding(host, a, f, options)]);
  }
  return [];
}

function fixesForFinding(host: AnalysisHost, a: ResourceAnalysis, f: Finding, options: FixOptions): Fix[] {
  const r = a.resource;
  switch (f.code) {
    case 'RefNotPermitted': {
      const referrer = referrerOf(r);
      const ref = deniedRef(a, f.subject);
      return ref
        ? referenceGrantFixes(
            host,
            referrer,
            { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name },
            f.subject,
            options,
          )
        : [];
    }
    case 'NotAllowedByListeners':
    case 'NamespaceLabelsUnknown': {
      const parent = a.route?.parents.find((p) => subjectOf(r, p.ref.path) === f.subject);
      if (!parent?.owner || r.shape !== 'Route') return [];
      const fixes: Fix[] = [];
      for (const v of host.listenerVerdicts(r, parent.ref)) {
        if (f.code === 'NotAllowedByListeners') fixes.push(...allowedRoutesFixes(host, r, parent.owner, v, f.subject));
        const allowed = v.state.listener.allowedRoutes;
        const selector = allowed.from === 'Selector' ? allowed.selector : undefined; // ignored otherwise
        const failing = f.code === 'NotAllowedByListeners' ? v.namespace.result === 'false' : v.namespace.labelsUnknown;
        if (selector && v.kind.result === 'true' && v.hostname.result === 'true' && failing) {
          const fix = labelNamespaceFix(
            host,
            selector,
            r.key.namespace,
            v.namespace.namespace,
            r.fileId,
            f.code,
            f.subject,
            options,
          );
          if (fix) fixes.push(fix);
        }
      }
      return fixes;
    }
    case 'RuleViolation': {
      const fix = servicePortFix(host, r, f);
      return fix ? [fix] : [];
    }
    default:
      return [];
  }
}

/** The reference a RefNotPermitted finding is about: a backendRef, certificate or CA reference. */
function deniedRef(a: ResourceAnalysis, subject: string): ObjectRef | undefined {
  return outgoingRefs(a).find((x) => subjectOf(a.resource, x.ref.path) === subject)?.ref;
}

function suggestionFix(host: AnalysisHost, f: Finding): Fix[] {
  if (!f.suggestion) return [];
  const change = new ChangeBuilder(host);
  const file = change.file(f.fileId);
  if (!file) return [];
  change.add(f.fileId, file.replace(f.suggestion.span, f.suggestion.name));
  return [change.build(`Change to "${f.suggestion.name}"`, f.code, f.subject, true)];
}

function dedupe(fixes: Fix[]): Fix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => !seen.has(f.title) && seen.add(f.title));
}
