// End to end with every stand-in (demo Okta org, Slack console, offline planner): a reply about an
// account shows the Okta calls behind it with the request ids the demo org answered with; a
// confirmed action's card shows the calls of its execution and its audit row holds the same ones;
// a reset link's token is in none of them.
import { describe, expect, it } from 'vitest';
import { createAuditLog, type StoredAuditEntry } from '../../src/audit/index.js';
import { DEMO_PEOPLE } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { CONSOLE_ENVELOPE, useDemoHelpdesk } from '../helpers/demo-app.js';
import { dmEvent, signedEventRequest } from '../helpers/slack.js';

const SECRET = 'e2e-sources-console-signing-secret-0123';
const people = peopleFromDemoOrg(DEMO_PEOPLE);
const jordan = people.find((p) => p.email.startsWith('jordan.rivera@'))!;
const omar = people.find((p) => p.email.startsWith('omar.haddad@'))!;
type Person = typeof jordan;

type Block = { type: string; block_id?: string; elements?: Array<{ action_id?: string; text?: string }> };
type FeedMessage = { ts: string; threadTs?: string; text: string; fromBot: boolean; blocks?: Block[] };

const demo = useDemoHelpdesk(SECRET);

const dmOf = (person: Person) => `D${person.slackUserId}`;

async function ask(person: Person, text: string, ts: string): Promise<FeedMessage> {
  const event = dmEvent({ eventId: `Ev${ts.replace('.', '')}`, user: person.slackUserId, channel: dmOf(person), text, ts });
  const signed = signedEventRequest({ ...event, ...CONSOLE_ENVELOPE }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) });
  expect((await fetch(`${demo.server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() })).status).toBe(200);
  await demo.app.idle();
  const reply = (await feed()).find((m) => m.threadTs === ts);
  expect(reply).toBeDefined();
  return reply!;
}

async function feed(): Promise<FeedMessage[]> {
  const response = await fetch(`${demo.server.url}/console/feed?since=0`);
  return ((await response.json()) as { messages: FeedMessage[] }).messages.filter((m) => m.fromBot);
}

/** Clicks Confirm; with `onPhone`, then taps on the person's phone the number the desk sent them by DM (Okta Verify). */
async function confirm(person: Person, card: FeedMessage, { onPhone = false } = {}): Promise<FeedMessage> {
  const actions = card.blocks!.find((b) => b.type === 'actions')!;
  const click = await fetch(`${demo.server.url}/console/click`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId: person.slackUserId, channel: dmOf(person), messageTs: card.ts, actionId: 'helpdesk_confirm', blockId: actions.block_id }),
  });
  expect(click.status).toBe(200);
  if (onPhone) await approveOnPhone(person);
  await demo.app.idle();
  return (await feed()).find((m) => m.ts === card.ts)!;
}

async function approveOnPhone(person: Person): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const { pushes } = (await (await fetch(`${demo.server.url}/console/phone?personId=${person.slackUserId}`)).json()) as { pushes: Array<{ transactionId: string }> };
    const number = (await feed()).map((m) => /tap (\d+) to approve/.exec(m.text)?.[1]).findLast((n) => n !== undefined);
    if (pushes[0] && number) {
      const body = JSON.stringify({ personId: person.slackUserId, transactionId: pushes[0].transactionId, pick: Number(number) });
      const answered = await fetch(`${demo.server.url}/console/phone/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(await answered.json()).toEqual({ result: 'SUCCESS' });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no Okta Verify push reached ${person.email}'s phone`);
}

/** The text of a message's last context block: where the sources line is. */
const sourcesOf = (message: FeedMessage) => message.blocks?.filter((b) => b.type === 'context').at(-1)?.elements?.map((e) => e.text).join('\n') ?? '';

/** [method, path without query, request id] of each call a sources line lists. */
const listed = (sources: string) => [...sources.matchAll(/^`(\w+) ([^`?]+)[^`]*` · \d+ · req `([^`]+)`/gm)].map((m) => [m[1], m[2], m[3]]);

/** The request id the demo org answered the last `method uri…` request with. */
const demoRequestId = (method: string, path: string) => demo.app.demoOkta!.recentRequests().findLast((r) => r.method === method && r.uri.split('?')[0] === path)?.requestId;

const oktaIdOf = (email: string) => [...demo.app.demoOkta!.state.users.values()].find((u) => u.profile.email === email)!.id;

async function auditRows(person: Person): Promise<StoredAuditEntry[]> {
  const audit = await createAuditLog(demo.databaseUrl);
  try {
    return await audit.list({ requester: person.email });
  } finally {
    await audit.close();
  }
}

describe('sources of an answer, end to end', () => {
  it('shows GET /api/v1/users/{id}/groups with the request id the demo org sent, under "what groups am I in?"', async () => {
    const reply = await ask(jordan, 'what groups am I in?', '1800000100.000100');
    const jordanId = oktaIdOf(jordan.email);

    expect(reply.text).toMatch(/Okta groups?/);
    expect(reply.text).not.toContain('Sources');
    const groupsPath = `/api/v1/users/${jordanId}/groups`;
    const requestId = demoRequestId('GET', groupsPath);
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(sourcesOf(reply)).toMatch(/^\*Sources \(Okta\):\*\n/);
    expect(listed(sourcesOf(reply))).toContainEqual(['GET', groupsPath, requestId]);
  });

  it("keeps a reset link's token out of the card, the thread and the audit rows", async () => {
    const card = await ask(omar, 'reset my password', '1800000300.000100');
    // Your own reset link waits for Okta Verify (the default policy): the push's calls are sources too.
    const updated = await confirm(omar, card, { onPhone: true });
    const tokens = [...demo.app.demoOkta!.state.resetTokens.keys()];

    expect(tokens).toHaveLength(1);
    expect(listed(sourcesOf(updated)).at(-1)?.[1]).toMatch(/\/lifecycle\/reset_password$/);
    const thread = (await feed()).filter((m) => m.threadTs === '1800000300.000100' || m.ts === updated.ts);
    expect(JSON.stringify(thread)).not.toContain(tokens[0]);
    const rows = (await auditRows(omar)).filter((row) => row.action === 'reset_password');
    expect(rows.map((row) => row.outcome)).toEqual(expect.arrayContaining(['confirmation_requested', 'confirmed', 'executed']));
    expect(rows.find((row) => row.outcome === 'executed')?.oktaCalls?.some((c) => c.path.includes('/lifecycle/reset_password?sendEmail=false'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(tokens[0]);
  });

  it("shows the calls of a confirmed lock on its card, and the audit row of the execution holds them", async () => {
    const card = await ask(jordan, 'lock my account', '1800000200.000100');
    const updated = await confirm(jordan, card);

    const calls = listed(sourcesOf(updated));
    const id = oktaIdOf(jordan.email);
    expect(calls.slice(-2)).toEqual([
      ['POST', `/api/v1/users/${id}/lifecycle/suspend`, demoRequestId('POST', `/api/v1/users/${id}/lifecycle/suspend`)],
      ['DELETE', `/api/v1/users/${id}/sessions`, demoRequestId('DELETE', `/api/v1/users/${id}/sessions`)],
    ]);
    const executed = (await auditRows(jordan)).find((row) => row.action === 'lock' && row.outcome === 'executed');
    expect(executed?.oktaCalls?.map((c) => [c.method, c.path.split('?')[0], c.requestId]).slice(-calls.length)).toEqual(calls);
  });
});
