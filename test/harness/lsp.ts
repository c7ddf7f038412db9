// The language server for tests: the client the tests share with the benchmark (bench/lspClient.ts)
// on the built dist/server.js, so bundling mistakes fail tests.

import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import type { InitializationOptions, Settings } from '../../server/src/lsp/protocol.js';
import { LspClient } from '../../bench/lspClient.js';
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
