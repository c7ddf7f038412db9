// The TextMate injection grammar, tokenised with vscode-textmate over a minimal YAML host grammar
// written for this test: Gateway API kinds, API versions and reference fields get their scopes;
// comments, block scalars and other kinds do not.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import type { IGrammar } from 'vscode-textmate';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import { expectFile } from './harness/expect.js';
import { repoRoot } from './harness/paths.js';

async function loadGrammar(): Promise<IGrammar> {
  await loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  const files: Record<string, string> = {
    'source.yaml': path.join(repoRoot, 'test', 'grammar', 'host-yaml.tmLanguage.json'),
    'gateway-api.injection': path.join(repoRoot, 'syntaxes', 'gateway-api.injection.tmLanguage.json'),
  };
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new OnigScanner(p),
      createOnigString: (s: string) => new OnigString(s),
    }),
    loadGrammar: (scope) => {
      const file = files[scope];
      return Promise.resolve(file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null);
    },
    getInjections: (scope) => (scope === 'source.yaml' ? ['gateway-api.injection'] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  if (!grammar) throw new Error('grammar did not load');
  return grammar;
}

test('the injection grammar scopes Gateway API kinds, versions and reference fields only', async () => {
  const grammar = await loadGrammar();
  const text = readFileSync(path.join(repoRoot, 'test', 'grammar', 'sample.yaml'), 'utf8');
  let stack = INITIAL;
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    const ours = result.tokens.filter((t) => t.scopes.some((s) => s.endsWith('.gateway-refs')));
    if (ours.length === 0) return;
    out.push(`${String(i + 1).padStart(2)} | ${line}`);
    for (const t of ours)
      out.push(
        `${' '.repeat(5 + t.startIndex)}${'^'.repeat(t.endIndex - t.startIndex)} ${t.scopes.filter((s) => s.endsWith('.gateway-refs')).join(' ')}`,
      );
  });
  expectFile(path.join(repoRoot, 'test', 'grammar', 'sample.expect.txt'), `${out.join('\n')}\n`, 'token scopes');
});
