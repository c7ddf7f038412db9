// The client's output channel after the extension stopped: VS Code throws "Channel has been closed"
// at a write to a disposed channel, and the language client library still writes when a server
// answers `shutdown` late. Closing must dispose the channel once and silence every later write.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogOutputChannel } from 'vscode';
import { closableChannel } from '../client/src/closableChannel.js';

/** A channel that records writes and, like VS Code's, throws at any write once disposed. */
function recordingChannel(): { channel: LogOutputChannel; writes: string[]; disposals: () => number } {
  const writes: string[] = [];
  let disposed = 0;
  const write =
    (kind: string) =>
    (...args: unknown[]): void => {
      if (disposed > 0) throw new Error('Channel has been closed');
      writes.push(`${kind} ${args.map(String).join(' ')}`.trim());
    };
  const channel = {
    name: 'Gateway Refs',
    logLevel: 2,
    onDidChangeLogLevel: () => ({ dispose: () => undefined }),
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    append: write('append'),
    appendLine: write('appendLine'),
    replace: write('replace'),
    clear: write('clear'),
    show: write('show'),
    hide: write('hide'),
    dispose: () => void disposed++,
  } as unknown as LogOutputChannel;
  return { channel, writes, disposals: () => disposed };
}

test('an open channel passes every write through', () => {
  const { channel, writes } = recordingChannel();
  const output = closableChannel(channel);
  output.info('Starting the language server.');
  output.error('Request failed.');
  output.appendLine('[Trace] Received notification');
  output.show(true);
  assert.deepEqual(writes, [
    'info Starting the language server.',
    'error Request failed.',
    'appendLine [Trace] Received notification',
    'show true',
  ]);
  assert.equal(output.name, 'Gateway Refs');
});

test('once closed, the channel is disposed once and later writes do nothing', () => {
  const { channel, writes, disposals } = recordingChannel();
  const output = closableChannel(channel);
  output.dispose();
  output.dispose();
  assert.equal(disposals(), 1);
  // What the library writes when a server that answered `shutdown` late still sends its log.
  assert.doesNotThrow(() => {
    output.info('Indexed 3 YAML files in 1 folder.');
    output.error('Connection to server got closed. Server will not be restarted.');
    output.append('stderr of the server');
    output.appendLine('[Trace] Received notification');
    output.trace('trace');
    output.debug('debug');
    output.warn('warn');
    output.replace('x');
    output.clear();
    output.show(true);
    output.hide();
  });
  assert.deepEqual(writes, []);
});
