// Runs one upstream conformance case (from test/conformance/expected.json) through the core and
// lists every asserted value the analysis disagrees with. The schema of the expectations is in
// the JSON's own `schema` key; this file implements exactly those matching rules.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { ConditionReport as Condition, Features, StatusReport } from '../../server/src/core/api.js';
import { ALL_FEATURES } from '../../server/src/core/api.js';
import { CoreDriver } from './core.js';
import { repoRoot } from './paths.js';

const dataDir = path.join(repoRoot, 'test', 'conformance');
const CLASS_NAME = 'gateway-refs-conformance';

export interface ExpectedCondition {
  type: string;
  status: string;
  reason?: string;
}

export interface ConformanceCase {
  test: string;
  step?: string;
  category: 'status' | 'precondition' | 'mutation';
  features: string[];
  skipIfFeatures?: string[];
  manifests: string[];
  mutations?: Mutation[];
  routes: ExpectedRoute[];
  gateways: ExpectedOwner[];
  listenerSets?: ExpectedOwner[];
  policies?: ExpectedPolicy[];
}

interface ExpectedPolicy {
  kind: string;
  namespace: string;
  name: string;
  /** `namespace/name` of the Gateway whose ancestors[] entry carries the conditions. */
  ancestor: string;
  conditions: ExpectedCondition[];
}

type Mutation =
  | { op: 'addListener'; gateway: string; listener: Record<string, unknown> }
  | { op: 'removeListener'; gateway: string; listenerName: string }
  | { op: 'delete'; kind: string; namespace: string; name: string }
  | { op: 'setField'; kind: string; namespace: string; name: string; path: string; value: unknown }
  | { op: 'create'; object: Record<string, unknown> };

interface ExpectedRoute {
  kind: string;
  namespace: string;
  name: string;
  parents?: ExpectedParent[];
  noAcceptedParents?: boolean;
}

interface ExpectedParent {
  gateway?: string;
  listenerSet?: string;
  accepted?: boolean;
  acceptedReason?: string;
  resolvedRefs?: boolean;
  resolvedRefsReason?: string;
}

interface ExpectedOwner {
  namespace: string;
  name: string;
  conditions?: ExpectedCondition[];
  listeners?: ExpectedListener[];
  listenersExact?: boolean;
  allListenersConditions?: ExpectedCondition[];
  zeroAttachedRoutes?: boolean;
  attachedListenerSets?: number;
}

interface ExpectedListener {
  name: string;
  attachedRoutes?: number;
  supportedKinds?: { group: string; kind: string }[];
  supportedKindsMustBeEmpty?: boolean;
  conditions?: ExpectedCondition[];
}

export function loadCases(): ConformanceCase[] {
  return (JSON.parse(readFileSync(path.join(dataDir, 'expected.json'), 'utf8')) as { cases: ConformanceCase[] }).cases;
}

export function caseName(c: ConformanceCase): string {
  return c.step ? `${c.test} (${c.step})` : c.test;
}

/** Features the analysis claims for a case: all of them, minus those the case needs unclaimed. */
export function featuresFor(c: ConformanceCase): Features {
  const features: Features = { ...ALL_FEATURES };
  for (const f of c.skipIfFeatures ?? []) if (f in features) features[f as keyof Features] = false;
  return features;
}

// Every case reads the base and suite-created manifests again: their objects are parsed once and
// shared, a mutation works on a copy of the object it changes, and each object is turned back into
// YAML once.
const sourceObjects = new Map<string, readonly Record<string, unknown>[]>();
const yamlOf = new WeakMap<object, string>();

function objectsOf(source: string): readonly Record<string, unknown>[] {
  const known = sourceObjects.get(source);
  if (known) return known;
  const text = readFileSync(path.join(dataDir, source), 'utf8').replaceAll('{GATEWAY_CLASS_NAME}', CLASS_NAME);
  const objects: Record<string, unknown>[] = [];
  for (const doc of parseAllDocuments(text)) {
    const object = doc.toJS() as Record<string, unknown> | null;
    if (object) objects.push(object);
  }
  sourceObjects.set(source, objects);
  return objects;
}

function yamlText(object: Record<string, unknown>): string {
  let text = yamlOf.get(object);
  if (text === undefined) yamlOf.set(object, (text = stringify(object)));
  return text;
}

/** The workspace for a case: each manifest (mutated) as a file, plus the suite-created objects. */
export function caseFiles(c: ConformanceCase): Map<string, string> {
  const objects: { file: string; object: Record<string, unknown> }[] = [];
  const sources = [
    ...c.manifests.map((m) =>
      m === 'conformance/base/manifests.yaml' ? 'base-manifests.yaml' : `tests/${path.basename(m)}`,
    ),
    'suite-created.yaml',
  ];
  for (const source of sources) for (const object of objectsOf(source)) objects.push({ file: source, object });
  objects.push({
    file: 'gatewayclass.yaml',
    object: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: CLASS_NAME },
      spec: { controllerName: 'example.com/gateway-refs-conformance' },
    },
  });
  for (const m of c.mutations ?? []) applyMutation(objects, m);
  const files = new Map<string, string>();
  for (const { file, object } of objects)
    files.set(`conformance/${file}`, `${files.get(`conformance/${file}`) ?? ''}---\n${yamlText(object)}`);
  return files;
}

