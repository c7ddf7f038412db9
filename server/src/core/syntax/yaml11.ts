// Plain scalars that Kubernetes' YAML decoder reads as something other than the string YAML 1.2
// reads. kubectl and the API server decode YAML with sigs.k8s.io/yaml, whose go-yaml v2 fork
// resolves plain scalars by YAML 1.1 rules: `yes`/`no`/`on`/`off`/`y`/`n` (three capitalisations)
// are booleans, and a scalar starting with a digit or sign is a number when, underscores removed,
// Go's integer syntax (`0755` octal, `0x1F`, `0o17`, `0b101`, a sign before any of them) or a
// decimal float reads it. Base-60 (`1:30`) is not supported by go-yaml, and timestamps stay
// strings when decoded without a schema, so neither is listed here.

import type { YNode } from './tree.js';

const BOOLEANS = new Map<string, boolean>();
for (const word of ['y', 'yes', 'on']) for (const w of spellings(word)) BOOLEANS.set(w, true);
for (const word of ['n', 'no', 'off']) for (const w of spellings(word)) BOOLEANS.set(w, false);

function spellings(word: string): string[] {
  return [word, word[0]!.toUpperCase() + word.slice(1), word.toUpperCase()];
}

const GO_INTEGER = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|(0[0-7]*)|([1-9][0-9]*))$/;
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * The boolean or number Kubernetes reads from a plain scalar that YAML 1.2 reads as a string, or
 * undefined when both read the same string.
 */
export function kubernetesReading(node: YNode): boolean | number | undefined {
  if (node.kind !== 'scalar' || node.style !== 'plain' || typeof node.value !== 'string') return undefined;
  const text = node.value;
  // Every plain scalar of a workspace passes here: the first character rules out most at once.
  const first = text.charCodeAt(0);
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45)) {
    if (text.length > 3) return undefined; // longer than any boolean spelling
    return BOOLEANS.get(text);
  }
  const plain = text.replaceAll('_', '');
  const int = GO_INTEGER.exec(plain);
  if (int) {
    const [, sign, hex, oct, bin, leadingZero, decimal] = int;
    const digits = hex ? `0x${hex}` : oct ? `0o${oct}` : bin ? `0b${bin}` : leadingZero ? `0o${leadingZero}` : decimal!;
    const n = Number(BigInt(digits));
    return sign === '-' ? -n : n;
  }
  return GO_FLOAT.test(plain) ? Number(plain) : undefined;
}

/** The message for `text`, which Kubernetes reads as `reading` where a string is required. */
export function yaml11Message(text: string, reading: boolean | number): string {
  const as = typeof reading === 'boolean' ? `the boolean ${reading}` : `the number ${reading}`;
  return `Kubernetes reads ${text} as ${as}, not a string (YAML 1.1); quote it: "${text}".`;
}
