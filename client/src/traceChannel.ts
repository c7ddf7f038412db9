// The channel vscode-languageclient writes its LSP trace to. The library traces only while its
// trace channel's log level is Trace, and writes at that level, so `gatewayRefs.trace.server`
// alone showed nothing until the user raised the output channel's level by hand. This channel
// reports Trace while the setting is on and writes the trace into the output channel at info,
// where a user who turned the setting on looks for it.

import type { Disposable, Event, LogOutputChannel } from 'vscode';
import { EventEmitter, LogLevel, workspace } from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/lsp/protocol.js';

const SETTING = 'trace.server';

export function traceChannel(output: LogOutputChannel): LogOutputChannel & Disposable {
  const changed = new EventEmitter<LogLevel>();
  const level = () =>
    workspace.getConfiguration(SETTINGS_SECTION).get<string>(SETTING, 'off') === 'off' ? LogLevel.Info : LogLevel.Trace;
  let current = level();
  const watch = workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(`${SETTINGS_SECTION}.${SETTING}`)) return;
    const next = level();
    if (next === current) return;
    current = next;
    changed.fire(next);
  });
  const onDidChangeLogLevel: Event<LogLevel> = changed.event;
  return {
    get name() {
      return output.name;
    },
    get logLevel() {
      return current;
    },
    onDidChangeLogLevel,
    // The library passes its messages formatted, without arguments.
    trace: (message: string) => output.info(message),
    debug: (message: string) => output.debug(message),
    info: (message: string) => output.info(message),
    warn: (message: string) => output.warn(message),
    error: (error: string | Error) => output.error(error),
    append: (value) => output.append(value),
    appendLine: (value) => output.appendLine(value),
    replace: (value) => output.replace(value),
    clear: () => output.clear(),
    show: () => output.show(true),
    hide: () => output.hide(),
    dispose: () => {
      watch.dispose();
      changed.dispose();
    },
  };
}