function find(
  objects: { file: string; object: Record<string, unknown> }[],
  kind: string,
  namespace: string,
  name: string,
) {
  return objects.find(
    ({ object: o }) => o['kind'] === kind && meta(o).name === name && (meta(o).namespace ?? 'default') === namespace,
  );
}

function meta(o: Record<string, unknown>): { name?: string; namespace?: string } {
  return o['metadata'] ?? {};
}

function applyMutation(objects: { file: string; object: Record<string, unknown> }[], m: Mutation): void {
  switch (m.op) {
    case 'addListener':
    case 'removeListener': {
      const [namespace, name] = m.gateway.split('/') as [string, string];
      const gw = find(objects, 'Gateway', namespace, name);
      if (!gw) throw new Error(`mutation target Gateway ${m.gateway} not found`);
      gw.object = structuredClone(gw.object);
      const spec = gw.object['spec'] as { listeners: Record<string, unknown>[] };
      spec.listeners =
        m.op === 'addListener'
          ? [...spec.listeners, m.listener]
          : spec.listeners.filter((l) => l['name'] !== m.listenerName);
      return;
    }
    case 'delete': {
      const target = find(objects, m.kind, m.namespace, m.name);
      if (!target) throw new Error(`mutation target ${m.kind} ${m.namespace}/${m.name} not found`);
      objects.splice(objects.indexOf(target), 1);
      return;
    }
    case 'setField': {
      const target = find(objects, m.kind, m.namespace, m.name);
      if (!target) throw new Error(`mutation target ${m.kind} ${m.namespace}/${m.name} not found`);
      target.object = structuredClone(target.object);
      const steps = m.path.split('.').flatMap((p) => p.split(/\[(\d+)\]/).filter((x) => x !== ''));
      let node: Record<string, unknown> = target.object;
      for (const step of steps.slice(0, -1)) node = node[step] as Record<string, unknown>;
      node[steps[steps.length - 1]!] = m.value;
      return;
    }
    case 'create':
      objects.push({ file: 'created.yaml', object: m.object });
      return;
  }
}

export function runCase(c: ConformanceCase): { report: StatusReport; mismatches: string[] } {
  // A conformance case is a whole cluster: what its manifests lack does not exist.
  const host = new CoreDriver({ features: featuresFor(c), complete: true });
  host.applyChanges([...caseFiles(c)].map(([fileId, text]) => ({ fileId, text })));
  const report = host.status();
  return { report, mismatches: compare(c, report) };
}

function compare(c: ConformanceCase, report: StatusReport): string[] {
  const out: string[] = [];
  for (const r of c.routes) {
    const actual = report.routes.find((x) => x.kind === r.kind && x.namespace === r.namespace && x.name === r.name);
    const label = `${r.kind} ${r.namespace}/${r.name}`;
    if (!actual) {
      out.push(`${label}: no status`);
      continue;
    }
    const entries = actual.parents.filter(
      (p) => p.conditions[0]?.reason !== 'ParentNotFound' && p.conditions[0]?.reason !== 'ParentNotInWorkspace',
    );
    if (r.noAcceptedParents) {
      const ok = entries.length === 0 || (entries.length === 1 && entries[0]!.conditions[0]!.status === 'False');
      if (!ok)
        out.push(
          `${label}: expected no accepted parents, got ${entries.map((p) => p.conditions[0]!.status).join(',')}`,
        );
    }
    for (const p of r.parents ?? []) {
      const parent = p.gateway ?? p.listenerSet ?? '';
      const [ns, name] = parent.split('/');
      const entry = entries.find((e) => e.parentRef.name === name && e.parentRef.namespace === ns);
      if (!entry) {
        out.push(`${label}: no parent entry for ${parent}`);
        continue;
      }
      const accepted = entry.conditions.find((x) => x.type === 'Accepted')!;
      const resolved = entry.conditions.find((x) => x.type === 'ResolvedRefs')!;
      if (p.accepted !== undefined && accepted.status !== (p.accepted ? 'True' : 'False'))
        out.push(
          `${label} → ${parent}: Accepted ${accepted.status}/${accepted.reason}, expected ${p.accepted}${p.acceptedReason ? `/${p.acceptedReason}` : ''} (${accepted.message})`,
        );
      else if (p.acceptedReason && accepted.reason !== p.acceptedReason)
        out.push(`${label} → ${parent}: Accepted reason ${accepted.reason}, expected ${p.acceptedReason}`);
      if (p.resolvedRefs !== undefined && resolved.status !== (p.resolvedRefs ? 'True' : 'False'))
        out.push(
          `${label} → ${parent}: ResolvedRefs ${resolved.status}/${resolved.reason}, expected ${p.resolvedRefs} (${resolved.message})`,
        );
      else if (p.resolvedRefsReason && resolved.reason !== p.resolvedRefsReason)
        out.push(`${label} → ${parent}: ResolvedRefs reason ${resolved.reason}, expected ${p.resolvedRefsReason}`);
    }
  }
  for (const g of c.gateways)
    compareOwner(
      `Gateway ${g.namespace}/${g.name}`,
      g,
      report.gateways.find((x) => x.namespace === g.namespace && x.name === g.name),
      out,
    );
  for (const g of c.listenerSets ?? [])
    compareOwner(
      `ListenerSet ${g.namespace}/${g.name}`,
      g,
      report.listenerSets.find((x) => x.namespace === g.namespace && x.name === g.name),
      out,
    );
  for (const p of c.policies ?? []) {
    const label = `${p.kind} ${p.namespace}/${p.name}`;
    const actual = report.policies.find((x) => x.kind === p.kind && x.namespace === p.namespace && x.name === p.name);
    if (!actual) {
      out.push(`${label}: no status`);
      continue;
    }
    const [ns, name] = p.ancestor.split('/');
    const ancestor = actual.ancestors.find((a) => a.ancestorRef.namespace === ns && a.ancestorRef.name === name);
    if (!ancestor) {
      out.push(`${label}: no ancestor ${p.ancestor} reported`);
      continue;
    }
    for (const cond of p.conditions) checkCondition(`${label} → ${p.ancestor}`, ancestor.conditions, cond, out);
  }
  return out;
}

