// Sends signed DMs to a running server and waits for their replies: the ack-latency runs (item 1) and the 10,000-event soak (item 7) both go through here.
import { performance } from 'node:perf_hooks';
import type { FakeSlack } from './fake-slack.js';
import { BENCH_SIGNING_SECRET } from './in-process.js';
import { LOAD_MIX, slackIdOf } from './people.js';
import { createPoster, dmEnvelope, newMessage, sendAll, signed, type Sent, type SignedRequest } from './slack-client.js';
import { round, spread, type Spread } from './stats.js';

/** `ackReused`: only requests on an already open connection (how Slack's steady traffic arrives). */
export type LoadRun = { ack: Spread; ackReused: Spread; sendMs: number; drainMs: number; eventsPerSecond: number };

/** `count` signed DMs of the load mix, each a new event in its own thread. */
export function signedDms(count: number): SignedRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const scenario = LOAD_MIX[i % LOAD_MIX.length]!;
    return signed(BENCH_SIGNING_SECRET, '/slack/events', dmEnvelope(newMessage(slackIdOf(scenario.requester), scenario.text)));
  });
}

/**
 * Every request from a client of its own with `concurrency` connections, opened as the run starts
 * and closed after it: the project and the floor server are both measured this way, so both pay
 * for the same burst of new connections.
 */
export async function sendOnNewConnections(url: string, requests: readonly SignedRequest[], concurrency: number): Promise<Sent[]> {
  const poster = createPoster(url, concurrency);
  try {
    return await sendAll(poster, requests, concurrency);
  } finally {
    poster.close();
  }
}

/** `count` unique events at `concurrency` connections; then every reply. Signing happens before the clock starts. */
export async function sendAndDrain(url: string, slack: FakeSlack, count: number, concurrency: number, drainTimeoutMs: number): Promise<LoadRun> {
  const requests = signedDms(count);
  const repliesBefore = slack.repliedThreads.size;
  const started = performance.now();
  const sent = await sendOnNewConnections(url, requests, concurrency);
  const sendMs = performance.now() - started;
  await slack.repliesReach(repliesBefore + count, drainTimeoutMs);
  const drainMs = performance.now() - started;
  return { ack: spread(sent.map((s) => s.ms)), ackReused: spread(sent.filter((s) => s.reused).map((s) => s.ms)), sendMs: round(sendMs, 0), drainMs: round(drainMs, 0), eventsPerSecond: round(count / (drainMs / 1000), 1) };
}
