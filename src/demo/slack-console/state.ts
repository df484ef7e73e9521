// The console's memory: every message and reaction, unique increasing Slack timestamps, and a
// change counter the page polls with.
import type { ConsoleMessage } from './types.js';

export type NewMessage = Omit<ConsoleMessage, 'ts' | 'seq' | 'reactions'>;

export type ConsoleState = {
  readonly messages: ConsoleMessage[];
  /** Feed position of the latest change. */
  cursor(): number;
  add(message: NewMessage): ConsoleMessage;
  find(channel: string, ts: string): ConsoleMessage | undefined;
  /** Applies a change to a stored message and moves it to the head of the feed. */
  change(message: ConsoleMessage, patch: Partial<Pick<ConsoleMessage, 'text' | 'blocks' | 'reactions' | 'deleted'>>): void;
  since(cursor: number): ConsoleMessage[];
};

/** `now` is milliseconds since the epoch; timestamps look like Slack's "1700000000.000100". */
export function createConsoleState(now: () => number): ConsoleState {
  const messages: ConsoleMessage[] = [];
  let seq = 0;
  let lastMicros = 0;

  function nextTs(): string {
    lastMicros = Math.max(Math.floor(now() * 1000), lastMicros + 1);
    const seconds = Math.floor(lastMicros / 1_000_000);
    return `${seconds}.${String(lastMicros % 1_000_000).padStart(6, '0')}`;
  }

  return {
    messages,
    cursor: () => seq,
    add(message) {
      const stored: ConsoleMessage = { ...message, ts: nextTs(), reactions: [], seq: ++seq };
      messages.push(stored);
      return stored;
    },
    find: (channel, ts) => messages.find((m) => m.channel === channel && m.ts === ts),
    change(message, patch) {
      Object.assign(message, patch, { seq: ++seq });
    },
    since: (cursor) => messages.filter((m) => m.seq > cursor).sort((a, b) => a.seq - b.seq),
  };
}
