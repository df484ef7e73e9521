// Slack turns in the worker thread (AppOverrides.turnThread, what `npm start` runs): the HTTP
// thread stores and acknowledges while a turn holds the turn thread's event loop, an event is
// answered once however often Slack delivers it, and a turn thread that dies is started again and
// finishes the event it was running. The model runs inside the thread (tests/helpers/turn-model.ts).
// The thread starts after the server is up: events are stored (and /health says so) while it builds
// its half; it runs at a lower CPU priority than the HTTP thread.
// The first two on both backends: on Postgres the turn thread is one more claimer of the shared
// inbox, holding (and renewing) the leases of what it claims.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../src/demo/slack-console/index.js';
import { createInbox, type InboxEntry } from '../src/slack/inbox.js';
import { TURN_THREAD_NICE } from '../src/turn-thread.js';
import { CONSOLE_ENVELOPE, useDemoHelpdesk, type DemoHelpdesk } from './helpers/demo-app.js';
import { dmEvent, signedEventRequest } from './helpers/slack.js';
import { TURN_MODEL_MODULE, turnModelProbe } from './helpers/turn-model.js';

const SECRET = 'turn-thread-console-signing-secret-01';
const jordan = peopleFromDemoOrg(DEMO_PEOPLE).find((p) => p.email.startsWith('jordan.rivera@'))!;

type FeedMessage = { threadTs?: string; text: string; fromBot: boolean };

function message(eventId: string, ts: string): Record<string, unknown> {
  return { ...dmEvent({ eventId, user: jordan.slackUserId, channel: `D${jordan.slackUserId}`, text: 'hello', ts }), ...CONSOLE_ENVELOPE };
}

