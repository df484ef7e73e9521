// Item 2: a duplicate storm: 500 events, each delivered 4 times at once (the 2nd-4th as Slack retries), then: how many were processed (replies in their threads, model calls) and the time until the inbox is drained. The app runs in its own process (bench/storm-target.ts) with turns in the worker thread as under `npm start`, and Okta in a third; the offline planner in the turn thread counts its calls.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FakeSlack } from './fake-slack.js';
import { BENCH_SIGNING_SECRET } from './in-process.js';
import { slackIdOf, STORM_MIX } from './people.js';
import { startLoadClient } from './load-client.js';
import { dmEnvelope, newMessage, signed, type SignedRequest } from './slack-client.js';
import { round, spread, type Spread } from './stats.js';
import type { FromStormTarget, ToStormTarget } from './storm-target.js';

export type StormFigures = {
  events: number;
  deliveries: number;
  /** Events answered (a reply in their thread). Must equal `events`. */
  processed: number;
  /** Replies posted in the storm's threads: more than `events` would be a duplicate answer. */
  replies: number;
  modelCalls: number;
  ack: Spread;
  /** The app's HTTP thread's event-loop delay during the storm (turns run in its worker thread), ms. */
  loopDelay: { p99: number; max: number };
  /** First delivery sent -> every reply posted and the app idle. */
  drainMs: number;
};

export async function measureStorm(
  projectRoot: string,
  slack: FakeSlack,
  oktaUrl: string,
  options: { events: number; copies: number; connections: number },
): Promise<StormFigures> {
  const target = await startStormTarget(projectRoot, slack.apiUrl, oktaUrl);
  const client = await startLoadClient(target.url, options.connections);
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
    target.send({ type: 'begin' });
    const started = performance.now();
    const sent = await client.send(deliveries);
    await slack.repliesReach(repliesBefore + options.events, 120_000);
    const { modelCalls, loopDelay } = await target.idle();
    const drainMs = performance.now() - started;

    const replies = slack.posts.filter((p) => p.method === 'chat.postMessage' && p.threadTs !== undefined && threads.has(p.threadTs));
    const figures: StormFigures = {
      events: options.events,
      deliveries: deliveries.length,
      processed: new Set(replies.map((p) => p.threadTs)).size,
      replies: replies.length,
      modelCalls,
      ack: spread(sent.map((s) => s.ms)),
      loopDelay,
      drainMs: round(drainMs, 0),
    };
    if (figures.processed !== options.events || figures.replies !== options.events || figures.modelCalls !== options.events) {
      throw new Error(`duplicate storm: ${figures.processed} events processed, ${figures.replies} replies, ${figures.modelCalls} model calls for ${options.events} events`);
    }
    return figures;
  } finally {
    await client.close();
    await target.close();
  }
}

/** Forks bench/storm-target.ts (through tsx) and waits for its URL. */
async function startStormTarget(projectRoot: string, slackApiUrl: string, oktaUrl: string) {
  const child = fork(join(projectRoot, 'bench', 'storm-target.ts'), [slackApiUrl, oktaUrl], { cwd: projectRoot, execArgv: ['--import', 'tsx'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T extends FromStormTarget['type']>(type: T) =>
    new Promise<Extract<FromStormTarget, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromStormTarget) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as Extract<FromStormTarget, { type: T }>);
      };
      child.on('message', onMessage);
      void exited.then(() => reject(new Error(`the storm's server exited before answering ${type}`)));
    });
  const send = (message: ToStormTarget) => child.send(message);
  const { url } = await next('ready');
  return {
    url,
    send,
    async idle() {
      const answer = next('idle');
      send({ type: 'idle' });
      return answer;
    },
    async close() {
      if (child.exitCode === null) send({ type: 'stop' });
      await exited;
    },
  };
}
