// The TextMate injection grammar only adds scopes: tokenised with vscode-textmate, every character
// of test/grammar/sample.yaml keeps exactly the scopes the YAML grammar gives it without the
// injection, and the added scopes are `meta.*` (no theme colours them, so YAML keeps its colours;
// users can still target them). It runs over two YAML grammars: a small one written for this test
// with the leaf rules (plain keys and plain values as begin/end rules) under the scope names VS
// Code's YAML grammar uses, and VS Code's own YAML grammar when it is on this machine — the
// code-server that `npm run test:e2e` installs, or a folder named by GATEWAY_REFS_YAML_SYNTAXES.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import type { IGrammar } from 'vscode-textmate';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import { expectFile } from './harness/expect.js';
import { repoRoot } from './harness/paths.js';

const INJECTION = 'gateway-api.injection';
const OURS = '.gateway-refs';
const sample = readFileSync(path.join(repoRoot, 'test', 'grammar', 'sample.yaml'), 'utf8').split('\n');

let wasm: Promise<void> | undefined;

/** `source.yaml` (and the scopes it includes) from `files`, with or without the injection. */
async function loadYaml(files: Record<string, string>, inject: boolean): Promise<IGrammar> {
  wasm ??= loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  await wasm;
  const all: Record<string, string> = {
    ...files,
    [INJECTION]: path.join(repoRoot, 'syntaxes', 'gateway-api.injection.tmLanguage.json'),
  };
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new OnigScanner(p),
      createOnigString: (s: string) => new OnigString(s),
    }),
    loadGrammar: (scope) => {
      const file = all[scope];
      return Promise.resolve(file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null);
    },
    getInjections: (scope) => (inject && scope === 'source.yaml' ? [INJECTION] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  if (!grammar) throw new Error('grammar did not load');
  return grammar;
}

/** Per line, per character: the scopes (root scope left out). */
function scopesPerCharacter(grammar: IGrammar): string[][][] {
  let stack = INITIAL;
  return sample.map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    const chars: string[][] = [];
    for (const t of result.tokens)
      for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) chars.push(t.scopes.slice(1));
    return chars;
  });
}

/** The YAML grammars this machine has: the test's own, and VS Code's when found. */
function hosts(): { name: string; files: Record<string, string> | undefined }[] {
  const own = { 'source.yaml': path.join(repoRoot, 'test', 'grammar', 'host-yaml.tmLanguage.json') };
  return [
    { name: 'the test YAML grammar', files: own },
    { name: "VS Code's YAML grammar", files: vscodeYamlGrammar() },
  ];
}

function vscodeYamlGrammar(): Record<string, string> | undefined {
  let dir = process.env['GATEWAY_REFS_YAML_SYNTAXES'];
  if (!dir) {
    const tools =
      process.env['E2E_TOOLS'] ??
      path.join(process.env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'gateway-refs-e2e');
    const codeServer = existsSync(tools) ? readdirSync(tools).find((d) => d.startsWith('code-server-')) : undefined;
    if (!codeServer) return undefined;
    dir = path.join(tools, codeServer, 'node_modules/code-server/lib/vscode/extensions/yaml/syntaxes');
  }
  // VS Code's source.yaml includes the version-specific grammars by scope name.
  const files: Record<string, string> = {};
  for (const [scope, file] of [
    ['source.yaml', 'yaml.tmLanguage.json'],
    ['source.yaml.1.3', 'yaml-1.3.tmLanguage.json'],
    ['source.yaml.1.2', 'yaml-1.2.tmLanguage.json'],
    ['source.yaml.1.1', 'yaml-1.1.tmLanguage.json'],
    ['source.yaml.1.0', 'yaml-1.0.tmLanguage.json'],
    ['source.yaml.embedded', 'yaml-embedded.tmLanguage.json'],
  ] as const)
    if (existsSync(path.join(dir, file))) files[scope] = path.join(dir, file);
  return files['source.yaml'] ? files : undefined;
}

function charsOf(scopes: string[][][], line: string, word: string): string[][] {
  const i = sample.indexOf(line);
  assert.ok(i >= 0, `sample.yaml has the line ${JSON.stringify(line)}`);
  const start = line.indexOf(word);
  return scopes[i]!.slice(start, start + word.length);
}

describe('the TextMate injection grammar', () => {
  for (const host of hosts()) {
    test(`only adds meta scopes over ${host.name}`, async (t) => {
      if (!host.files) {
        t.skip('not on this machine (npm run test:e2e installs it; GATEWAY_REFS_YAML_SYNTAXES names a folder)');
        return;
      }
      const base = scopesPerCharacter(await loadYaml(host.files, false));
      const injected = scopesPerCharacter(await loadYaml(host.files, true));
      const out: string[] = [];
      sample.forEach((line, i) => {
        const ours: { start: number; end: number; scope: string }[] = [];
        for (let c = 0; c < line.length; c++) {
          const all = injected[i]![c]!;
          const added = all.filter((s) => s.endsWith(OURS));
          assert.deepEqual(
            all.filter((s) => !s.endsWith(OURS)),
            base[i]![c],
            `line ${i + 1} column ${c + 1} (${JSON.stringify(line)}) keeps the YAML grammar's scopes`,
          );
          for (const s of added) assert.match(s, /^meta\./, `${s} is a meta scope, which themes leave uncoloured`);
          const scope = added.join(' ');
          const last = ours.at(-1);
          if (scope && last?.scope === scope && last.end === c) last.end = c + 1;
          else if (scope) ours.push({ start: c, end: c + 1, scope });
        }
        if (ours.length === 0) return;
        out.push(`${String(i + 1).padStart(2)} | ${line}`);
        for (const o of ours) out.push(`${' '.repeat(5 + o.start)}${'^'.repeat(o.end - o.start)} ${o.scope}`);
      });
      // The same listing from both hosts: what gets a scope does not depend on the YAML grammar.
      expectFile(path.join(repoRoot, 'test', 'grammar', 'sample.expect.txt'), `${out.join('\n')}\n`, 'token scopes');

      // The lines the issue named: keys stay whole tags, Gateway API versions stay strings.
      for (const [line, word] of [
        ['  rules:', 'rules'],
        ['  hostnames:', 'hostnames'],
      ] as const)
        for (const scopes of charsOf(injected, line, word)) {
          assert.ok(scopes.includes('entity.name.tag.yaml'), `${word} is a key: ${scopes.join(' ')}`);
          assert.ok(!scopes.some((s) => s.startsWith('invalid')), `${word} is valid: ${scopes.join(' ')}`);
        }
      for (const scopes of charsOf(injected, 'apiVersion: gateway.networking.k8s.io/v1', 'gateway.networking'))
        assert.ok(scopes.includes('string.unquoted.plain.out.yaml'), scopes.join(' '));
    });
  }
});
