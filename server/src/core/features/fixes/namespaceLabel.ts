// Fixes that make a listener's Selector match by labelling the route's Namespace: set the labels
// the failing requirements ask for on the Namespace manifest, or create the manifest with them
// when the workspace has none (the case where admission is Unknown).

import type { QueryContext } from '../../query/context.js';
import type { LabelSelector, NamespaceResource } from '../../model/resource.js';
import { evaluateSelector, labelValue, NAME_LABEL } from '../../resolve/labelSelector.js';
import { EditableFile } from '../edits.js';
import type { Fix, FixOptions } from './change.js';
import { ChangeBuilder, siblingFileId } from './change.js';

/** Whether the new labels would make a listener that admits a route of the namespace today reject it. */
function breaksOtherAttachments(
  ctx: QueryContext,
  namespace: string,
  manifest: NamespaceResource | undefined,
  wanted: Record<string, string>,
): boolean {
  const labels = [
    ...(manifest?.labels ?? []).filter((l) => !(l.key in wanted)),
    ...Object.entries(wanted).map(([key, value]) => ({ key, value, span: { start: 0, end: 0 } })),
  ];
  for (const a of ctx.routesIn(namespace)) {
    for (const p of a.route?.parents ?? []) {
      if (a.resource.shape !== 'Route' || p.accepted.status !== 'True') continue;
      for (const v of ctx.listenerVerdicts(a.resource, p.ref)) {
        const selector = v.state.listener.allowedRoutes.selector;
        if (v.attached !== 'true' || v.state.listener.allowedRoutes.from !== 'Selector' || !selector) continue;
        if (evaluateSelector(selector, { name: namespace, labels }).result !== 'true') return true;
      }
    }
  }
  return false;
}

/** Labels that make `selector` match the namespace, or undefined when adding labels cannot. */
function labelsToAdd(
  selector: LabelSelector,
  name: string,
  labels: NamespaceResource['labels'] | undefined,
): Record<string, string> | undefined {
  const ns = labels ? { name, labels } : { name, labels: [] };
  const wanted: Record<string, string> = {};
  for (const l of selector.matchLabels) if (labelValue(ns, l.key) !== l.value) wanted[l.key] = l.value;
  for (const e of selector.matchExpressions) {
    const current = labelValue(ns, e.key);
    if (e.operator === 'In' && !(current && e.values.includes(current)) && e.values[0] !== undefined)
      wanted[e.key] = e.values[0];
    if (e.operator === 'Exists' && current === null) wanted[e.key] = '';
  }
  if (Object.keys(wanted).length === 0 || NAME_LABEL in wanted) return undefined;
  const after = [
    ...(labels ?? []).filter((l) => !(l.key in wanted)),
    ...Object.entries(wanted).map(([key, value]) => ({ key, value, span: { start: 0, end: 0 } })),
  ];
  return evaluateSelector(selector, { name, labels: after }).result === 'true' ? wanted : undefined;
}

export function labelNamespaceFix(
  ctx: QueryContext,
  selector: LabelSelector,
  namespace: string,
  manifest: NamespaceResource | undefined,
  routeFileId: string,
  code: Fix['code'],
  subject: string,
  options: FixOptions,
): Fix | undefined {
  const wanted = labelsToAdd(selector, namespace, manifest?.labels);
  if (!wanted || breaksOtherAttachments(ctx, namespace, manifest, wanted)) return undefined;
  const text = Object.entries(wanted)
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join(', ');
  const change = new ChangeBuilder(ctx);
  if (manifest) {
    const file = change.file(manifest.fileId);
    const root = file?.find(manifest);
    const metadata = root && file?.at(root, 'metadata');
    const edits = metadata && file?.merge(metadata, { labels: wanted });
    if (!edits) return undefined;
    change.add(manifest.fileId, ...edits);
    return change.build(`Label Namespace ${namespace} with ${text}`, code, subject, true);
  }
  const object = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: wanted } };
  const fileId = siblingFileId(routeFileId, `namespace-${namespace}.yaml`);
  const existing = ctx.text(fileId) !== undefined ? fileId : options.canCreateFiles ? undefined : routeFileId;
  const file = existing === undefined ? undefined : change.file(existing);
  if (existing !== undefined && file) change.add(existing, file.appendDocument(object));
  else change.create(fileId, EditableFile.newFile(object, undefined, change.lineBreakOf(routeFileId)));
  return change.build(`Create Namespace ${namespace} labelled ${text}`, code, subject, true);
}
