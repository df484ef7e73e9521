// Sends signed DMs to a running server and waits for their replies: the ack-latency runs (item 1) and the 10,000-event soak (item 7) both go through here.
import { performance } from 'node:perf_hooks';
import type { FakeSlack } from './fake-slack.js';
import { BENCH_SIGNING_SECRET } from './in-process.js';
import { LOAD_MIX, slackIdOf } from './people.js';
import type { LoadClient } from './load-client.js';
import { dmEnvelope, newMessage, signed, type SignedRequest } from './slack-client.js';
import { medianRound, round, spread, type Rounds } from './stats.js';

/** `ack`: per round of sends, the median one; `sendMs`: all rounds; `drainMs`: first send -> last reply. */
export type LoadRun = { ack: Rounds; events: number; sendMs: number; drainMs: number; eventsPerSecond: number };

/** `count` signed DMs of the load mix, each a new event in its own thread. */
export function signedDms(count: number): SignedRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const scenario = LOAD_MIX[i % LOAD_MIX.length]!;
    return signed(BENCH_SIGNING_SECRET, '/slack/events', dmEnvelope(newMessage(slackIdOf(scenario.requester), scenario.text)));
  });
}

/**
 * `rounds` x `events` unique events through `client`, the rounds one after another (the worker
 * draining the earlier ones meanwhile); then every reply. Signing happens before the clock starts.
 * A warm-up on the same client with at least one event per connection first opens every
 * connection, so the measured acks are on open connections, as Slack's steady traffic is.
 */
export async function sendAndDrain(client: LoadClient, slack: FakeSlack, { rounds = 1, events }: { rounds?: number; events: number }, drainTimeoutMs: number): Promise<LoadRun> {
  const requests = Array.from({ length: rounds }, () => signedDms(events));
  const repliesBefore = slack.repliedThreads.size;
  const started = performance.now();
  const acks = [];
  for (const round of requests) acks.push(spread((await client.send(round)).map((s) => s.ms)));
  const sendMs = performance.now() - started;
  const total = rounds * events;
  await slack.repliesReach(repliesBefore + total, drainTimeoutMs);
  const drainMs = performance.now() - started;
  return { ack: medianRound(acks), events: total, sendMs: round(sendMs, 0), drainMs: round(drainMs, 0), eventsPerSecond: round(total / (drainMs / 1000), 1) };
}
