// The server's file ids are vscode-uri's canonical URIs; pathOfUri maps them back to paths, with a
// shortcut for the plain ids it makes itself. The shortcut must give exactly what parsing gives.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { URI } from 'vscode-uri';
import { pathOfUri, uriOfPath } from '../server/src/lsp/files.js';

const parsed = (uri: string) => {
  const u = URI.parse(uri);
  return u.scheme === 'file' ? u.fsPath : undefined;
};

test('pathOfUri gives what parsing the URI gives, for plain and escaped ids alike', () => {
  const paths = [
    '/work/repo/gateway.yaml',
    '/work/repo/a b/route.yaml',
    '/work/repo/100%/route.yaml',
    '/work/repo/q?/x#y.yaml',
    '/work/repo/ünï/cödé.yaml',
    '/work/repo/c:/odd.yaml',
    '/',
  ];
  for (const p of paths) {
    const uri = uriOfPath(p);
    assert.equal(pathOfUri(uri), parsed(uri), uri);
    if (path.sep === '/') assert.equal(pathOfUri(uri), p, uri);
  }
  for (const uri of [
    'file:///work/repo/a%20b.yaml',
    'file://host/share/x.yaml',
    'file:///work/x.yaml?query',
    'file:///work/x.yaml#frag',
    'untitled:Untitled-1',
    'https://example.com/x.yaml',
  ])
    assert.equal(pathOfUri(uri), parsed(uri), uri);
});
