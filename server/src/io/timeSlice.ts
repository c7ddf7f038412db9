// Cooperative time slicing for long work in a process that must keep answering messages (the
// language server): synchronous work runs in stretches of at most a few milliseconds, and between
// stretches the event loop gets turns. vscode-jsonrpc handles one message per turn, so with
// `traffic` a pause lasts as long as messages keep coming (up to another stretch's worth of time):
// a flood of requests shares the process with the work instead of queueing behind it. In a
// one-shot CLI run the pauses cost next to nothing.

import { performance } from 'node:perf_hooks';

/** Longest synchronous stretch before yielding to pending messages. */
export const SLICE_MS = 15;

/** Messages handled so far by the process (the language server's handlers count them). */
export interface Traffic {
  handled: number;
}

/** One turn of the event loop: queued messages and timers run before the caller continues. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

export class TimeSlice {
  private start = performance.now();

  constructor(
    private readonly traffic?: Traffic,
    private readonly ms = SLICE_MS,
  ) {}

  /** Whether the current stretch has used up its time. */
  get due(): boolean {
    return performance.now() - this.start > this.ms;
  }

  /** Yields to the event loop and starts a new stretch (callers check `due` first: `if (s.due) await s.next()`). */
  async next(): Promise<void> {
    const pause = performance.now();
    let seen: number;
    do {
      seen = this.traffic?.handled ?? 0;
      await nextTurn();
    } while (this.traffic && this.traffic.handled !== seen && performance.now() - pause < this.ms);
    this.start = performance.now();
  }
}
