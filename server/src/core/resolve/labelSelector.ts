// `metav1.LabelSelector` evaluation against a namespace's labels (RULES R4.4). When the namespace
// has no manifest in the workspace only `kubernetes.io/metadata.name` is known (Kubernetes sets it
// on every namespace, R1.9); a requirement on any other key is then unknown, not false.

import type { Label, LabelRequirement, LabelSelector } from '../model/resource.js';
import type { Truth } from './verdict.js';
import { and } from './verdict.js';

export const NAME_LABEL = 'kubernetes.io/metadata.name';

export interface NamespaceLabels {
  name: string;
  /** Written labels, or undefined when no Namespace manifest is known. */
  labels?: readonly Label[];
}

export interface RequirementResult {
  text: string;
  result: Truth;
}

export interface SelectorResult {
  result: Truth;
  /** One line per requirement, in selector order, for explanations. */
  requirements: RequirementResult[];
  /** Structural errors that make the selector invalid (the API server would reject it). */
  invalid: string[];
}

export function evaluateSelector(selector: LabelSelector, ns: NamespaceLabels): SelectorResult {
  const requirements: RequirementResult[] = [];
  const invalid: string[] = [];
  let result: Truth = 'true';
  for (const l of selector.matchLabels) {
    const r = matches({ key: l.key, operator: 'In', values: [l.value], span: l.span }, ns);
    requirements.push({ text: `${l.key}=${l.value}`, result: r });
    result = and(result, r);
  }
  for (const e of selector.matchExpressions) {
    const problem = requirementProblem(e);
    if (problem) {
      invalid.push(problem);
      result = 'false';
      continue;
    }
    const r = matches(e, ns);
    requirements.push({ text: describeRequirement(e), result: r });
    result = and(result, r);
  }
  return { result, requirements, invalid };
}

/** The value of `key` on the namespace: a string, null when known absent, undefined when unknown. */
export function labelValue(ns: NamespaceLabels, key: string): string | null | undefined {
  if (key === NAME_LABEL) return ns.name;
  if (!ns.labels) return undefined;
  const label = ns.labels.find((l) => l.key === key);
  return label ? label.value : null;
}

function matches(req: LabelRequirement, ns: NamespaceLabels): Truth {
  const value = labelValue(ns, req.key);
  if (value === undefined) return 'unknown';
  switch (req.operator) {
    case 'In':
      return value !== null && req.values.includes(value) ? 'true' : 'false';
    case 'NotIn':
      return value === null || !req.values.includes(value) ? 'true' : 'false';
    case 'Exists':
      return value !== null ? 'true' : 'false';
    case 'DoesNotExist':
      return value === null ? 'true' : 'false';
    default:
      return 'false';
  }
}

function requirementProblem(e: LabelRequirement): string | undefined {
  switch (e.operator) {
    case 'In':
    case 'NotIn':
      return e.values.length === 0 ? `operator ${e.operator} on "${e.key}" needs at least one value` : undefined;
    case 'Exists':
    case 'DoesNotExist':
      return e.values.length > 0 ? `operator ${e.operator} on "${e.key}" must not have values` : undefined;
    default:
      return `"${e.operator}" is not a label selector operator (In, NotIn, Exists, DoesNotExist)`;
  }
}

function describeRequirement(e: LabelRequirement): string {
  switch (e.operator) {
    case 'In':
      return e.values.length === 1 ? `${e.key}=${e.values[0]}` : `${e.key} in (${e.values.join(', ')})`;
    case 'NotIn':
      return `${e.key} notin (${e.values.join(', ')})`;
    case 'Exists':
      return e.key;
    case 'DoesNotExist':
      return `!${e.key}`;
    default:
      return `${e.key} ${e.operator} (${e.values.join(', ')})`;
  }
}

export function describeSelector(selector: LabelSelector): string {
  const parts = [
    ...selector.matchLabels.map((l) => `${l.key}=${l.value}`),
    ...selector.matchExpressions.map(describeRequirement),
  ];
  return parts.length === 0 ? '{} (every namespace)' : parts.join(', ');
}
