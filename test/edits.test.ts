// The edit helpers never write through anchors: an edit reached through an alias or a merge key
// lands in an explicit copy, and an edit of an anchored node first gives its other aliases copies
// of what it was. Each case applies the edit and compares what every object reads before and
// after: only the intended value may change, and the text stays valid YAML with its comments.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { Place, TextEdit } from '../server/src/core/features/edits.js';
import { EditableFile } from '../server/src/core/features/edits.js';
import type { Resource } from '../server/src/core/model/resource.js';
import { parseDocuments } from '../server/src/core/syntax/parse.js';
import type { YNode } from '../server/src/core/syntax/tree.js';
import { entry } from '../server/src/core/syntax/tree.js';
import { applyEdits } from './harness/fixes.js';

/** The objects of a file as Kubernetes reads them (YAML 1.1, merge keys applied; List items apart). */
function objects(text: string): unknown[] {
  return parseAllDocuments(text, { merge: true, version: '1.1' }).flatMap((d) => {
    assert.deepEqual(d.errors, [], 'valid YAML');
    const value = d.toJS() as { kind?: string; items?: unknown[] };
    return value?.kind === 'List' ? (value.items ?? []) : [value];
  });
}

/** The object roots of a file as the analysis has them (what `EditableFile.find` is given). */
function resources(text: string): Resource[] {
  const roots: YNode[] = parseDocuments(text).flatMap((d) => (d.root ? [d.root] : []));
  return roots.flatMap((r) => {
    const items = r.kind === 'map' ? entry(r, 'items')?.value : undefined;
    return (items?.kind === 'seq' ? items.items : [r]).map((n) => ({ span: n.span }) as Resource);
  });
}

