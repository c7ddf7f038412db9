// The output channel everything in the client writes to: the extension, the language client
// library, the trace. VS Code throws "Channel has been closed" at any write to a disposed channel,
// and writes still come after the extension stopped: a server that did not answer `shutdown` in
// time keeps sending its log until the library ends it a few seconds later, and a failed request
// is reported when its answer never comes. Closing disposes the channel and makes every later write
// do nothing, so that reloading the window shows no errors.

import type { LogOutputChannel } from 'vscode';

/** `channel`, whose `dispose` closes it: it is disposed once, and writes after that do nothing. */
export function closableChannel(channel: LogOutputChannel): LogOutputChannel {
  let closed = false;
  /** `write` while the channel is open; nothing once it is closed. */
  const open =
    <A extends unknown[]>(write: (...args: A) => void) =>
    (...args: A): void => {
      if (!closed) write(...args);
    };
  return {
    get name() {
      return channel.name;
    },
    get logLevel() {
      return channel.logLevel;
    },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: open((message: string, ...args: unknown[]) => channel.trace(message, ...args)),
    debug: open((message: string, ...args: unknown[]) => channel.debug(message, ...args)),
    info: open((message: string, ...args: unknown[]) => channel.info(message, ...args)),
    warn: open((message: string, ...args: unknown[]) => channel.warn(message, ...args)),
    error: open((error: string | Error, ...args: unknown[]) => channel.error(error, ...args)),
    append: open((value: string) => channel.append(value)),
    appendLine: open((value: string) => channel.appendLine(value)),
    replace: open((value: string) => channel.replace(value)),
    clear: open(() => channel.clear()),
    show: open((preserveFocus?: unknown) => channel.show(preserveFocus === true)),
    hide: open(() => channel.hide()),
    dispose: () => {
      if (closed) return;
      closed = true;
      channel.dispose();
    },
  };
}
