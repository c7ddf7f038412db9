// Renders a status report as stable text for expect.md: route parents with their conditions,
// Gateways and ListenerSets with listener counts and conditions, BackendTLSPolicies per ancestor. Messages are left out; reasons
// carry the meaning and stay stable.

import type { ConditionReport as Condition, StatusReport } from '../../server/src/core/api.js';

export function renderStatus(report: StatusReport): string {
  const lines: string[] = [];
  const cond = (c: Condition) => `${c.type} ${c.status} ${c.reason}`;
  // An empty namespace is one set at apply time.
  const ns = (namespace: string) => namespace || '(apply-time)';
  for (const r of report.routes) {
    lines.push(`${r.kind} ${ns(r.namespace)}/${r.name} (${r.file})`);
    for (const p of r.parents) {
      const extra = [
        p.parentRef.sectionName && `sectionName ${p.parentRef.sectionName}`,
        p.parentRef.port !== undefined && `port ${p.parentRef.port}`,
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(
        `  parent ${p.parentRef.kind} ${ns(p.parentRef.namespace)}/${p.parentRef.name}${extra ? ` (${extra})` : ''}: ${p.conditions.map(cond).join('; ')}`,
      );
    }
  }
  for (const g of report.gateways) {
    lines.push(
      `Gateway ${ns(g.namespace)}/${g.name} (${g.file}): ${g.conditions.map(cond).join('; ')}${g.attachedListenerSets ? `; attachedListenerSets ${g.attachedListenerSets}` : ''}`,
    );
    for (const l of g.listeners)
      lines.push(
        `  listener ${l.name}: attachedRoutes ${l.attachedRoutes}; supportedKinds [${l.supportedKinds.map((k) => k.kind).join(', ')}]; ${l.conditions.map(cond).join('; ')}`,
      );
  }
  for (const s of report.listenerSets) {
    lines.push(`ListenerSet ${ns(s.namespace)}/${s.name} (${s.file}): ${s.conditions.map(cond).join('; ')}`);
    for (const l of s.listeners)
      lines.push(
        `  listener ${l.name}: attachedRoutes ${l.attachedRoutes}; supportedKinds [${l.supportedKinds.map((k) => k.kind).join(', ')}]; ${l.conditions.map(cond).join('; ')}`,
      );
  }
  for (const p of report.policies) {
    lines.push(`${p.kind} ${ns(p.namespace)}/${p.name} (${p.file})${p.ancestors.length === 0 ? ': no ancestors' : ''}`);
    for (const a of p.ancestors)
      lines.push(
        `  ancestor ${a.ancestorRef.kind} ${a.ancestorRef.namespace}/${a.ancestorRef.name}: ${a.conditions.map(cond).join('; ')}`,
      );
  }
  return lines.length > 0 ? lines.join('\n') : '(no routes, Gateways or ListenerSets)';
}
