// An `openAPIV3Schema` node, compiled lazily as validation reaches it: its structural parts
// (type, properties, items, additionalProperties, defaults, list type), its value checks (enum,
// pattern, format, bounds) and its CEL rules. Nodes are cached per raw schema object, so each
// bundled schema is compiled at most once per process and only where documents go.

import type { Program } from './cel.js';
import { compileRule, isTransitionRule } from './cel.js';
import type { RawSchema } from './crd.js';
import { compilePattern } from './patterns.js';

export interface Rule {
  /** Position among the node's `x-kubernetes-validations`: part of a finding's stable subject. */
  index: number;
  expression: string;
  program: Program;
  message: string;
  messageProgram?: Program;
  fieldPath?: string;
  /**
   * For a rule on a list of the form `self.all(x, P)`: `self.map(x, P)`, which tells the items that
   * fail, so the finding can sit on them rather than on the whole list (compiled when the rule first
   * fails). `dependOnList`: P reads `self` too (a uniqueness rule), so the first of several failing
   * items is left out.
   */
  items?: { expression: string; dependOnList: boolean };
}

const isRecord = (v: unknown): v is RawSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

let nextId = 0;
const compiled = new WeakMap<RawSchema, Schema>();

export function schemaOf(raw: RawSchema): Schema {
  let s = compiled.get(raw);
  if (!s) {
    s = new Schema(raw);
    compiled.set(raw, s);
  }
  return s;
}

export class Schema {
  readonly id = nextId++;
  readonly type: string | undefined;
  readonly nullable: boolean;
  readonly intOrString: boolean;
  readonly preserveUnknown: boolean;
  readonly embeddedResource: boolean;
  readonly format: string | undefined;
  readonly enum: readonly unknown[] | undefined;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly exclusiveMinimum: boolean;
  readonly exclusiveMaximum: boolean;
  readonly multipleOf: number | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  readonly minProperties: number | undefined;
  readonly maxProperties: number | undefined;
  readonly required: readonly string[];
  readonly listType: string | undefined;
  readonly listMapKeys: readonly string[];
  readonly uniqueItems: boolean;
  /** Whether the node has CEL rules (fields, not getters: validation asks at every node it walks). */
  readonly hasRules: boolean;
  /** Whether the node has value alternatives (`oneOf`, `anyOf`, `allOf`, `not`). */
  readonly hasAlternatives: boolean;
  private props?: Map<string, Schema> | null;
  private itemSchema?: Schema | null;
  private additional?: Schema | true | null;
  private ruleList?: Rule[];
  private defaultList?: [string, unknown][];
  private branches?: { oneOf: Schema[]; anyOf: Schema[]; allOf: Schema[]; not: Schema | undefined };
  private patternMatcher?: ((s: string) => boolean) | null;
  private fieldsRead?: Set<string> | null;

  constructor(readonly raw: RawSchema) {
    this.type = typeof raw['type'] === 'string' ? raw['type'] : undefined;
    this.nullable = raw['nullable'] === true;
    this.intOrString = raw['x-kubernetes-int-or-string'] === true;
    this.preserveUnknown = raw['x-kubernetes-preserve-unknown-fields'] === true;
    this.embeddedResource = raw['x-kubernetes-embedded-resource'] === true;
    this.format = typeof raw['format'] === 'string' ? raw['format'] : undefined;
    this.enum = Array.isArray(raw['enum']) ? raw['enum'] : undefined;
    this.minimum = num(raw['minimum']);
    this.maximum = num(raw['maximum']);
    this.exclusiveMinimum = raw['exclusiveMinimum'] === true;
    this.exclusiveMaximum = raw['exclusiveMaximum'] === true;
    this.multipleOf = num(raw['multipleOf']);
    this.minLength = num(raw['minLength']);
    this.maxLength = num(raw['maxLength']);
    this.minItems = num(raw['minItems']);
    this.maxItems = num(raw['maxItems']);
    this.minProperties = num(raw['minProperties']);
    this.maxProperties = num(raw['maxProperties']);
    this.required = Array.isArray(raw['required']) ? raw['required'].filter((k) => typeof k === 'string') : [];
    this.listType = typeof raw['x-kubernetes-list-type'] === 'string' ? raw['x-kubernetes-list-type'] : undefined;
    const keys = raw['x-kubernetes-list-map-keys'];
    this.listMapKeys = Array.isArray(keys) ? keys.filter((k) => typeof k === 'string') : [];
    this.uniqueItems = raw['uniqueItems'] === true;
    this.hasRules = Array.isArray(raw['x-kubernetes-validations']);
    this.hasAlternatives = 'oneOf' in raw || 'anyOf' in raw || 'allOf' in raw || 'not' in raw;
  }

  get properties(): Map<string, Schema> | undefined {
    if (this.props === undefined) {
      const p = this.raw['properties'];
      this.props = isRecord(p)
        ? new Map(Object.entries(p).flatMap(([k, v]) => (isRecord(v) ? [[k, schemaOf(v)] as const] : [])))
        : null;
    }
    return this.props ?? undefined;
  }

  get items(): Schema | undefined {
    if (this.itemSchema === undefined) {
      const i = this.raw['items'];
      this.itemSchema = isRecord(i) ? schemaOf(i) : null;
    }
    return this.itemSchema ?? undefined;
  }

