// One object against its CRD schema, in the API server's order: defaults (they are part of the
// values every later check reads), the OpenAPI schema (types, enums, patterns, formats, bounds,
// required fields, value alternatives), list-type map/set uniqueness, then the CEL rules — which
// the API server skips when the object has a type error, and so do we. Unknown fields are
// reported as `kubectl apply`'s strict field validation does, with a did-you-mean; a field that
// only the experimental channel's schema (`twin`) defines says so.
//
// CEL outcomes are kept per (schema node, hash of what its rules read — hash.ts), so a rule runs
// once per distinct subtree it applies to, however often that subtree recurs in a workspace: CEL
// evaluation is most of admission's cost.

import { editDistance } from '../editDistance.js';
import { holdsTemplated, isTemplated } from '../syntax/placeholders.js';
import type { Span, YMap, YNode } from '../syntax/tree.js';
import { compileRule, runItems, runMessageExpression, runRule } from './cel.js';
import { formatProblem } from './formats.js';
import type { Rule, Schema } from './schema.js';
import { kubernetesReading, yaml11Message } from '../syntax/yaml11.js';
import type { Value } from './value.js';
import { projectedHash } from './hash.js';
import { escapeProperty, isExplicitNull, ValueBuilder } from './value.js';

export type AdmissionCode =
  'InvalidField' | 'RuleViolation' | 'UnknownField' | 'ExperimentalOnly' | 'UnknownApiVersion' | 'Yaml11Scalar';

export interface AdmissionProblem {
  code: AdmissionCode;
  message: string;
  span: Span;
  /** The field path; a rule violation's ends in ` rule N` (its position in the CRD), keeping subjects distinct. */
  path: string;
  /** A replacement for the text at `span` that repairs the problem (a misspelt key, a served apiVersion). */
  suggestion?: { span: Span; name: string };
}

export interface ObjectSchema {
  root: Schema;
  /** The experimental channel's schema of the same kind and version, in a standard-channel workspace. */
  twin?: Schema;
  /** `status` is a subresource: the API server drops it on create, so it is not checked. */
  statusSubresource: boolean;
  /** Names the CRD in messages: `HTTPRoute`. */
  kind: string;
}

/** Fields of ObjectMeta a manifest may set (the CRD schemas say only `type: object`). */
const OBJECT_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'finalizers',
  'ownerReferences',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
];

/** What a node's rules concluded, per (schema node, content hash). Bounded: cleared when full. */
interface RuleOutcome {
  rule: Rule;
  result: 'fail' | 'error';
  message: string;
  /** Failing items or keys of a `self.all(x, P)` rule, by position. */
  items: number[];
}
const outcomes = new Map<number, Map<number, RuleOutcome[]>>();
let outcomeCount = 0;
const OUTCOMES_LIMIT = 100_000;

export function validateObject(root: YMap, schema: ObjectSchema): AdmissionProblem[] {
  const v = new Validator(schema);
  v.object(root);
  return v.result();
}

class Validator {
  private readonly schemaProblems: AdmissionProblem[] = [];
  private readonly ruleProblems: AdmissionProblem[] = [];
  private readonly ruleErrors: AdmissionProblem[] = [];
  /** A schema error that keeps the API server from evaluating CEL rules (see walk). */
  private typeError = false;
  private readonly values = new ValueBuilder();

  constructor(private readonly schema: ObjectSchema) {}

  object(root: YMap): void {
    const metadata = root.entries.find((e) => e.key === 'metadata');
    if (metadata) this.metadata(metadata.value);
    // Every object's apiVersion and kind are the API server's own: a CRD schema need not list them.
    const skip = new Set(['metadata', 'apiVersion', 'kind']);
    if (this.schema.statusSubresource) skip.add('status');
    this.walk(root, this.schema.root, this.schema.twin, '', root.span, skip);
  }

  result(): AdmissionProblem[] {
    const rules = this.typeError ? [] : this.ruleProblems;
    const errors = this.typeError || this.schemaProblems.length > 0 ? [] : this.ruleErrors;
    return [...this.schemaProblems, ...rules, ...errors];
  }

