// `metav1.LabelSelector` evaluation against a namespace's labels (rules.md R4.4). When the namespace
// has no manifest in the workspace only `kubernetes.io/metadata.name` is known (Kubernetes sets it
// on every namespace, rules.md R1.9); a requirement on any other key is then unknown, not false.

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
  /** A `matchLabels` entry is the requirement `key In (value)`. */
  requirement: Pick<LabelRequirement, 'key' | 'operator' | 'values'>;
  result: Truth;
}

/** Why a requirement makes the selector invalid (the API server would reject it). */
export interface SelectorProblem {
  requirement: LabelRequirement;
  problem: 'needsValues' | 'mustNotHaveValues' | 'unknownOperator';
}

export interface SelectorResult {
  result: Truth;
  /** Each valid requirement's outcome, in selector order, for explanations. */
  requirements: RequirementResult[];
  invalid: SelectorProblem[];
}

export function evaluateSelector(selector: LabelSelector, ns: NamespaceLabels): SelectorResult {
  const requirements: RequirementResult[] = [];
  const invalid: SelectorProblem[] = [];
  let result: Truth = 'true';
  for (const l of selector.matchLabels) {
    const requirement = { key: l.key, operator: 'In', values: [l.value] };
    const r = matches(requirement, ns);
    requirements.push({ requirement, result: r });
    result = and(result, r);
  }
  for (const e of selector.matchExpressions) {
    const problem = requirementProblem(e);
    if (problem) {
      invalid.push({ requirement: e, problem });
      result = 'false';
      continue;
    }
    const r = matches(e, ns);
    requirements.push({ requirement: e, result: r });
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

function matches(req: Pick<LabelRequirement, 'key' | 'operator' | 'values'>, ns: NamespaceLabels): Truth {
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

function requirementProblem(e: LabelRequirement): SelectorProblem['problem'] | undefined {
  switch (e.operator) {
    case 'In':
    case 'NotIn':
      return e.values.length === 0 ? 'needsValues' : undefined;
    case 'Exists':
    case 'DoesNotExist':
      return e.values.length > 0 ? 'mustNotHaveValues' : undefined;
    default:
      return 'unknownOperator';
  }
}