  /** `additionalProperties`: the schema of every value of a map, or true for "anything". */
  get additionalProperties(): Schema | true | undefined {
    if (this.additional === undefined) {
      const a = this.raw['additionalProperties'];
      this.additional = a === true ? true : isRecord(a) ? schemaOf(a) : null;
    }
    return this.additional ?? undefined;
  }

  /** Properties with a `default`, applied (before validation) where the property is absent. */
  get defaults(): readonly [string, unknown][] {
    if (!this.defaultList) {
      this.defaultList = [];
      for (const [key, s] of this.properties ?? [])
        if ('default' in s.raw) this.defaultList.push([key, s.raw['default']]);
    }
    return this.defaultList;
  }

  /** CEL rules, compiled; transition rules (`oldSelf`) and rules this environment cannot compile left out. */
  get rules(): readonly Rule[] {
    if (!this.ruleList) {
      this.ruleList = [];
      const list = this.raw['x-kubernetes-validations'];
      (Array.isArray(list) ? list : []).forEach((r: unknown, index) => {
        if (!isRecord(r) || typeof r['rule'] !== 'string' || isTransitionRule(r['rule'])) return;
        const program = compileRule(r['rule']);
        if (!program) return;
        const rule: Rule = {
          index,
          expression: r['rule'],
          program,
          message: typeof r['message'] === 'string' && r['message'] !== '' ? r['message'] : `failed rule: ${r['rule']}`,
        };
        const messageProgram =
          typeof r['messageExpression'] === 'string' ? compileRule(r['messageExpression']) : undefined;
        if (messageProgram) rule.messageProgram = messageProgram;
        if (typeof r['fieldPath'] === 'string') rule.fieldPath = r['fieldPath'];
        const items = perItem(r['rule']);
        if (items) rule.items = items;
        this.ruleList!.push(rule);
      });
    }
    return this.ruleList;
  }

  /**
   * The property names the node's rules can read (field selections in their expressions), or
   * null when a rule may observe more (it compares whole objects): what a rule outcome depends on,
   * so outcomes are reused for subtrees that agree on these fields.
   */
  get fieldsReadByRules(): Set<string> | null {
    if (this.fieldsRead === undefined) {
      const fields = new Set<string>();
      let all = false;
      const list = this.raw['x-kubernetes-validations'];
      for (const r of Array.isArray(list) ? list : []) {
        if (!isRecord(r)) continue;
        for (const key of ['rule', 'messageExpression']) {
          const text = r[key];
          if (typeof text !== 'string') continue;
          if (observesWholeValues(text)) all = true;
          for (const m of text.matchAll(/\.\s*([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()/g))
            fields.add(unescapeProperty(m[1]!));
        }
      }
      this.fieldsRead = all ? null : fields;
    }
    return this.fieldsRead;
  }

  /** The value-validation alternatives (structural schemas allow them only around value checks). */
  get alternatives(): { oneOf: Schema[]; anyOf: Schema[]; allOf: Schema[]; not: Schema | undefined } {
    if (!this.branches) {
      const list = (k: string) => {
        const v = this.raw[k];
        return Array.isArray(v) ? v.filter(isRecord).map(schemaOf) : [];
      };
      const not = this.raw['not'];
      this.branches = {
        oneOf: list('oneOf'),
        anyOf: list('anyOf'),
        allOf: list('allOf'),
        not: isRecord(not) ? schemaOf(not) : undefined,
      };
    }
    return this.branches;
  }

  /** The `pattern` as a test, or undefined when there is none (or it cannot be compiled). */
  get pattern(): ((s: string) => boolean) | undefined {
    if (this.patternMatcher === undefined) {
      const p = this.raw['pattern'];
      this.patternMatcher = typeof p === 'string' ? (compilePattern(p) ?? null) : null;
    }
    return this.patternMatcher ?? undefined;
  }
}

/** `self.all(x, P)` as `self.map(x, P)`, when the rule is exactly that (see Rule.items). */
function perItem(expression: string): { expression: string; dependOnList: boolean } | undefined {
  const m = /^\s*self\.all\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,([\s\S]*)\)\s*$/.exec(expression);
  if (!m || !balanced(m[2]!)) return undefined;
  return { expression: `self.map(${m[1]!}, ${m[2]!})`, dependOnList: /\bself\b/.test(m[2]!) };
}

/** Whether parentheses and brackets balance outside string literals (so `P` is the macro's whole body). */
function balanced(text: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
      continue;
    }
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      quote = text.slice(i, i + 3);
      i += 2;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0 && quote === '';
}

/**
 * Whether an expression may compare or test whole values rather than fields: `a == b` or `x in y`
 * with a bare variable operand (two list items compared as objects, say).
 */
function observesWholeValues(expression: string): boolean {
  const code = expression.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""');
  const bare = '(?<![.\\w])(?!true\\b|false\\b|null\\b)[A-Za-z_]\\w*(?![\\w.(\\[])';
  return new RegExp(`${bare}\\s*(==|!=|\\bin\\b)|(==|!=|\\bin\\b)\\s*${bare}`).test(code);
}

/** Kubernetes' CEL property-name escaping, undone (`__namespace__` is `namespace`, `__dash__` `-`). */
function unescapeProperty(name: string): string {
  const reserved = /^__([a-z]+)__$/.exec(name);
  if (reserved && !['underscores', 'dot', 'dash', 'slash'].includes(reserved[1]!)) return reserved[1]!;
  return name
    .replaceAll('__underscores__', '__')
    .replaceAll('__dot__', '.')
    .replaceAll('__dash__', '-')
    .replaceAll('__slash__', '/');
}
