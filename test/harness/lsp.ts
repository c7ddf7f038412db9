// The language server for tests: the client the tests share with the benchmark (bench/lspClient.ts)
// on the built dist/server.js, so bundling mistakes fail tests, and a workspace folder added to a
// running server for one scenario and removed after it, which lets many scenarios share a process.

import assert from 'node:assert/strict';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { InitializationOptions, Settings } from '../../server/src/lsp/protocol.js';
import { LspClient, uriOf } from '../../bench/lspClient.js';
import { serverPath } from './paths.js';

export { CAPABILITIES, LspClient, uriOf } from '../../bench/lspClient.js';

/**
 * Limit of a single wait or request. Only a hung server reaches it: a busy machine slows a wait
 * down, never by this much, since no single wait covers more than one small workspace's analysis.
 */
const HANG_MS = 120_000;

export interface StartOptions {
  capabilities?: ClientCapabilities;
  /** The server bundle to run (default: the built dist/server.js). */
  serverPath?: string;
  initializationOptions?: InitializationOptions;
  settings?: Partial<Settings>;
}

/** Starts a server on `folders` (none: an empty workspace) and waits until it has indexed them. */
export async function startServer(folders: string[], options: StartOptions = {}): Promise<LspClient> {
  const client = LspClient.spawn({
    serverPath: options.serverPath ?? serverPath,
    timeoutMs: HANG_MS,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  try {
    await client.initialize({
      folders,
      ...(options.capabilities ? { capabilities: options.capabilities } : {}),
      ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
    });
    await client.idle();
  } catch (error) {
    await client.shutdown();
    throw error;
  }
  return client;
}

/**
 * Adds `dir` as a workspace folder, runs `fn` once the server has indexed it, then closes the
 * documents `fn` left open under it and removes the folder. The server must then hold as many files
 * as before and have cleared every diagnostic it published under `dir`: what the next scenario
 * sees of this one is nothing.
 */
export async function withFolder<T>(client: LspClient, dir: string, fn: () => T | Promise<T>): Promise<T> {
  await client.idle();
  const filesBefore = client.status?.files;
  await client.changeFolders({ added: [dir] });
  await client.idle();
  const result = await fn();
  const prefix = `${uriOf(dir)}/`;
  for (const uri of client.openDocuments()) if (uri.startsWith(prefix)) await client.close(URI.parse(uri).fsPath);
  await client.changeFolders({ removed: [dir] });
  await client.idle();
  assert.equal(client.status?.files, filesBefore, `files held after removing ${dir}`);
  const left = [...client.diagnostics].filter(([uri, list]) => uri.startsWith(prefix) && list.length > 0);
  assert.deepEqual(
    left.map(([uri]) => uri),
    [],
    `diagnostics left after removing ${dir}`,
  );
  return result;
}
