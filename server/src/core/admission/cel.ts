// CEL as the Kubernetes API server evaluates `x-kubernetes-validations`: @bufbuild/cel (a CEL
// implementation with 64-bit integers, RE2 regular expressions and the strings extension), plus
// the Kubernetes library functions the CRDs use (`isIP`, `format.dns1123Label().validate`).
// Each expression is compiled once per process. A rule that cannot be compiled or calls a function
// this environment lacks is never reported: an unchecked rule is not a violation.

import type { CelInput, CelValue } from '@bufbuild/cel';
import { celEnv, celFunc, celMethod, CelScalar, isCelError, isCelList, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { isDns1123Label } from '../dnsNames.js';
import { parseIP } from './formats.js';
import { compilePattern } from './patterns.js';

/** A format value of the Kubernetes `format` library; `validate` returns null or the problems. */
const FORMATS: Record<string, (s: string) => string[] | null> = {
  dns1123Label: (s) => (isDns1123Label(s) ? null : ['must be a lowercase RFC 1123 label of at most 63 characters']),
};

const kubernetesFunctions = [
  // Kubernetes' IP library: netip.ParseAddr without zones or IPv4-mapped IPv6 addresses.
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => parseIP(s) !== undefined && !/^::ffff:.*\./i.test(s)),
  ...Object.keys(FORMATS).map((name) => celFunc(`format.${name}`, [], CelScalar.STRING, () => name)),
  celMethod('validate', CelScalar.STRING, [CelScalar.STRING], CelScalar.DYN, function (this: string, s: string) {
    const check = FORMATS[this];
    return check ? check(s) : null;
  }),
];

// `matches` with each pattern compiled once (the library compiles it on every call otherwise).
const re2 = {
  compile(pattern: string) {
    const test = compilePattern(pattern);
    if (!test) throw new Error(`invalid regular expression: ${pattern}`);
    return { test };
  },
};

const env = celEnv({ funcs: [...strings, ...kubernetesFunctions], re2 });

export type Program = (self: CelInput) => CelValue | Error;

/** Our values (value.ts: Maps, arrays, bigints, strings, …) are CEL inputs as they are. */
const input = (self: unknown) => self as CelInput;

const programs = new Map<string, Program | null>();

/** The compiled rule, or undefined when it cannot be checked here (syntax this library rejects). */
export function compileRule(expression: string): Program | undefined {
  let program = programs.get(expression);
  if (program === undefined) {
    try {
      const run = plan(env, parse(expression));
      program = (self) => run({ self });
    } catch {
      program = null;
    }
    programs.set(expression, program);
  }
  return program ?? undefined;
}

export type RuleOutcome = { result: 'pass' | 'fail' | 'unchecked' } | { result: 'error'; message: string };

/** Runs a compiled rule on `self`. A missing overload or function means "cannot check", not failure. */
export function runRule(program: Program, self: unknown): RuleOutcome {
  let value: CelValue | Error;
  try {
    value = program(input(self));
  } catch (error) {
    return { result: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (isCelError(value) || value instanceof Error) {
    const message = value.message;
    if (/no matching overload|unbound function|undeclared reference|unknown function/i.test(message))
      return { result: 'unchecked' };
    return { result: 'error', message };
  }
  if (value === true) return { result: 'pass' };
  if (value === false) return { result: 'fail' };
  return { result: 'unchecked' };
}

/** The booleans a list-valued program (`self.map(x, P)`) yields, or undefined when it yields no list. */
export function runItems(program: Program, self: unknown): unknown[] | undefined {
  try {
    const value = program(input(self));
    return isCelList(value) ? [...value] : undefined;
  } catch {
    return undefined;
  }
}

/** The string a `messageExpression` evaluates to, if it evaluates to one. */
export function runMessageExpression(program: Program, self: unknown): string | undefined {
  try {
    const value = program(input(self));
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an expression is a transition rule (reads `oldSelf`), which needs the stored object. */
export function isTransitionRule(expression: string): boolean {
  return /\boldSelf\b/.test(expression);
}
