// Item 2: a duplicate storm: 500 events, each delivered 4 times at once (the 2nd-4th as Slack retries), then: how many were processed (replies in their threads, model calls) and the time until the inbox is drained. Turns run in the worker thread as under `npm start`; the offline planner there counts its calls in shared memory.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { TURN_MODEL_MODULE, turnModelProbe } from '../tests/helpers/turn-model.js';
import type { FakeSlack } from './fake-slack.js';
import { BENCH_SIGNING_SECRET, startInProcessApp } from './in-process.js';
import { slackIdOf, STORM_MIX } from './people.js';
import { createPoster, dmEnvelope, newMessage, sendAll, signed, type SignedRequest } from './slack-client.js';
import { round, spread, type Spread } from './stats.js';

export type StormFigures = {
  events: number;
  deliveries: number;
  /** Events answered (a reply in their thread). Must equal `events`. */
  processed: number;
  /** Replies posted in the storm's threads: more than `events` would be a duplicate answer. */
  replies: number;
  modelCalls: number;
  ack: Spread;
  /** This thread's event-loop delay during the storm (the app's HTTP side and the client share it; turns run in the worker thread), ms. */
  loopDelay: { p99: number; max: number };
  /** First delivery sent -> every reply posted and the app idle. */
  drainMs: number;
};

export async function measureStorm(slack: FakeSlack, options: { events: number; copies: number; connections: number }): Promise<StormFigures> {
  const counting = turnModelProbe();
  const target = await startInProcessApp(slack.apiUrl, { turnThread: { module: TURN_MODEL_MODULE, data: counting.data } });
  const poster = createPoster(target.url, options.connections);
  try {
    const messages = Array.from({ length: options.events }, (_, i) => {
      const scenario = STORM_MIX[i % STORM_MIX.length]!;
      return newMessage(slackIdOf(scenario.requester), scenario.text);
    });
    const threads = new Set(messages.map((m) => m.ts));
    // The copies of one event are adjacent, so they are in flight at the same time.
    const deliveries: SignedRequest[] = messages.flatMap((message) => {
      const request = signed(BENCH_SIGNING_SECRET, '/slack/events', dmEnvelope(message));
      return Array.from({ length: options.copies }, (_, copy) =>
        copy === 0 ? request : { ...request, headers: { ...request.headers, 'x-slack-retry-num': String(copy), 'x-slack-retry-reason': 'http_timeout' } },
      );
    });
    const repliesBefore = slack.repliedThreads.size;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = performance.now();
    const sent = await sendAll(poster, deliveries, options.connections);
    await slack.repliesReach(repliesBefore + options.events, 120_000);
    await target.app.idle();
    const drainMs = performance.now() - started;
    loop.disable();

    const replies = slack.posts.filter((p) => p.method === 'chat.postMessage' && p.threadTs !== undefined && threads.has(p.threadTs));
    const figures: StormFigures = {
      events: options.events,
      deliveries: deliveries.length,
      processed: new Set(replies.map((p) => p.threadTs)).size,
      replies: replies.length,
      modelCalls: counting.calls(),
      ack: spread(sent.map((s) => s.ms)),
      loopDelay: { p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
      drainMs: round(drainMs, 0),
    };
    if (figures.processed !== options.events || figures.replies !== options.events || figures.modelCalls !== options.events) {
      throw new Error(`duplicate storm: ${figures.processed} events processed, ${figures.replies} replies, ${figures.modelCalls} model calls for ${options.events} events`);
    }
    return figures;
  } finally {
    poster.close();
    await target.close();
  }
}