  private metadata(node: YNode): void {
    if (node.kind !== 'map') {
      if (!isExplicitNull(node)) this.invalid('metadata', node.span, '`metadata` must be a mapping.', true);
      return;
    }
    for (const e of node.entries) {
      if (OBJECT_META_FIELDS.includes(e.key)) continue;
      const suggestion = closest(e.key, OBJECT_META_FIELDS);
      this.schemaProblems.push({
        code: 'UnknownField',
        message: `Unknown field \`${e.key}\` in \`metadata\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        span: e.keySpan,
        path: `metadata.${e.key}`,
        ...(suggestion ? { suggestion: { span: e.keySpan, name: suggestion } } : {}),
      });
    }
  }

  /**
   * Validates `node` against `s` and returns its content hash. `at` is where findings about the
   * node as a whole go (its key, or the first line of a list item); `skip` names root entries
   * handled elsewhere.
   */
  private walk(node: YNode, s: Schema, twin: Schema | undefined, path: string, at: Span, skip?: Set<string>): void {
    // Plain scalars as Kubernetes reads them (YAML 1.1): `yes` is a boolean.
    const reading = node.kind === 'scalar' ? kubernetesReading(node) : undefined;
    if (!this.typeMatches(node, reading, s, path)) return;
    if (node.kind === 'scalar') this.scalar(reading ?? node.value, s, twin, path, node.span);
    else if (node.kind === 'map') this.map(node, s, twin, path, at, skip);
    else this.seq(node, s, twin, path, at);
    if (s.hasAlternatives) this.alternatives(node, s, path, at);
    // The API server skips every CEL rule of an object with a blocking schema error (a wrong type, a
    // required field missing, a value outside its enum, a list or string over its maximum): their
    // results would be dropped, and a rule over an oversized list costs its square.
    if (s.hasRules && !this.typeError) this.rules(node, s, path, at);
  }

  private typeMatches(node: YNode, reading: boolean | number | undefined, s: Schema, path: string): boolean {
    const value = node.kind === 'scalar' ? (reading ?? node.value) : undefined;
    const actual =
      node.kind === 'map'
        ? 'object'
        : node.kind === 'seq'
          ? 'array'
          : value === null
            ? 'null'
            : typeof value === 'number'
              ? Number.isInteger(value)
                ? 'integer'
                : 'number'
              : typeof value;
    if (actual === 'null' && s.nullable) return true;
    if ((s.type === 'string' || s.intOrString) && reading !== undefined) {
      this.yaml11(node, reading, path);
      return false;
    }
    let ok: boolean;
    if (s.intOrString) ok = actual === 'integer' || actual === 'string';
    else if (s.type === undefined) ok = true;
    else if (s.type === 'number') ok = actual === 'number' || actual === 'integer';
    else ok = actual === s.type;
    if (ok) return true;
    this.typeError = true;
    // A template placeholder where a number goes (`port: ${PORT}`): rendered before it is applied.
    if (typeof value === 'string' && isTemplated(value)) return false;
    const expected = s.intOrString ? 'an integer or a string' : article(s.type!);
    const hint =
      actual === 'integer' || actual === 'number' || actual === 'boolean' ? ' (quote it to make it a string)' : '';
    this.invalid(
      path,
      node.span,
      `\`${display(path)}\` must be ${expected}, not ${article(actual)}${s.type === 'string' ? hint : ''}.`,
    );
    return false;
  }

  /**
   * A plain string Kubernetes reads as a boolean or number where a string is expected: kubectl
   * sends the boolean or number, which the API server rejects (or, for an int-or-string, stores as
   * a number). One warning says so, instead of the type error.
   */
  private yaml11(node: YNode, reading: boolean | number, path: string): void {
    if (node.kind !== 'scalar') return;
    this.typeError = true;
    this.schemaProblems.push({
      code: 'Yaml11Scalar',
      message: yaml11Message(String(node.value), reading),
      span: node.span,
      path,
    });
  }

  private scalar(
    value: string | number | boolean | null,
    s: Schema,
    twin: Schema | undefined,
    path: string,
    span: Span,
  ): void {
    const problem = scalarProblem(value, s);
    if (!problem || (typeof value === 'string' && isTemplated(value))) return;
    // An enum or maximum-length violation keeps the API server from evaluating the CEL rules.
    const outsideEnum = s.enum !== undefined && problem.startsWith('must be one of');
    const blocking = outsideEnum || (s.maxLength !== undefined && problem.startsWith('must be at most'));
    if (outsideEnum && twin?.enum && !scalarProblem(value, twin)) {
      // A value the experimental channel added (a filter type, say): the workspace may well use
      // that channel, so this is the channel warning, as for an experimental field.
      this.typeError = true;
      this.schemaProblems.push({
        code: 'ExperimentalOnly',
        message: `${JSON.stringify(value)} in \`${display(path)}\` is a value of the experimental channel's ${this.schema.kind}; the standard channel's CRD does not accept it. Use a standard value, or the experimental CRDs (gatewayRefs.channel).`,
        span,
        path,
      });
      return;
    }
    this.invalid(path, span, `\`${display(path)}\` ${problem}.`, blocking);
  }

  private map(node: YMap, s: Schema, twin: Schema | undefined, path: string, at: Span, skip?: Set<string>): void {
    const props = s.properties;
    const additional = s.additionalProperties;
    const present = new Set<string>();
    for (const e of node.entries) {
      if (skip?.has(e.key)) continue;
      const childPath = path === '' ? e.key : `${path}.${e.key}`;
      const child = props?.get(e.key);
      if (child) {
        if (isExplicitNull(e.value) && !child.nullable) continue; // pruned, then defaulted
        present.add(e.key);
        this.walk(e.value, child, twin?.properties?.get(e.key), childPath, e.keySpan);
      } else if (additional !== undefined) {
        present.add(e.key);
        if (additional !== true) this.walk(e.value, additional, undefined, childPath, e.keySpan);
      } else if (!s.preserveUnknown) {
        this.unknownField(e.key, e.keySpan, path, s, twin);
      }
    }
    for (const key of s.required) {
      if (present.has(key) || skip?.has(key)) continue;
      if (props?.get(key) && 'default' in props.get(key)!.raw) continue;
      this.invalid(
        path === '' ? key : `${path}.${key}`,
        at,
        `\`${display(path === '' ? key : `${path}.${key}`)}\` is required.`,
        true,
      );
    }
    const n = node.entries.length;
    if (s.minProperties !== undefined && n < s.minProperties)
      this.invalid(path, at, `\`${display(path)}\` must have at least ${plural(s.minProperties, 'field')}.`);
    if (s.maxProperties !== undefined && n > s.maxProperties)
      this.invalid(
        path,
        at,
        `\`${display(path)}\` must have at most ${plural(s.maxProperties, 'field')}, not ${n}.`,
        true,
      );
  }

  private seq(node: YNode & { kind: 'seq' }, s: Schema, twin: Schema | undefined, path: string, at: Span): void {
    const items = s.items;
    node.items.forEach((item, i) => {
      if (items && !(isExplicitNull(item) && !items.nullable))
        this.walk(item, items, twin?.items, `${path}[${i}]`, itemSpan(item));
    });
    const n = node.items.length;
    if (s.minItems !== undefined && n < s.minItems)
      this.invalid(path, at, `\`${display(path)}\` must have at least ${plural(s.minItems, 'item')}.`);
    if (s.maxItems !== undefined && n > s.maxItems)
      this.invalid(path, at, `\`${display(path)}\` must have at most ${plural(s.maxItems, 'item')}, not ${n}.`, true);
    if (s.listType === 'set' || s.uniqueItems) this.uniqueItems(node, s, path);
    else if (s.listType === 'map' && s.listMapKeys.length > 0) this.uniqueKeys(node, s, path);
  }

  private uniqueItems(node: YNode & { kind: 'seq' }, s: Schema, path: string): void {
    const seen = new Set<string>();
    node.items.forEach((item, i) => {
      const k = canonical(this.values.value(item, s.items));
      if (seen.has(k)) this.invalid(`${path}[${i}]`, item.span, `\`${display(path)}\` must not repeat a value (${k}).`);
      seen.add(k);
    });
  }

  private uniqueKeys(node: YNode & { kind: 'seq' }, s: Schema, path: string): void {
    const seen = new Set<string>();
    node.items.forEach((item, i) => {
      if (item.kind !== 'map') return;
      const v = this.values.value(item, s.items);
      if (!(v instanceof Map)) return;
      const parts = s.listMapKeys.map((k) => `${k}=${canonical(v.get(escapeProperty(k)) ?? null)}`);
      const k = parts.join(', ');
      if (seen.has(k))
        this.invalid(
          `${path}[${i}]`,
          itemSpan(item),
          `\`${display(path)}\` has two items with ${k}; the ${plural(s.listMapKeys.length, 'key')} ${s.listMapKeys.join(', ')} must be unique.`,
        );
      seen.add(k);
    });
  }

  private alternatives(node: YNode, s: Schema, path: string, at: Span): void {
    const problem = alternativesProblem(this.values.value(node, s), s);
    if (!problem || holdsTemplated(node)) return;
    const target = nodeAt(node, problem.at);
    const fieldPath = [path, ...problem.at].filter((p) => p !== '').join('.');
    this.invalid(fieldPath, target?.span ?? at, `\`${display(fieldPath)}\` ${problem.message}.`);
  }

  private rules(node: YNode, s: Schema, path: string, at: Span): void {
    if (s.rules.length === 0) return;
    const found = this.ruleOutcomes(node, s);
    // Rules over a template's placeholders judge the placeholder, not what it will be rendered to.
    if (found.length === 0 || holdsTemplated(node)) return;
    for (const o of found) {
      const rulePath = `${path === '' ? '' : `${path} `}rule ${o.rule.index}`;
      if (o.result === 'error') {
        this.ruleErrors.push({ code: 'RuleViolation', message: o.message, span: at, path: rulePath });
        continue;
      }
      // On a list or map rule `self.all(x, P)`, the finding goes on each item (or key) that fails P.
      for (const i of o.items) {
        const entry = node.kind === 'map' ? node.entries[i] : undefined;
        const item = node.kind === 'seq' ? node.items[i] : undefined;
        this.ruleProblems.push({
          code: 'RuleViolation',
          message: o.message,
          span: entry ? entry.keySpan : item ? itemSpan(item) : at,
          path: `${path}${entry ? `.${entry.key}` : `[${i}]`} rule ${o.rule.index}`,
        });
      }
      if (o.items.length > 0) continue;
      const target = o.rule.fieldPath ? nodeAtFieldPath(node, o.rule.fieldPath) : undefined;
      this.ruleProblems.push({ code: 'RuleViolation', message: o.message, span: target?.span ?? at, path: rulePath });
    }
  }

  /** The failures of the node's rules, remembered per schema node and content hash. */
  private ruleOutcomes(node: YNode, s: Schema): RuleOutcome[] {
    const hash = projectedHash(node, s, s.fieldsReadByRules);
    let bySchema = outcomes.get(s.id);
    let found = bySchema?.get(hash);
    if (!found) {
      found = this.evaluate(node, s);
      if (outcomeCount >= OUTCOMES_LIMIT) {
        outcomes.clear();
        outcomeCount = 0;
        bySchema = undefined;
      }
      if (!bySchema) outcomes.set(s.id, (bySchema = new Map<number, RuleOutcome[]>()));
      bySchema.set(hash, found);
      outcomeCount++;
    }
    return found;
  }

  /** Runs the node's rules on its value (defaults applied); only the failures are kept. */
  private evaluate(node: YNode, s: Schema): RuleOutcome[] {
    const self = this.values.value(node, s);
    const found: RuleOutcome[] = [];
    for (const rule of s.rules) {
      const outcome = runRule(rule.program, self);
      if (outcome.result === 'pass' || outcome.result === 'unchecked') continue;
      const message = (rule.messageProgram && runMessageExpression(rule.messageProgram, self)) || rule.message;
      if (outcome.result === 'error') {
        found.push({
          rule,
          result: 'error',
          message: `${message} (the rule could not be evaluated: ${outcome.message})`,
          items: [],
        });
        continue;
      }
      const located =
        node.kind === 'seq' || (node.kind === 'map' && !node.entries.some((e) => isExplicitNull(e.value)));
      found.push({ rule, result: 'fail', message, items: located ? failingItems(rule, self) : [] });
    }
    return found;
  }

  private unknownField(key: string, keySpan: Span, path: string, s: Schema, twin: Schema | undefined): void {
    const where = path === '' ? 'at the top level' : `in \`${display(path)}\``;
    const fieldPath = path === '' ? key : `${path}.${key}`;
    if (twin?.properties?.has(key)) {
      this.schemaProblems.push({
        code: 'ExperimentalOnly',
        message: `\`${key}\` ${where} is a field of the experimental channel's ${this.schema.kind}; the standard channel's CRD does not have it. Remove it, or use the experimental CRDs (gatewayRefs.channel).`,
        span: keySpan,
        path: fieldPath,
      });
      return;
    }
    const suggestion = closest(key, [...(s.properties?.keys() ?? [])]);
    this.schemaProblems.push({
      code: 'UnknownField',
      message: `Unknown field \`${key}\` ${where}: the ${this.schema.kind} CRD does not define it.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      span: keySpan,
      path: fieldPath,
      ...(suggestion ? { suggestion: { span: keySpan, name: suggestion } } : {}),
    });
  }

  private invalid(path: string, span: Span, message: string, isTypeError = false): void {
    if (isTypeError) this.typeError = true;
    // One schema finding per field: the first, as a user fixes them one at a time anyway.
    if (this.schemaProblems.some((p) => p.code === 'InvalidField' && p.path === path)) return;
    this.schemaProblems.push({ code: 'InvalidField', message, span, path });
  }
}

/**
 * The items of a list that make a `self.all(x, P)` rule fail (see Rule.items): every one, or for a
 * rule comparing items with each other (uniqueness), all but the first — the repeats.
 */
function failingItems(rule: Rule, self: Value): number[] {
  const program = rule.items && compileRule(rule.items.expression);
  if (!rule.items || !program) return [];
  const outcome = runItems(program, self);
  if (!outcome) return [];
  const failing = outcome.flatMap((ok, i) => (ok === false ? [i] : []));
  return rule.items.dependOnList && failing.length > 1 ? failing.slice(1) : failing;
}

/** The value checks of a scalar: enum, pattern, format, length, bounds. Undefined when it passes. */
function scalarProblem(value: string | number | boolean | null | bigint, s: Schema): string | undefined {
  if (s.enum && !s.enum.some((e) => e === value || (typeof value === 'bigint' && e === Number(value)))) {
    const shown = s.enum.map((e) => String(e)).join(', ');
    return `must be one of ${shown}, not ${JSON.stringify(typeof value === 'bigint' ? Number(value) : value)}`;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (s.minLength !== undefined && length < s.minLength)
      return s.minLength === 1 ? 'must not be empty' : `must be at least ${plural(s.minLength, 'character')} long`;
    if (s.maxLength !== undefined && length > s.maxLength)
      return `must be at most ${plural(s.maxLength, 'character')} long, not ${length}`;
    const pattern = s.pattern;
    if (pattern && !pattern(value))
      return `${JSON.stringify(value)} does not match the pattern \`${String(s.raw['pattern'])}\``;
    if (s.format) {
      const expected = formatProblem(s.format, value);
      if (expected) return `must be ${expected}, not ${JSON.stringify(value)}`;
    }
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    if (s.minimum !== undefined && (s.exclusiveMinimum ? n <= s.minimum : n < s.minimum))
      return `must be ${s.exclusiveMinimum ? 'greater than' : 'at least'} ${s.minimum}, not ${n}`;
    if (s.maximum !== undefined && (s.exclusiveMaximum ? n >= s.maximum : n > s.maximum))
      return `must be ${s.exclusiveMaximum ? 'less than' : 'at most'} ${s.maximum}, not ${n}`;
    if (s.multipleOf !== undefined && s.multipleOf > 0 && n % s.multipleOf !== 0)
      return `must be a multiple of ${s.multipleOf}`;
  }
  return undefined;
}

interface ValueProblem {
  /** Property names from the value checked down to the offending one. */
  at: string[];
  message: string;
}

/** `oneOf`/`anyOf`/`allOf`/`not` on a value (with defaults): structural schemas use them for value checks only. */
function alternativesProblem(value: Value, s: Schema): ValueProblem | undefined {
  const { oneOf, anyOf, allOf, not } = s.alternatives;
  for (const branch of allOf) {
    const p = valueProblem(value, branch);
    if (p) return p;
  }
  if (anyOf.length > 0) {
    const problems = anyOf.map((b) => valueProblem(value, b));
    if (problems.every((p) => p)) {
      const formats = anyOf.map((b) => (b.format ? formatName(b.format) : undefined));
      return formats.every((f) => f)
        ? { at: [], message: `must be ${formats.join(' or ')}` }
        : deepest(problems as ValueProblem[]);
    }
  }
  if (oneOf.length > 0) {
    const problems = oneOf.map((b) => valueProblem(value, b));
    const passing = problems.filter((p) => !p).length;
    if (passing === 0) return deepest(problems as ValueProblem[]);
    if (passing > 1) return { at: [], message: 'matches more than one of the alternatives the CRD allows (oneOf)' };
  }
  if (not && !valueProblem(value, not)) {
    const shown = not.enum ? `one of ${not.enum.map(String).join(', ')}` : 'what the CRD excludes';
    return { at: [], message: `must not be ${shown}` };
  }
  return undefined;
}

function valueProblem(value: Value, s: Schema): ValueProblem | undefined {
  const problem = scalarLike(value) ? scalarProblem(value as string | number | boolean | null | bigint, s) : undefined;
  if (problem) return { at: [], message: problem };
  if (value instanceof Map) {
    for (const key of s.required) if (!value.has(escapeProperty(key))) return { at: [key], message: 'is required' };
    for (const [key, child] of s.properties ?? []) {
      const v = value.get(escapeProperty(key));
      if (v === undefined) continue;
      const p = valueProblem(v, child);
      if (p) return { at: [key, ...p.at], message: p.message };
    }
  }
  if (Array.isArray(value) && s.items) {
    for (const v of value) {
      const p = valueProblem(v, s.items);
      if (p) return p;
    }
  }
  return s.hasAlternatives ? alternativesProblem(value, s) : undefined;
}

const scalarLike = (v: Value) => v === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof v);

function deepest(problems: ValueProblem[]): ValueProblem {
  return problems.reduce((best, p) => (p.at.length > best.at.length ? p : best));
}

/** What a format asks for, in words: what formatProblem says a value that fits nothing must be. */
function formatName(format: string): string {
  return formatProblem(format, '\u0000') ?? format;
}

/** A JSON-like rendering for uniqueness keys and messages. */
function canonical(v: Value): string {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${k}:${canonical(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return JSON.stringify(v) ?? 'null';
}

/** The node under `node` at property path `at`. */
function nodeAt(node: YNode, at: string[]): YNode | undefined {
  let n: YNode | undefined = node;
  for (const key of at) {
    if (n?.kind !== 'map') return undefined;
    n = n.entries.find((e) => e.key === key)?.value;
  }
  return n;
}

/** A rule's `fieldPath` (`.spec.foo`, `['a.b']`) under `node`. */
function nodeAtFieldPath(node: YNode, fieldPath: string): YNode | undefined {
  const keys = [...fieldPath.matchAll(/\.([^.[\]]+)|\['([^']*)'\]/g)].map((m) => m[1] ?? m[2] ?? '');
  return nodeAt(node, keys);
}

/** Where a finding about a list item goes: its first line (`- name: x`), not the whole item. */
function itemSpan(item: YNode): Span {
  if (item.kind !== 'map' || item.flow || item.entries.length === 0) return item.span;
  const first = item.entries[0]!;
  return { start: first.keySpan.start, end: first.value.kind === 'scalar' ? first.value.span.end : first.keySpan.end };
}

/** A path as users read it: `spec.rules[0].matches[1]`, or `the object` at the top. */
function display(path: string): string {
  return path === '' ? 'the object' : path;
}

function article(type: string): string {
  return type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The best did-you-mean among `candidates`: a case-insensitive match, else the nearest within a few edits. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === lower);
  if (same) return same;
  const limit = Math.max(1, Math.floor(name.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