async function deliver(demo: DemoHelpdesk, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  const signed = signedEventRequest(body, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000), headers });
  const response = await fetch(`${demo.server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() });
  return response.status;
}

async function repliesIn(demo: DemoHelpdesk, threadTs: string): Promise<FeedMessage[]> {
  const response = await fetch(`${demo.server.url}/console/feed?since=0`);
  return ((await response.json()) as { messages: FeedMessage[] }).messages.filter((m) => m.fromBot && m.threadTs === threadTs);
}

async function inboxRow(demo: DemoHelpdesk, eventId: string): Promise<InboxEntry | undefined> {
  const inbox = createInbox(demo.databaseUrl);
  try {
    return await inbox.get(eventId);
  } finally {
    inbox.close();
  }
}

/** Polls (bounded) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}

async function health(demo: DemoHelpdesk): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${demo.server.url}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A thread's nice value, from /proc/self/task/TID/stat (the 19th field; the 17th after the command's closing parenthesis). */
const niceOf = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

describe('starting the turn thread', () => {
  const model = turnModelProbe({ holdStart: true });
  const demo = useDemoHelpdesk(SECRET, { turnThread: { module: TURN_MODEL_MODULE, data: model.data } }, { awaitTurnThread: false });

  it('reports healthy while the thread builds its half, stores events meanwhile, and answers them once it takes work', async () => {
    expect(await health(demo)).toMatchObject({ status: 200, body: { status: 'degraded', database: 'ok', turns: 'starting' } });
    expect(await deliver(demo, message('EvTHREAD0201', '1800000300.000100'))).toBe(200);
    expect((await inboxRow(demo, 'EvTHREAD0201'))?.status).toBe('pending');

    model.open();
    await demo.app.idle();
    expect(await repliesIn(demo, '1800000300.000100')).toHaveLength(1);
    expect(await health(demo)).toMatchObject({ status: 200, body: { status: 'ok', turns: 'ok' } });
  }, 60_000); // the thread builds its half of the app inside the test

  it.runIf(process.platform === 'linux')('runs turns at a lower CPU priority than the thread that acknowledges Slack', () => {
    const lowered = readdirSync('/proc/self/task').filter((task) => niceOf(task) === TURN_THREAD_NICE);
    expect(lowered).toHaveLength(1);
    expect(niceOf(readlinkSync('/proc/thread-self').split('/').at(-1)!)).toBe(0);
  });
});

const BACKENDS = [{ backend: 'libsql' as const }, { backend: 'postgres' as const }];

describe.each(BACKENDS)('a turn that blocks the turn thread ($backend)', ({ backend }) => {
  const model = turnModelProbe({ block: true });
  const demo = useDemoHelpdesk(SECRET, { turnThread: { module: TURN_MODEL_MODULE, data: model.data } }, { backend });

  it('does not hold up the ack of the next event: it is stored and acknowledged while the first turn still runs', async () => {
    expect(await deliver(demo, message('EvTHREAD0001', '1800000100.000100'))).toBe(200);
    await until(() => model.calls() === 1, 'the first turn reached the model');

    // The turn thread now sits in the model call; this thread still verifies, stores and answers.
    expect(await deliver(demo, message('EvTHREAD0002', '1800000100.000200'))).toBe(200);
    expect((await inboxRow(demo, 'EvTHREAD0002'))?.status).toBe('pending');
    expect((await inboxRow(demo, 'EvTHREAD0001'))?.status).toBe('processing');
    expect(model.calls()).toBe(1);

    model.open();
    await demo.app.idle();
    expect((await inboxRow(demo, 'EvTHREAD0001'))?.status).toBe('done');
    expect((await inboxRow(demo, 'EvTHREAD0002'))?.status).toBe('done');
    expect(await repliesIn(demo, '1800000100.000100')).toHaveLength(1);
    expect(await repliesIn(demo, '1800000100.000200')).toHaveLength(1);
  });
});

describe.each(BACKENDS)('once-only across the thread boundary ($backend)', ({ backend }) => {
  const model = turnModelProbe({});
  const demo = useDemoHelpdesk(SECRET, { turnThread: { module: TURN_MODEL_MODULE, data: model.data } }, { backend });

  it('answers an event Slack delivers four times at once exactly once', async () => {
    const event = message('EvTHREAD0101', '1800000200.000100');
    const statuses = await Promise.all([0, 1, 2, 3].map((retry) => deliver(demo, event, retry === 0 ? {} : { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' })));
    expect(statuses).toEqual([200, 200, 200, 200]);
    await demo.app.idle();
    expect(model.calls()).toBe(1);
    expect(await repliesIn(demo, '1800000200.000100')).toHaveLength(1);
    expect(await inboxRow(demo, 'EvTHREAD0101')).toMatchObject({ status: 'done', attempts: 1 });
  });
});

// On Postgres too the new thread takes over at once what the dead one held (it claims under the same
// holder id); another instance's claims there would wait for the 60 s lease, longer than this test may take.
describe.each(BACKENDS)('recovery across the thread boundary ($backend)', ({ backend }) => {
  const model = turnModelProbe({ crashOnCall: 1 });
  const demo = useDemoHelpdesk(SECRET, { turnThread: { module: TURN_MODEL_MODULE, data: model.data } }, { backend });

  it('starts a turn thread that died mid-turn again, and the recovered event is answered once', async () => {
    expect(await deliver(demo, message('EvTHREAD0102', '1800000200.000200'))).toBe(200);
    // The model's first call ends the thread; idle() waits for its successor to finish the event.
    await demo.app.idle();
    expect(model.calls()).toBe(2);
    expect(await inboxRow(demo, 'EvTHREAD0102')).toMatchObject({ status: 'done', attempts: 2 });
    expect(await repliesIn(demo, '1800000200.000200')).toHaveLength(1);

    // The new thread takes new work as before.
    expect(await deliver(demo, message('EvTHREAD0103', '1800000200.000300'))).toBe(200);
    await demo.app.idle();
    expect(await repliesIn(demo, '1800000200.000300')).toHaveLength(1);
   }, 30_000); // a new thread builds its half of the app again, in seconds; well under the Postgres lease
});