/** Applies the edits `make` returns for object `index`, and checks only `expected` objects changed. */
function check(
  text: string,
  index: number,
  make: (file: EditableFile, root: Place) => TextEdit[] | undefined,
  expected: (before: unknown[]) => unknown[],
): string {
  const file = new EditableFile('f.yaml', text);
  const root = file.find(resources(text)[index]!);
  assert.ok(root, 'the object is found');
  const edits = make(file, root);
  assert.ok(edits, 'an edit is offered');
  const after = applyEdits(text, edits).text;
  // A copy without shared parts: toJS gives an alias and its anchor one object.
  const before = objects(text);
  assert.deepEqual(objects(after), expected(JSON.parse(JSON.stringify(before)) as unknown[]), after);
  for (const comment of text.match(/#.*/g) ?? []) assert.ok(after.includes(comment), `keeps ${comment}`);
  return after;
}

const grants = (from2: string, to2 = '[{kind: Service, name: b}]') => `apiVersion: v1
kind: List
items:
  - kind: ReferenceGrant
    metadata: {name: one}
    spec:
      from: &apps # the team's namespaces
        - kind: HTTPRoute
          namespace: apps
      to:
        - kind: Service
          name: a
  - kind: ReferenceGrant
    metadata: {name: two}
    spec:
      from: ${from2}
      to: ${to2}
`;

type Grant = { spec: { from: unknown[]; to: unknown[] } };
const web = { kind: 'HTTPRoute', namespace: 'web' };

test('a list that is an alias: the alias becomes an edited copy, the anchored list stays', () => {
  const after = check(
    grants('*apps'),
    1,
    (f, root) => f.appendToSeq(f.at(root, 'spec.from')!, web),
    (objs) => {
      (objs[1] as Grant).spec.from.push(web);
      return objs;
    },
  );
  assert.match(after, /from: &apps # the team's namespaces\n {8}- kind: HTTPRoute\n {10}namespace: apps\n {6}to:/);
});

test('an anchored list used elsewhere: its aliases get copies of it before it is edited', () => {
  const after = check(
    grants('*apps'),
    0,
    (f, root) => f.appendToSeq(f.at(root, 'spec.from')!, web),
    (objs) => {
      (objs[0] as Grant).spec.from.push(web);
      return objs;
    },
  );
  assert.doesNotMatch(after, /\*apps/);
});

test('an anchored ancestor used elsewhere: editing inside it copies it for its aliases too', () => {
  const text = `apiVersion: v1
kind: List
items:
  - kind: Gateway
    metadata: {name: one}
    spec: &spec
      listeners:
        - name: http
          allowedRoutes:
            kinds: [{kind: HTTPRoute}]
  - kind: Gateway
    metadata: {name: two}
    spec: *spec
`;
  check(
    text,
    0,
    (f, root) => f.appendToSeq(f.at(root, 'spec.listeners[0].allowedRoutes.kinds')!, { kind: 'GRPCRoute' }),
    (objs) => {
      const one = objs[0] as { spec: { listeners: { allowedRoutes: { kinds: unknown[] } }[] } };
      one.spec.listeners[0]!.allowedRoutes.kinds.push({ kind: 'GRPCRoute' });
      return objs;
    },
  );
});

test('a mapping that is an alias, and one reached through a merge key', () => {
  const text = `apiVersion: v1
kind: List
items:
  - kind: Namespace
    metadata: &meta
      name: a
      labels: &team
        team: shop
  - kind: Namespace
    metadata:
      name: b
      labels: *team
  - kind: Namespace
    metadata:
      <<: *meta
      name: c
`;
  type Ns = { metadata: { labels: Record<string, string> } };
  for (const i of [1, 2]) {
    const after = check(
      text,
      i,
      (f, root) => f.merge(f.at(root, 'metadata')!, { labels: { shared: 'yes' } }),
      (objs) => {
        (objs[i] as Ns).metadata.labels = { team: 'shop', shared: 'yes' };
        return objs;
      },
    );
    assert.match(after, /shared: "yes"/, 'a YAML 1.1 boolean-looking string is quoted');
  }
});

test('flow collections: an alias inside a flow sequence is copied in flow style', () => {
  const text = `kind: Gateway
spec:
  listeners:
    - name: base
      allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: team, operator: In, values: [a]}]}}}
`;
  const flowText = `kind: Gateway
spec:
  listeners: [{name: base, allowedRoutes: &routes {kinds: [{kind: HTTPRoute}]}}, {name: other, allowedRoutes: *routes}]
`;
  const after = check(
    flowText,
    0,
    (f, root) => f.appendToSeq(f.at(root, 'spec.listeners[1].allowedRoutes.kinds')!, { kind: 'GRPCRoute' }),
    (objs) => {
      const gw = objs[0] as { spec: { listeners: { allowedRoutes: { kinds: unknown[] } }[] } };
      gw.spec.listeners[1]!.allowedRoutes = { kinds: [{ kind: 'HTTPRoute' }, { kind: 'GRPCRoute' }] };
      return objs;
    },
  );
  assert.match(after, /\{name: other, allowedRoutes: \{kinds: \[\{kind: HTTPRoute\}, \{kind: GRPCRoute\}\]\}\}/);
  // A flow sequence with a trailing comma takes the new item without an empty entry.
  check(
    text.replace('values: [a]', 'values: [a,]'),
    0,
    (f, root) =>
      f.appendToSeq(
        f.at(root, 'spec.listeners[0].allowedRoutes.namespaces.selector.matchExpressions[0].values')!,
        'on',
      ),
    (objs) => {
      const gw = objs[0] as {
        spec: {
          listeners: { allowedRoutes: { namespaces: { selector: { matchExpressions: { values: unknown[] }[] } } } }[];
        };
      };
      gw.spec.listeners[0]!.allowedRoutes.namespaces.selector.matchExpressions[0]!.values.push('on');
      return objs;
    },
  );
});

test('CRLF files: copies and insertions use CRLF line breaks', () => {
  const text = grants('*apps').replace(/\n/g, '\r\n');
  const after = check(
    text,
    1,
    (f, root) => f.appendToSeq(f.at(root, 'spec.from')!, web),
    (objs) => {
      (objs[1] as Grant).spec.from.push(web);
      return objs;
    },
  );
  assert.doesNotMatch(after, /[^\r]\n/, 'no bare line feed');
});

test('a did-you-mean rename at a span: the alias is renamed as a copy, or nothing is offered', () => {
  const text = `apiVersion: v1
kind: List
items:
  - kind: HTTPRoute
    metadata: {name: one}
    spec:
      parentRefs: &refs
        - name: gw
          sectionName: &section htp
  - kind: HTTPRoute
    metadata: {name: two}
    spec:
      parentRefs: [{name: gw, sectionName: *section}]
  - kind: HTTPRoute
    metadata: {name: three}
    spec:
      parentRefs: *refs
`;
  // The analysis places everything an alias stands for at the alias: the spans it gives.
  const sections = parseDocuments(text)[0]!.root!;
  const spanOf = (i: number) => {
    const items = sections.kind === 'map' ? entry(sections, 'items')!.value : undefined;
    const route = items?.kind === 'seq' ? items.items[i] : undefined;
    const spec = route?.kind === 'map' ? entry(route, 'spec')!.value : undefined;
    const refs = spec?.kind === 'map' ? entry(spec, 'parentRefs')!.value : undefined;
    const ref = refs?.kind === 'seq' ? refs.items[0] : undefined;
    return ref?.kind === 'map' ? entry(ref, 'sectionName')!.value.span : undefined;
  };
  const file = new EditableFile('f.yaml', text);
  const sectionOf = (after: string) =>
    (objects(after) as { spec: { parentRefs: { sectionName: string }[] } }[]).map(
      (o) => o.spec.parentRefs[0]!.sectionName,
    );

  // The scalar is an alias: the alias becomes the new name.
  const two = spanOf(1)!;
  assert.equal(text.slice(two.start, two.end), '*section');
  assert.deepEqual(sectionOf(applyEdits(text, file.replaceAt(two, 'http')!).text), ['htp', 'http', 'htp']);
  // The anchored original: its aliases keep the old name.
  const one = spanOf(0)!;
  assert.deepEqual(sectionOf(applyEdits(text, file.replaceAt(one, 'http')!).text), ['http', 'htp', 'htp']);
  // Inside an aliased list the span is the alias, which names no one scalar: no edit.
  const three = spanOf(2)!;
  assert.equal(text.slice(three.start, three.end), '*refs');
  assert.equal(file.replaceAt(three, 'http'), undefined);
});

test('new scalars that YAML 1.1 reads as booleans or numbers are quoted', () => {
  const text = 'kind: Namespace\nmetadata:\n  name: a\n';
  const after = check(
    text,
    0,
    (f, root) => f.merge(f.at(root, 'metadata')!, { labels: { a: 'yes', b: 'on', c: '0755', d: 'true', e: 'plain' } }),
    (objs) => {
      (objs[0] as { metadata: object }).metadata = {
        name: 'a',
        labels: { a: 'yes', b: 'on', c: '0755', d: 'true', e: 'plain' },
      };
      return objs;
    },
  );
  assert.match(after, /e: plain/);
});

test('a mapping found by offset through an alias (a generator entry), and a merged scalar replaced', () => {
  const text = `kind: Kustomization
configMapGenerator:
  - &settings
    name: settings
    literals: [mode=a]
    options:
  - *settings
`;
  const file = new EditableFile('kustomization.yaml', text);
  const second = text.indexOf('*settings');
  const entryPlace = file.mapAt(second);
  assert.ok(entryPlace);
  const after = applyEdits(text, file.merge(entryPlace, { options: { disableNameSuffixHash: true } })!).text;
  const [k] = objects(after) as { configMapGenerator: { options: unknown }[] }[];
  assert.equal(k!.configMapGenerator[0]!.options, null, 'the anchored entry keeps its empty options');
  assert.deepEqual(k!.configMapGenerator[1]!.options, { disableNameSuffixHash: true });

  const merged = `kind: Gateway
spec:
  listeners:
    - &base
      name: a
      allowedRoutes: {namespaces: {from: Same}}
    - <<: *base
      name: b
`;
  check(
    merged,
    0,
    (f, root) => f.merge(f.at(root, 'spec.listeners[1]')!, { allowedRoutes: { namespaces: { from: 'All' } } }),
    (objs) => {
      const gw = objs[0] as { spec: { listeners: { allowedRoutes: unknown }[] } };
      gw.spec.listeners[1]!.allowedRoutes = { namespaces: { from: 'All' } };
      return objs;
    },
  );
});

test('a replaced scalar keeps its quotes for a string and its type for a number', () => {
  const text = 'kind: Service\nmetadata:\n  name: "a"\nspec:\n  port: 8080\n';
  check(
    text,
    0,
    (f, root) => f.merge(root, { metadata: { name: 'b"c' }, spec: { port: 80 } }),
    () => [{ kind: 'Service', metadata: { name: 'b"c' }, spec: { port: 80 } }],
  );
});

test("an object in a later document: positions are the file's, anchors stay in their document", () => {
  const first = grants('*apps');
  const text = `${first}---\n${first}`;
  check(
    text,
    3,
    (f, root) => f.appendToSeq(f.at(root, 'spec.from')!, web),
    (objs) => {
      (objs[3] as Grant).spec.from.push(web);
      return objs;
    },
  );
});
