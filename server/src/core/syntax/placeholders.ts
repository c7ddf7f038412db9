// Template placeholders: `{GATEWAY_CLASS_NAME}` (upstream's conformance templates), `${VAR}`
// (envsubst, Flux post-build substitution), `$(VAR)` (kustomize vars), `{{ .Values.x }}` (Go
// templates), `<name>` (docs). A file holding them is rendered before it is applied, so what a
// placeholder stands for is unknown: no object is called that, and no schema judges it.

import type { YNode } from './tree.js';

/** Whether a name is a placeholder: any braces qualify, since no object name holds them. */
export function isPlaceholder(name: string): boolean {
  return /\{[^{}]*\}|\$\([^()]*\)|<[^<>]+>/.test(name);
}

/**
 * Whether a value holds a template placeholder. Stricter than for names: a value may hold braces
 * of its own (an OpenAPI path template `/pets/{petId}` in a path match is a real mistake).
 */
export function isTemplated(value: string): boolean {
  return /\$\{[^{}]*\}|\$\([^()]*\)|\{\{[^{}]*\}\}|\{[A-Z][A-Z0-9_]*\}|<[^<>\s]+>/.test(value);
}

/** Whether a string somewhere in the subtree holds a template placeholder (asked once a check fails). */
export function holdsTemplated(node: YNode): boolean {
  if (node.kind === 'scalar') return typeof node.value === 'string' && isTemplated(node.value);
  if (node.kind === 'map') return node.entries.some((e) => holdsTemplated(e.value));
  return node.items.some(holdsTemplated);
}
