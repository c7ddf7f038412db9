// Typed, path-aware reading of a YAML tree. Every wrong type becomes an `InvalidField` problem at
// the offending node instead of an exception, so one bad field never hides the rest of an object.

import type { Span, YMap, YNode, YSeq } from '../syntax/tree.js';
import { entry } from '../syntax/tree.js';
import type { Located, Problem } from './resource.js';
import { flatCopy, intern, retainValue } from '../strings.js';
import { kubernetesReading, yaml11Message } from '../syntax/yaml11.js';

export class Reader {
  readonly problems: Problem[] = [];

  problem(span: Span, path: string, message: string, code = 'InvalidField'): void {
    this.problems.push({ code, message: flatCopy(message), span, path: intern(path) });
  }

  /**
   * Warns of a plain string Kubernetes reads as a boolean or number (`yes`, `0b1`): kubectl then
   * sends a non-string, which the API server rejects. Analysis goes on with the string.
   */
  yaml11(node: YNode, path: string): void {
    const reading = kubernetesReading(node);
    if (reading === undefined || node.kind !== 'scalar') return;
    this.problems.push({
      code: 'Yaml11Scalar',
      message: flatCopy(yaml11Message(String(node.value), reading)),
      span: node.span,
      path: intern(path),
    });
  }

  field(map: YMap | undefined, key: string): YNode | undefined {
    return field(map, key);
  }

  map(node: YNode | undefined, path: string): YMap | undefined {
    if (!node) return undefined;
    if (node.kind === 'map') return node;
    this.problem(node.span, path, `\`${path}\` must be a mapping.`);
    return undefined;
  }

  seq(node: YNode | undefined, path: string): YSeq | undefined {
    if (!node) return undefined;
    if (node.kind === 'seq') return node;
    this.problem(node.span, path, `\`${path}\` must be a list.`);
    return undefined;
  }

  string(node: YNode | undefined, path: string): Located<string> | undefined {
    if (!node) return undefined;
    if (node.kind === 'scalar' && typeof node.value === 'string') {
      this.yaml11(node, path);
      return { value: retainValue(node.value), span: node.span };
    }
    this.problem(
      node.span,
      path,
      `\`${path}\` must be a string${node.kind === 'scalar' ? `; quote it: "${String(node.value)}"` : ''}.`,
    );
    return undefined;
  }

  integer(node: YNode | undefined, path: string): Located<number> | undefined {
    if (!node) return undefined;
    if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isInteger(node.value))
      return { value: node.value, span: node.span };
    this.problem(node.span, path, `\`${path}\` must be an integer.`);
    return undefined;
  }

  /** A string that, when written, must not be empty (the CRDs' `minLength: 1`). */
  nonEmptyString(node: YNode | undefined, path: string): Located<string> | undefined {
    const s = this.string(node, path);
    if (s && s.value === '') {
      this.problem(s.span, path, `\`${path}\` must not be empty.`);
      return undefined;
    }
    return s;
  }

  /** A port number, 1 to 65535. */
  port(node: YNode | undefined, path: string): Located<number> | undefined {
    const p = this.integer(node, path);
    if (p && (p.value < 1 || p.value > 65535)) {
      this.problem(p.span, path, `\`${path}\` must be a port number from 1 to 65535, not ${p.value}.`);
      return undefined;
    }
    return p;
  }

  /** A string field that must be present. */
  requiredString(map: YMap, key: string, path: string, at: Span, allowEmpty = false): Located<string> | undefined {
    const node = this.field(map, key);
    if (!node) {
      this.problem(at, path, `\`${path}\` is required.`);
      return undefined;
    }
    return allowEmpty ? this.string(node, path) : this.nonEmptyString(node, path);
  }

  /** Items of a list field, each with its path. */
  items(map: YMap | undefined, key: string, path: string): { node: YNode; path: string }[] {
    const s = this.seq(this.field(map, key), path);
    return s ? s.items.map((node, i) => ({ node, path: `${path}[${i}]` })) : [];
  }
}

/** The value at `key`, or undefined when the key is absent or explicitly null. */
export function field(map: YMap | undefined, key: string): YNode | undefined {
  if (!map) return undefined;
  const e = entry(map, key);
  if (!e || isNull(e.value)) return undefined;
  return e.value;
}

function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === null && node.style === 'plain';
}

/** Scalar text for places where Kubernetes itself stringifies (label values, keys). */
export function scalarText(node: YNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  return retainValue(String(node.value));
}
