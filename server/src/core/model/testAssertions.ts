// Files that Kubernetes test tools compare the cluster against instead of applying: KUTTL's and
// Chainsaw's assert and error files. They hold partial objects (no `spec`, a status, one field of
// a list) and, in Chainsaw, assertion-tree expressions as keys (`(length(rules)): 1`), so reading
// them as manifests reports what their authors never meant to apply. Two ways name them:
// - by convention (KUTTL, and Chainsaw's conventional tests): `<step>-assert.yaml` and
//   `<step>-errors.yaml`;
// - in a Chainsaw `Test` (`chainsaw-test.yaml`, Chainsaw's default test file name): the `file` of
//   every `assert` and `error` operation of its steps, a path relative to the test's folder or a
//   glob. A file that a step also applies (`apply`, `create`, `update`) stays a manifest.
// Pure string and tree work: the host decides, with the file set, which files these name.

import picomatch from 'picomatch';
import { parseYaml } from '../syntax/fastPath.js';
import type { YMap, YNode } from '../syntax/tree.js';
import { baseNameOf, folderOf, isWithin, joinFileId } from './fileIds.js';
import { field, scalarText } from './reader.js';

/** Whether the file is Chainsaw's test definition, whose operations name assertion files. */
export function isChainsawTestFile(fileId: string): boolean {
  const base = baseNameOf(fileId);
  return base === 'chainsaw-test.yaml' || base === 'chainsaw-test.yml';
}

/** Whether the file's name makes it an assertion by KUTTL's (and Chainsaw's) naming convention. */
export function isConventionalAssertionFile(fileId: string): boolean {
  return /^\d+-(assert|errors)\.ya?ml$/.test(baseNameOf(fileId));
}

/** A set of files a test names: an exact id, or a folder and a glob below it. */
interface FileMatcher {
  exact?: string;
  folder?: string;
  glob?: (relative: string) => boolean;
}

/** The files one Chainsaw test file compares against, and the files it applies. */
export interface ChainsawFiles {
  asserted: readonly FileMatcher[];
  applied: readonly FileMatcher[];
}

const ASSERTING = ['assert', 'error'];
const APPLYING = ['apply', 'create', 'update'];
const STEP_BLOCKS = ['try', 'catch', 'finally', 'cleanup'];

/** Reads the file operations of every Chainsaw `Test` in a test file. Unreadable parts name nothing. */
export function readChainsawFiles(fileId: string, text: string): ChainsawFiles {
  const asserted: FileMatcher[] = [];
  const applied: FileMatcher[] = [];
  const folder = folderOf(fileId);
  for (const doc of parseYaml(text)) {
    const root = asMap(doc.root);
    const apiVersion = scalarText(field(root, 'apiVersion')) ?? '';
    if (!apiVersion.startsWith('chainsaw.kyverno.io/') || scalarText(field(root, 'kind')) !== 'Test') continue;
    for (const step of items(field(asMap(field(root, 'spec')), 'steps'))) {
      for (const block of STEP_BLOCKS) {
        for (const op of items(field(asMap(step), block))) {
          const operation = asMap(op);
          for (const [names, into] of [
            [ASSERTING, asserted],
            [APPLYING, applied],
          ] as const) {
            for (const name of names) {
              const file = scalarText(field(asMap(field(operation, name)), 'file'));
              const matcher = file === undefined ? undefined : matcherOf(folder, file);
              if (matcher) into.push(matcher);
            }
          }
        }
      }
    }
  }
  return { asserted, applied };
}

/** Whether `fileId` is one that `files` compares against and does not apply. */
export function isAssertedBy(files: ChainsawFiles, fileId: string): boolean {
  return files.asserted.some((m) => matches(m, fileId)) && !files.applied.some((m) => matches(m, fileId));
}

const GLOB_CHARS = /[*?[\]{}]/;

function matcherOf(folder: string, path: string): FileMatcher | undefined {
  // A URL names something remote; a template expression is decided at run time.
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(path) || path.includes('($')) return undefined;
  const segments = path.split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  if (firstGlob < 0) return { exact: joinFileId(folder, path) };
  const isMatch = picomatch(segments.slice(firstGlob).join('/'), { dot: false });
  return { folder: joinFileId(folder, segments.slice(0, firstGlob).join('/')), glob: isMatch };
}

function matches(m: FileMatcher, fileId: string): boolean {
  if (m.exact !== undefined) return m.exact === fileId;
  const folder = m.folder!;
  if (!isWithin(fileId, folder)) return false;
  const relative = folder === '' ? fileId : fileId.slice(folder.length + 1);
  // URI ids are percent-encoded per segment; globs are written against plain names.
  return m.glob!(relative.split('/').map(decodeSegment).join('/'));
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function asMap(node: YNode | null | undefined): YMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

function items(node: YNode | undefined): YNode[] {
  return node?.kind === 'seq' ? node.items : [];
}