interface ActualOwner {
  conditions: Condition[];
  listeners: {
    name: string;
    attachedRoutes: number;
    supportedKinds: { group: string; kind: string }[];
    conditions: Condition[];
  }[];
  attachedListenerSets?: number;
}

function compareOwner(label: string, expected: ExpectedOwner, actual: ActualOwner | undefined, out: string[]): void {
  if (!actual) {
    out.push(`${label}: no status`);
    return;
  }
  for (const cond of expected.conditions ?? []) checkCondition(label, actual.conditions, cond, out);
  if (expected.attachedListenerSets !== undefined && actual.attachedListenerSets !== expected.attachedListenerSets) {
    out.push(
      `${label}: attachedListenerSets ${actual.attachedListenerSets}, expected ${expected.attachedListenerSets}`,
    );
  }
  if (expected.listenersExact && actual.listeners.length !== (expected.listeners ?? []).length)
    out.push(`${label}: ${actual.listeners.length} listeners, expected ${(expected.listeners ?? []).length}`);
  if (
    expected.zeroAttachedRoutes &&
    !(actual.listeners.length === 0 || (actual.listeners.length === 1 && actual.listeners[0]!.attachedRoutes === 0))
  ) {
    out.push(`${label}: expected zero attached routes`);
  }
  for (const cond of expected.allListenersConditions ?? [])
    for (const l of actual.listeners) checkCondition(`${label} listener ${l.name}`, l.conditions, cond, out);
  for (const l of expected.listeners ?? []) {
    const a = actual.listeners.find((x) => x.name === l.name);
    const where = `${label} listener ${l.name}`;
    if (!a) {
      out.push(`${where}: missing`);
      continue;
    }
    if (l.attachedRoutes !== undefined && a.attachedRoutes !== l.attachedRoutes)
      out.push(`${where}: attachedRoutes ${a.attachedRoutes}, expected ${l.attachedRoutes}`);
    if (l.supportedKindsMustBeEmpty && a.supportedKinds.length > 0)
      out.push(`${where}: supportedKinds ${JSON.stringify(a.supportedKinds)}, expected none`);
    for (const k of l.supportedKinds ?? [])
      if (!a.supportedKinds.some((x) => x.group === k.group && x.kind === k.kind))
        out.push(`${where}: supportedKinds lacks ${k.kind}`);
    for (const cond of l.conditions ?? []) checkCondition(where, a.conditions, cond, out);
  }
}

function checkCondition(label: string, actual: Condition[], expected: ExpectedCondition, out: string[]): void {
  const a = actual.find((x) => x.type === expected.type);
  if (!a) out.push(`${label}: no ${expected.type} condition`);
  else if (a.status !== expected.status || (expected.reason && a.reason !== expected.reason)) {
    out.push(
      `${label}: ${expected.type} ${a.status}/${a.reason}, expected ${expected.status}${expected.reason ? `/${expected.reason}` : ''} (${a.message})`,
    );
  }
}

/** Whether the case is a status or precondition case: every one must agree (mutation cases are checked too). */
export function inScope(c: ConformanceCase): boolean {
  return c.category !== 'mutation';
}
