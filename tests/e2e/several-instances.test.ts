// Two instances of the app on one Postgres database, each with its own HTTP server and Slack worker
// (and, in demo mode, its own Slack console and demo Okta org). A duplicate storm spread over both
// front doors is answered exactly once per event, and a card clicked on both instances at once is
// executed once: the inbox and pending-action claims hold across instances.
import { noopLogger } from '@mastra/core/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { createAuditLog } from '../../src/audit/index.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { DEMO_OKTA_TOKEN, DEMO_PEOPLE } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { serveHelpdesk, type RunningServer } from '../../src/server.js';
import { CONSOLE_ENVELOPE } from '../helpers/demo-app.js';
import { freePort } from '../helpers/net.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { blockActionsPayload, dmEvent, signedEventRequest, signedInteractionRequest } from '../helpers/slack.js';

const SECRET = 'several-instances-console-secret-0123';
const EVENTS = 100;
const DELIVERIES = 3;
const BATCH = 20;
const people = peopleFromDemoOrg(DEMO_PEOPLE);
const jordan = people.find((p) => p.email.startsWith('jordan.rivera@'))!;

type Instance = { app: HelpdeskApp; server: RunningServer };
type FeedMessage = { ts: string; threadTs?: string; text: string; fromBot: boolean; blocks?: Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }> };

const instances: Instance[] = [];
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  // One after the other, as a rolling deploy would; each runs its own migrations check.
  for (let i = 0; i < 2; i += 1) {
    const config = parseConfig({ PORT: String(await freePort()), DATABASE_URL: databaseUrl }, findProjectRoot());
    const app = await createHelpdeskApp(config, { logger: noopLogger, consoleSigningSecret: SECRET });
    instances.push({ app, server: await serveHelpdesk(app, config) });
  }
}, 60_000);
afterAll(async () => {
  for (const { server, app } of instances) {
    await server.close();
    await app.stop();
  }
});

const now = () => Math.floor(Date.now() / 1000);
const post = async (instance: Instance, request: Request) =>
  (await fetch(`${instance.server.url}${new URL(request.url).pathname}`, { method: 'POST', headers: request.headers, body: await request.text() })).status;
const idle = () => Promise.all(instances.map(({ app }) => app.idle()));

async function botMessages(instance: Instance): Promise<FeedMessage[]> {
  const response = await fetch(`${instance.server.url}/console/feed?since=0`);
  return ((await response.json()) as { messages: FeedMessage[] }).messages.filter((m) => m.fromBot);
}

async function demoOkta<T>(instance: Instance, path: string): Promise<T> {
  const response = await fetch(`${instance.app.demoOktaUrl}${path}`, { headers: { authorization: `SSWS ${DEMO_OKTA_TOKEN}`, accept: 'application/json' } });
  return (await response.json()) as T;
}

/** Suspensions of `email` in this instance's demo org, from its system log. */
async function suspensionsOf(instance: Instance, email: string): Promise<number> {
  const { id } = await demoOkta<{ id: string }>(instance, `/api/v1/users/${email}`);
  const log = await demoOkta<Array<{ eventType: string; target?: Array<{ id: string }> }>>(instance, '/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z');
  return log.filter((e) => e.eventType === 'user.lifecycle.suspend' && e.target?.some((t) => t.id === id)).length;
}

describe('two instances on one Postgres database', () => {
  it(`answers each of ${EVENTS} events exactly once when every event arrives ${DELIVERIES} times, spread over both instances`, async () => {
    const threads: string[] = [];
    for (let start = 0; start < EVENTS; start += BATCH) {
      const deliveries: Array<Promise<number>> = [];
      for (let i = start; i < start + BATCH; i += 1) {
        const person = people[i % people.length]!;
        const ts = `1800001000.${String(i).padStart(6, '0')}`;
        threads.push(ts);
        const body = { ...dmEvent({ eventId: `EvStorm${i}`, user: person.slackUserId, channel: `D${person.slackUserId}`, text: 'what groups is omar.haddad@acme.example in?', ts }), ...CONSOLE_ENVELOPE };
        // Deliveries race each other; the first lands on instance A for even events and on B for odd ones.
        for (let d = 0; d < DELIVERIES; d += 1) deliveries.push(post(instances[(i + d) % 2]!, signedEventRequest(body, { secret: SECRET, timestamp: now() })));
      }
      expect(new Set(await Promise.all(deliveries))).toEqual(new Set([200]));
    }
    await idle();

    const [onA, onB] = await Promise.all(instances.map(botMessages));
    const replies = [...onA!, ...onB!].filter((m) => m.threadTs !== undefined && threads.includes(m.threadTs));
    const perThread = new Map<string, number>();
    for (const reply of replies) perThread.set(reply.threadTs!, (perThread.get(reply.threadTs!) ?? 0) + 1);
    expect(threads.filter((ts) => perThread.get(ts) !== 1)).toEqual([]);
    expect(replies).toHaveLength(EVENTS);
    // Both workers took part (each instance's console only sees its own worker's posts).
    expect(onA!.length).toBeGreaterThan(0);
    expect(onB!.length).toBeGreaterThan(0);
  }, 120_000);

  it('executes a confirmation card once when it is clicked on both instances at the same time', async () => {
    const [a, b] = instances as [Instance, Instance];
    const dm = `D${jordan.slackUserId}`;
    const ts = '1800002000.000100';
    const request = { ...dmEvent({ eventId: 'EvStormLock', user: jordan.slackUserId, channel: dm, text: 'lock my account', ts }), ...CONSOLE_ENVELOPE };
    expect(await post(a, signedEventRequest(request, { secret: SECRET, timestamp: now() }))).toBe(200);
    await idle();
    const card = (await botMessages(a)).find((m) => m.threadTs === ts);
    const pendingId = card?.blocks?.find((block) => block.type === 'actions')?.elements?.find((e) => e.action_id === 'helpdesk_confirm')?.value ?? '';
    expect(pendingId).not.toBe('');

    const click = () => {
      const payload = { ...blockActionsPayload({ user: jordan.slackUserId, actionId: 'helpdesk_confirm', value: pendingId, channel: dm, messageTs: card!.ts }), team: { id: CONSOLE_ENVELOPE.team_id }, api_app_id: CONSOLE_ENVELOPE.api_app_id };
      return signedInteractionRequest(payload, { secret: SECRET, timestamp: now() });
    };
    const acks = await Promise.all([a, b, a, b, a, b].map((instance) => post(instance, click())));
    expect(new Set(acks)).toEqual(new Set([200]));
    await idle();

    // Each instance has its own demo org: the one suspension may land in either, never in both.
    expect((await suspensionsOf(a, jordan.email)) + (await suspensionsOf(b, jordan.email))).toBe(1);
    // The shared audit log: one confirmation and one execution, whichever instance ran it.
    const audit = await createAuditLog(databaseUrl);
    const outcomes = (await audit.list({ target: jordan.email })).map((entry) => entry.outcome);
    await audit.close();
    expect(outcomes.filter((outcome) => outcome === 'confirmed' || outcome === 'executed').sort()).toEqual(['confirmed', 'executed']);
  });
});
