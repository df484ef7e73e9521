// The Slack side of the safety model, end to end through the real Mastra server in-process: signed
// events produce confirmation and approval cards, signed clicks on /slack/interactions drive the
// real desk against an msw-mocked Okta org, and reset links reach only their owner's DM.
import { Mastra } from '@mastra/core/mastra';
import { createHonoServer } from '@mastra/deployer/server';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WriteAction } from '../../src/helpdesk/actions.js';
import { createPendingActionStore } from '../../src/helpdesk/pending-actions.js';
import { createDirectory, createOktaClient } from '../../src/okta/index.js';
import { DEFAULT_POLICY, type HelpdeskPolicy } from '../../src/policy/index.js';
import { createSlackFrontDoor, type HelpdeskTurn, type Respond } from '../../src/slack/index.js';
import { CLICK_WORDING } from '../../src/slack/clicks.js';
import { DELIVERY_WORDING } from '../../src/slack/delivery.js';
import { NOT_A_MEMBER } from '../../src/slack/slack-api.js';
import { SOURCES_SHOWN } from '../../src/slack/sources.js';
import { createTestDesk, tempDatabaseUrl } from '../helpers/desk.js';
import { ORG_URL, TOKEN, createRecorder, fixture, oktaJson, replay, type Recorder } from '../helpers/okta.js';
import { PEOPLE, oktaGroup, orgReads } from '../helpers/org.js';
import {
  BOT_TOKEN,
  NOW_MS,
  SIGNING_SECRET,
  SLACK_API_URL,
  blockActionsPayload,
  createRecordingLogger,
  createSlackFake,
  dmChannelOf,
  dmEvent,
  signedEventRequest,
  signedInteractionRequest,
  textAnswer,
  WORKSPACE,
} from '../helpers/slack.js';

const { jane, eve, priya } = PEOPLE;
const SLACK_IDS = { sam: 'U0SAM', jane: 'U0JANE', eve: 'U0EVE', priya: 'U0PRIYA' } as const;
type Who = keyof typeof SLACK_IDS;
const RESET_URL = (fixture('reset-password.sendEmail-false.recorded.json').body as { resetPasswordUrl: string }).resetPasswordUrl;
const APPROVALS = 'C0APPROVALS';
const CARD_TS = '1700000000.000001';
const ENGINEERING_ID = oktaGroup('Engineering').id;

const fake = createSlackFake();
const server = setupServer(...fake.handlers);
let okta: Recorder = createRecorder();
const doors: Array<{ stop(): Promise<void> }> = [];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  okta = createRecorder();
  fake.users.clear();
  for (const who of Object.keys(SLACK_IDS) as Who[]) {
    fake.users.set(SLACK_IDS[who], { id: SLACK_IDS[who], team_id: WORKSPACE.teamIds[0], is_bot: false, deleted: false, profile: { email: PEOPLE[who].email } });
  }
  server.use(
    ...orgReads(okta),
    http.post(`${ORG_URL}/api/v1/users/:id/lifecycle/:operation`, async ({ request, params }) => {
      await okta.record(request);
      if (params.operation === 'reset_password') return replay(fixture('reset-password.sendEmail-false.recorded.json'));
      return oktaJson({}, { requestId: `req-${String(params.operation)}` });
    }),
    http.put(`${ORG_URL}/api/v1/groups/:gid/users/:uid`, async ({ request }) => {
      await okta.record(request);
      return new Response(null, { status: 204, headers: { 'x-okta-request-id': 'req-assign' } });
    }),
  );
});
afterEach(async () => {
  for (const door of doors.splice(0)) await door.stop();
  server.resetHandlers();
  fake.reset();
});

/** A stub agent turn: asks the real desk for `action` on behalf of the verified requester. */
function requesting(action: WriteAction, reason?: string) {
  return ({ desk }: Testbed): Respond =>
    async (turn: HelpdeskTurn) => {
      const answer = await desk.request(turn.requester, action, reason);
      return textAnswer(answer.summary, {
        pendingActionIds: answer.pendingActionId ? [answer.pendingActionId] : [],
        resetLinkReferences: answer.resetLinkReference ? [answer.resetLinkReference] : [],
        ownerNotices: answer.ownerNotice ? [answer.ownerNotice] : [],
      });
    };
}

type Testbed = Awaited<ReturnType<typeof createTestDesk>>;

async function boot(options: { respond: (testbed: Testbed) => Respond; approvalsChannel?: string; testbed?: Testbed; policy?: HelpdeskPolicy; pollIntervalMs?: number }) {
  const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 }));
  const testbed = options.testbed ?? (await createTestDesk(directory, { policy: options.policy }));
  const logger = createRecordingLogger();
  const door = createSlackFrontDoor({
    settings: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: SLACK_API_URL },
    workspace: WORKSPACE,
    databaseUrl: tempDatabaseUrl(),
    respond: options.respond(testbed),
    desk: testbed.desk,
    pending: testbed.pending,
    resetLinks: testbed.resetLinks,
    approvalsChannel: options.approvalsChannel,
    logger,
    now: () => NOW_MS,
    slackApi: { sleep: async () => undefined },
    worker: { pollIntervalMs: options.pollIntervalMs },
  });
  doors.push(door);
  const app = await createHonoServer(new Mastra({ server: { apiRoutes: door.routes }, logger: false }), { tools: {} });
  await door.start();
  const send = async (request: Request) => app.request(request);

  /** `who` DMs the bot; resolves when the reply (and any card or link) has been sent. */
  async function ask(who: Who, text = 'please help') {
    await send(signedEvent(who, text));
    await door.idle();
  }
  let events = 0;
  function signedEvent(who: Who, text: string) {
    events += 1;
    const ts = `1664408649.00000${events}`;
    return signedEventRequest(dmEvent({ eventId: `EvCard${events}`, user: SLACK_IDS[who], channel: dmChannelOf(SLACK_IDS[who]), text, ts }));
  }
  /** `who` (a person of the org or a raw Slack id) clicks a button of the card at (channel, CARD_TS); resolves after the ack. */
  async function click(who: Who | `U${string}`, actionId: string, pendingId: string, channel: string) {
    const user = who in SLACK_IDS ? SLACK_IDS[who as Who] : who;
    return send(signedInteractionRequest(blockActionsPayload({ user, actionId, value: pendingId, channel, messageTs: CARD_TS })));
  }
  return { door, send, ask, click, logger, ...testbed };
}

const writes = () => okta.sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const blocksOf = (params: Record<string, string> | undefined) => JSON.parse(params?.blocks ?? 'null') as Array<Record<string, unknown>> | null;
/** The mrkdwn of a message's last context block (where the sources line is). */
const lastContextText = (params: Record<string, string> | undefined) =>
  ((blocksOf(params) ?? []).filter((b) => b.type === 'context').at(-1) as { elements: Array<{ text: string }> } | undefined)?.elements.map((e) => e.text).join('\n') ?? '';
/** "METHOD /path" of each call a sources line lists (query left out), in order. */
const listedCalls = (mrkdwn: string) => [...mrkdwn.matchAll(/^`(\w+) ([^`?]+)[^`]*` · /gm)].map((m) => `${m[1]} ${m[2]}`);
/** "METHOD /path" of each request Okta received from `index` on; the last SOURCES_SHOWN when there are more. */
const oktaCallsFrom = (index: number) => okta.sent.slice(index).map((r) => `${r.method} ${r.path}`).slice(-SOURCES_SHOWN);
const lastPost = () => fake.of('chat.postMessage').at(-1);
/** The pending id carried by the Confirm/Approve button of a posted card. */
const pendingIdOf = (params: Record<string, string> | undefined) => {
  const actions = blocksOf(params)?.find((b) => b.type === 'actions') as { elements: Array<{ value: string }> } | undefined;
  return actions?.elements[0]?.value ?? '';
};

/** Every recorded Slack call (any method, any field) and log record that mentions the reset URL. */
function placesHoldingTheLink(logger: { records: unknown[] }) {
  const calls = fake.calls.filter((call) => JSON.stringify(call.params).includes(RESET_URL)).map((call) => ({ method: call.method, channel: call.params.channel }));
  return { calls, logged: JSON.stringify(logger.records).includes(RESET_URL) };
}

describe('telling the account owner', () => {
  it.each([
    ['lock', 'locked your Okta account (suspended it and ended every session)'],
    ['unlock', 'unlocked your Okta account'],
    ['reset_mfa', 'reset your Okta MFA'],
  ] as const)('DMs Jane, and nobody else, who did it after the help desk confirms %s on her account', async (kind, what) => {
    // Jane is locked out (so unlock changes something); ending sessions answers as Okta does.
    server.use(
      ...orgReads(okta, [...Object.values(PEOPLE).filter((p) => p !== jane), { ...jane, status: kind === 'unlock' ? 'LOCKED_OUT' : 'ACTIVE' }]),
      http.delete(`${ORG_URL}/api/v1/users/:id/sessions`, () => new Response(null, { status: 204 })),
    );
    const { ask, click, door } = await boot({ respond: requesting({ kind, targetEmail: jane.email }) });
    await ask('sam', 'do it');
    const postsBefore = fake.posts().length;
    await click('sam', 'helpdesk_confirm', pendingIdOf(lastPost()), dmChannelOf(SLACK_IDS.sam));
    await door.idle();

    const toJane = fake.posts().slice(postsBefore).filter((p) => p.channel === dmChannelOf(SLACK_IDS.jane));
    expect(toJane).toHaveLength(1);
    expect(toJane[0]?.text).toMatch(new RegExp(`^Heads-up: sam\\.rivera@acme\\.example ${what.replace(/[()]/g, '\\$&')}.* through the IT help desk just now \\(\\d\\d:\\d\\d UTC\\)\\. If you did not expect this, tell IT right away\\.$`));
    expect(fake.of('users.lookupByEmail').at(-1)).toEqual({ email: jane.email });
  });

  /** The default policy with one rule changed: what the help desk may do to someone else's account. */
  const helpdeskOnOthers = (kind: 'lock' | 'reset_mfa', rule: HelpdeskPolicy['grants'][typeof kind]['other']['helpdesk']): HelpdeskPolicy => ({
    ...DEFAULT_POLICY,
    grants: { ...DEFAULT_POLICY.grants, [kind]: { ...DEFAULT_POLICY.grants[kind], other: { ...DEFAULT_POLICY.grants[kind].other, helpdesk: rule } } },
  });
  /** Okta's answer to ending sessions, recorded like every other write. */
  const endingSessions = () =>
    http.delete(`${ORG_URL}/api/v1/users/:id/sessions`, async ({ request }) => {
      await okta.record(request);
      return new Response(null, { status: 204 });
    });
  const heardByJane = (since: number) => fake.posts().slice(since).filter((p) => p.channel === dmChannelOf(SLACK_IDS.jane));

  it('DMs Jane when a policy lets the help desk lock her account outright, with no card', async () => {
    server.use(endingSessions());
    const { ask } = await boot({ respond: requesting({ kind: 'lock', targetEmail: jane.email }), policy: helpdeskOnOthers('lock', 'allow') });
    await ask('sam', 'lock jane');

    expect(writes()).toEqual([`POST /api/v1/users/${jane.id}/lifecycle/suspend`, `DELETE /api/v1/users/${jane.id}/sessions`]);
    expect(heardByJane(0).map((p) => p.text)).toEqual([expect.stringMatching(/^Heads-up: sam\.rivera@acme\.example locked your Okta account/)]);
  });

  it('names the approver in the DM to Jane when her MFA reset ran after an approval', async () => {
    const { ask, click, door } = await boot({ respond: requesting({ kind: 'reset_mfa', targetEmail: jane.email }), policy: helpdeskOnOthers('reset_mfa', { approvalBy: ['admin'] }), approvalsChannel: APPROVALS });
    await ask('sam', "reset jane's MFA");
    expect(heardByJane(0)).toEqual([]);
    const postsBefore = fake.posts().length;

    await click('priya', 'helpdesk_approve', pendingIdOf(fake.of('chat.postMessage')[0]), APPROVALS);
    await door.idle();

    expect(writes()).toEqual([`POST /api/v1/users/${jane.id}/lifecycle/reset_factors`]);
    expect(heardByJane(postsBefore).map((p) => p.text)).toEqual([expect.stringMatching(/^Heads-up: sam\.rivera@acme\.example reset your Okta MFA.*, approved by priya\.patel@acme\.example\. /)]);
  });

  it('still reports the outcome to the requester when the DM to the owner cannot be sent', async () => {
    server.use(endingSessions());
    const { ask, click, door, logger } = await boot({ respond: requesting({ kind: 'lock', targetEmail: jane.email }) });
    await ask('sam', 'lock jane');
    server.use(http.post(`${SLACK_API_URL}conversations.open`, () => HttpResponse.error()));

    await click('sam', 'helpdesk_confirm', pendingIdOf(lastPost()), dmChannelOf(SLACK_IDS.sam));
    await door.idle();

    expect(writes()).toEqual([`POST /api/v1/users/${jane.id}/lifecycle/suspend`, `DELETE /api/v1/users/${jane.id}/sessions`]);
    expect(JSON.stringify(blocksOf(fake.of('chat.update')[0]))).toContain('Jane Doe');
    expect(heardByJane(0)).toEqual([]);
    expect(logger.records.map((r) => r.message)).toContain('Could not tell an account owner about a change to their account');
  });

  it('does not DM you about a change you made to your own account', async () => {
    server.use(http.delete(`${ORG_URL}/api/v1/users/:id/sessions`, () => new Response(null, { status: 204 })));
    const { ask, click, door } = await boot({ respond: requesting({ kind: 'lock', targetEmail: PEOPLE.sam.email }) });
    await ask('sam', 'lock my account');
    await click('sam', 'helpdesk_confirm', pendingIdOf(lastPost()), dmChannelOf(SLACK_IDS.sam));
    await door.idle();
    expect(fake.posts().filter((p) => p.text?.startsWith('Heads-up'))).toEqual([]);
  });
});

describe('Okta Verify before a confirmed action', () => {
  const PUSH_FACTOR = 'opf3hkfocI4JTLAju0g4';
  /** Jane has a push factor; the push's transaction answers WAITING once, then `end`. */
  function janesPhone(end: 'SUCCESS' | 'REJECTED') {
    let polls = 0;
    const answer = (name: string) => JSON.parse(JSON.stringify(fixture(name).body).replaceAll('https://{yourOktaDomain}', ORG_URL)) as unknown;
    server.use(
      http.get(`${ORG_URL}/api/v1/users/:id/factors`, async ({ request }) => {
        await okta.record(request);
        return oktaJson([{ id: PUSH_FACTOR, factorType: 'push', provider: 'OKTA', vendorName: 'OKTA', status: 'ACTIVE', profile: {} }]);
      }),
      http.post(`${ORG_URL}/api/v1/users/:id/factors/:factorId/verify`, async ({ request }) => {
        await okta.record(request);
        return oktaJson(answer('verify-push.number-challenge.docs.json'), { status: 201 });
      }),
      http.get(`${ORG_URL}/api/v1/users/:id/factors/:factorId/transactions/:tx`, async ({ request }) => {
        await okta.record(request);
        polls += 1;
        return oktaJson(answer(polls === 1 ? 'push-transaction.waiting.docs.json' : `push-transaction.${end.toLowerCase()}.docs.json`));
      }),
    );
  }
  const janesDm = dmChannelOf(SLACK_IDS.jane);
  /** Jane asks to reset her own password and clicks Confirm; resolves when the push was answered and shown. */
  const janeConfirmsOwnReset = async () => {
    const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 }));
    const testbed = await createTestDesk(directory, { verification: { pollMs: 1, sleep: async () => undefined } });
    const { ask, click, door } = await boot({ respond: requesting({ kind: 'reset_password', targetEmail: jane.email }), testbed });
    await ask('jane', 'reset my password');
    await click('jane', 'helpdesk_confirm', pendingIdOf(lastPost()), janesDm);
    await door.idle();
  };

  it('DMs the number to the requester only, shows the wait on the card, and resets once after the phone approves', async () => {
    janesPhone('SUCCESS');
    await janeConfirmsOwnReset();

    const withNumber = [...fake.posts(), ...fake.of('chat.postEphemeral'), ...fake.of('chat.update')].filter((call) => JSON.stringify(call).includes('tap 72'));
    expect(withNumber).toEqual([expect.objectContaining({ channel: janesDm, text: expect.stringMatching(/^Open Okta Verify on your phone and tap 72 to approve/) as string })]);
    const cardTexts = fake.of('chat.update').map((update) => JSON.stringify(blocksOf(update)));
    expect(cardTexts[0]).toContain('Waiting for you to approve on your phone');
    expect(cardTexts.at(-1)).toContain('Okta issued a one-time password reset link');
    expect(okta.sent.map((r) => `${r.method} ${r.path.replace(jane.id, 'JANE')}`).filter((line) => line !== 'GET /api/v1/users' && !line.includes('/groups'))).toEqual([
      'GET /api/v1/users/JANE/factors',
      `POST /api/v1/users/JANE/factors/${PUSH_FACTOR}/verify`,
      `GET /api/v1/users/JANE/factors/${PUSH_FACTOR}/transactions/v2mst.GldKV5VxTrifyeZmWSQguA`,
      `GET /api/v1/users/JANE/factors/${PUSH_FACTOR}/transactions/v2mst.GldKV5VxTrifyeZmWSQguA`,
      'POST /api/v1/users/JANE/lifecycle/reset_password',
    ]);
  });

  it('after a restart mid-wait, resumes polling and shows the outcome on the card it left waiting', async () => {
    janesPhone('SUCCESS');
    const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 }));
    const before = await createTestDesk(directory);
    const { pendingActionId = '' } = await before.desk.request({ email: jane.email, slackUserId: SLACK_IDS.jane }, { kind: 'reset_password', targetEmail: jane.email });
    await before.pending.addCard(pendingActionId, { channelId: janesDm, ts: CARD_TS });
    expect(await before.desk.click(pendingActionId, 'confirm', { email: jane.email, slackUserId: SLACK_IDS.jane })).toMatchObject({ kind: 'verifying' });

    const restarted = await createTestDesk(directory, { databaseUrl: before.databaseUrl, verification: { pollMs: 1, sleep: async () => undefined } });
    const { door } = await boot({ respond: requesting({ kind: 'reset_password', targetEmail: jane.email }), testbed: restarted });
    await door.idle();

    expect(fake.of('chat.update')).toEqual([expect.objectContaining({ channel: janesDm, ts: CARD_TS })]);
    expect(JSON.stringify(blocksOf(fake.of('chat.update')[0]))).toContain('Okta issued a one-time password reset link');
    expect(writes().filter((write) => write.endsWith('/reset_password'))).toHaveLength(1);
    await before.pending.shutdown();
    await before.audit.close();
  });

  it('changes nothing when the phone rejects, says so on the card and warns the owner', async () => {
    janesPhone('REJECTED');
    await janeConfirmsOwnReset();

    expect(writes()).toEqual([`POST /api/v1/users/${jane.id}/factors/${PUSH_FACTOR}/verify`]);
    expect(JSON.stringify(blocksOf(fake.of('chat.update').at(-1)))).toContain('rejected on the phone');
    expect(fake.posts().filter((post) => post.text?.startsWith('Heads-up: Someone using your Slack account'))).toEqual([expect.objectContaining({ channel: janesDm })]);
  });
});

describe('confirmation cards', () => {
  const resetJane = requesting({ kind: 'reset_password', targetEmail: jane.email });

  it('shows Confirm/Cancel in the thread, says who may confirm and for how long, and writes nothing yet', async () => {
    const { ask } = await boot({ respond: resetJane });
    await ask('sam', "reset jane's password");

    expect(fake.posts()).toHaveLength(1);
    const card = lastPost();
    expect(card).toMatchObject({ channel: dmChannelOf(SLACK_IDS.sam), thread_ts: '1664408649.000001' });
    const text = 'Please confirm: Send Jane Doe (jane.doe@acme.example) a one-time password reset link, by direct message to jane.doe@acme.example only.';
    expect(card?.text).toBe(text);
    const pendingId = pendingIdOf(card);
    expect(pendingId).toMatch(/^pa_/);
    expect(blocksOf(card)).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: `${pendingId}:actions`,
        elements: [
          { type: 'button', action_id: 'helpdesk_confirm', text: { type: 'plain_text', text: 'Confirm' }, value: pendingId, style: 'primary' },
          { type: 'button', action_id: 'helpdesk_cancel', text: { type: 'plain_text', text: 'Cancel' }, value: pendingId },
        ],
      },
      { type: 'context', block_id: `${pendingId}:context`, elements: [{ type: 'mrkdwn', text: `Only <@${SLACK_IDS.sam}> can confirm. Expires in 10 minutes.` }] },
    ]);
    expect(writes()).toEqual([]);
  });

  it('after a restart mid-click, the card says the outcome is unknown instead of keeping live buttons', async () => {
    const first = await boot({ respond: resetJane });
    await first.ask('sam', "reset jane's password");
    const card = lastPost();
    const pendingId = pendingIdOf(card);
    // Another process claimed the action (a click) and stopped before recording the outcome.
    const stopped = await createPendingActionStore(first.databaseUrl);
    expect(await stopped.claim(pendingId)).toHaveProperty('claimed');
    await stopped.shutdown();
    await first.door.stop();
    fake.reset();

    await boot({ respond: resetJane, testbed: first });

    const [update, ...others] = fake.of('chat.update');
    expect(others).toEqual([]);
    expect(update).toMatchObject({ channel: dmChannelOf(SLACK_IDS.sam), ts: CARD_TS });
    expect(update?.text).toContain("so I can't tell whether Okta made the change");
    expect(blocksOf(update)?.[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Interrupted by a restart' }] });
    expect(fake.posts()).toEqual([]);
  });

  it('while running, tells the card of an action another instance left mid-click, once', async () => {
    const running = await boot({ respond: resetJane, pollIntervalMs: 20 });
    await running.ask('sam', "reset jane's password");
    const pendingId = pendingIdOf(lastPost());
    fake.reset();
    const stopped = await createPendingActionStore(running.databaseUrl);
    expect(await stopped.claim(pendingId)).toHaveProperty('claimed');
    await stopped.shutdown();

    await vi.waitFor(() => expect(fake.of('chat.update')).toHaveLength(1), { timeout: 5000, interval: 20 });
    await new Promise((resolve) => setTimeout(resolve, 100)); // a few more polls: nothing more
    await running.door.idle();
    expect(fake.of('chat.update')).toHaveLength(1);
    expect(fake.of('chat.update')[0]?.text).toContain("so I can't tell whether Okta made the change");
  });

  it('Confirm by the requester resets once, replaces the card, and DMs the link to the account owner only', async () => {
    const { ask, click, door, logger } = await boot({ respond: resetJane });
    await ask('sam', "reset jane's password");
    const pendingId = pendingIdOf(lastPost());
    const samDm = dmChannelOf(SLACK_IDS.sam);

    const before = okta.sent.length;
    const response = await click('sam', 'helpdesk_confirm', pendingId, samDm);
    expect(response.status).toBe(200);
    await door.idle();

    expect(writes()).toEqual([`POST /api/v1/users/${jane.id}/lifecycle/reset_password`]);
    expect(okta.sent.find((r) => r.method === 'POST')?.query).toEqual({ sendEmail: 'false' });
    const cardText = 'Okta issued a one-time password reset link for Jane Doe; it goes only to jane.doe@acme.example by direct message.';
    const [update] = fake.of('chat.update');
    expect(fake.of('chat.update')).toHaveLength(1);
    expect(update).toMatchObject({ channel: samDm, ts: CARD_TS, text: cardText });
    expect(blocksOf(update)?.[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: cardText } });
    // The card shows who confirmed and every Okta call of the click, the reset with Okta's request id and no token.
    const context = lastContextText(update);
    expect(context).toMatch(new RegExp(`^Confirmed by <@${SLACK_IDS.sam}>\n\\*Sources \\(Okta\\):\\*\n`));
    expect(listedCalls(context)).toEqual(oktaCallsFrom(before));
    expect(context).toContain(`\`POST /api/v1/users/${jane.id}/lifecycle/reset_password?sendEmail=false\` · 200 · req \`${fixture('reset-password.sendEmail-false.recorded.json').headers['x-okta-request-id']}\``);
    expect(context).not.toContain(RESET_URL.split('/').pop());
    expect(fake.of('users.lookupByEmail')).toEqual([{ email: jane.email }]);
    expect(fake.of('conversations.open')).toEqual([{ users: SLACK_IDS.jane }]);
    const linkDm = fake.posts().at(-1);
    expect(linkDm).toEqual({ channel: dmChannelOf(SLACK_IDS.jane), thread_ts: undefined, text: DELIVERY_WORDING.resetLinkMessage(RESET_URL, PEOPLE.sam.email) });
    // The owner learns who asked for the link (point 8 of issue 9).
    expect(linkDm?.text).toMatch(/^sam\.rivera@acme\.example asked the IT help desk to send you a password reset link\./);
    expect(placesHoldingTheLink(logger)).toEqual({ calls: [{ method: 'chat.postMessage', channel: dmChannelOf(SLACK_IDS.jane) }], logged: false });
    expect(fake.of('chat.postMessage').every((p) => p.unfurl_links === 'false' && p.unfurl_media === 'false')).toBe(true);
    expect(fake.of('chat.postEphemeral')).toEqual([]);
  });

  it('refuses a click by someone else privately, keeps the card, and writes nothing', async () => {
    const { ask, click, door } = await boot({ respond: resetJane });
    await ask('sam', "reset jane's password");
    const pendingId = pendingIdOf(lastPost());

    expect((await click('priya', 'helpdesk_confirm', pendingId, dmChannelOf(SLACK_IDS.sam))).status).toBe(200);
    await door.idle();

    expect(fake.of('chat.postEphemeral')).toEqual([
      { channel: dmChannelOf(SLACK_IDS.sam), user: SLACK_IDS.priya, text: 'Only the person who asked can confirm or cancel this; nothing was changed.' },
    ]);
    expect(fake.of('chat.update')).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it.each([
    ['a guest', { is_restricted: true }],
    ['a single-channel guest', { is_ultra_restricted: true }],
    ['a Slack Connect stranger', { is_stranger: true }],
  ])('refuses the Confirm of the person who asked once their account is %s, privately, and writes nothing', async (_name, fields) => {
    const { ask, click, door } = await boot({ respond: resetJane });
    await ask('sam', "reset jane's password");
    const pendingId = pendingIdOf(lastPost());
    fake.users.set(SLACK_IDS.sam, { ...fake.users.get(SLACK_IDS.sam), ...fields });

    await click('sam', 'helpdesk_confirm', pendingId, dmChannelOf(SLACK_IDS.sam));
    await door.idle();

    expect(fake.of('chat.postEphemeral')).toEqual([{ channel: dmChannelOf(SLACK_IDS.sam), user: SLACK_IDS.sam, text: NOT_A_MEMBER }]);
    expect(fake.of('chat.update')).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it('refuses a second click after the first one ran', async () => {
    const { ask, click, door } = await boot({ respond: resetJane });
    await ask('sam', "reset jane's password");
    const pendingId = pendingIdOf(lastPost());
    const samDm = dmChannelOf(SLACK_IDS.sam);

    await click('sam', 'helpdesk_confirm', pendingId, samDm);
    await door.idle();
    await click('sam', 'helpdesk_confirm', pendingId, samDm);
    await door.idle();

    expect(writes()).toHaveLength(1);
    expect(fake.of('chat.update')).toHaveLength(1);
    expect(fake.of('chat.postEphemeral')).toEqual([{ channel: samDm, user: SLACK_IDS.sam, text: 'This request was already handled; nothing more was done.' }]);
  });

  it('executes once when two signed clicks arrive at the same time', async () => {
    const { ask, click, door } = await boot({ respond: resetJane });
    await ask('sam', "reset jane's password");
    const pendingId = pendingIdOf(lastPost());
    const samDm = dmChannelOf(SLACK_IDS.sam);

    const responses = await Promise.all([click('sam', 'helpdesk_confirm', pendingId, samDm), click('sam', 'helpdesk_confirm', pendingId, samDm)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    await door.idle();

    expect(writes()).toEqual([`POST /api/v1/users/${jane.id}/lifecycle/reset_password`]);
    expect(fake.of('chat.update')).toHaveLength(1);
    expect(fake.of('chat.postEphemeral').map((p) => p.text)).toEqual(['This request was already handled; nothing more was done.']);
    expect(fake.posts().filter((p) => p.text?.includes(RESET_URL))).toHaveLength(1);
  });

  it('Cancel closes the card, writes nothing and sends no link', async () => {
    const { ask, click, door, logger } = await boot({ respond: resetJane });
    await ask('sam', "reset jane's password");
    const pendingId = pendingIdOf(lastPost());

    await click('sam', 'helpdesk_cancel', pendingId, dmChannelOf(SLACK_IDS.sam));
    await door.idle();

    expect(writes()).toEqual([]);
    expect(blocksOf(fake.of('chat.update')[0])).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Cancelled; nothing was changed.' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Cancelled by <@${SLACK_IDS.sam}>` }] },
    ]);
    expect(fake.of('conversations.open')).toEqual([]);
    expect(placesHoldingTheLink(logger)).toEqual({ calls: [], logged: false });
  });

  it('refuses privately when the clicker has no email on their Slack profile', async () => {
    const { ask, click, door } = await boot({ respond: resetJane });
    await ask('sam', "reset jane's password");
    const pendingId = pendingIdOf(lastPost());
    fake.users.set('U0NOMAIL', { id: 'U0NOMAIL', team_id: WORKSPACE.teamIds[0], is_bot: false, deleted: false, profile: {} });

    await click('U0NOMAIL', 'helpdesk_confirm', pendingId, dmChannelOf(SLACK_IDS.sam));
    await door.idle();

    expect(fake.of('chat.postEphemeral')).toEqual([{ channel: dmChannelOf(SLACK_IDS.sam), user: 'U0NOMAIL', text: CLICK_WORDING.noEmail }]);
    expect(fake.of('chat.update')).toEqual([]);
    expect(writes()).toEqual([]);
  });
});

describe('approval cards', () => {
  const reason = 'I joined the <platform> team & need the repos';
  const eveJoinsEngineering = requesting({ kind: 'add_to_group', targetEmail: eve.email, groupName: 'Engineering' }, reason);
  const eveDm = dmChannelOf(SLACK_IDS.eve);

  it('answers in the thread and sends the approvals channel a card naming requester, action, account and reason', async () => {
    const { ask } = await boot({ respond: eveJoinsEngineering, approvalsChannel: APPROVALS });
    await ask('eve', 'add me to Engineering');

    // The card goes out first, so the thread reply can say honestly whether anyone got it.
    const [card, reply] = fake.of('chat.postMessage');
    expect(fake.of('chat.postMessage')).toHaveLength(2);
    expect(card?.channel).toBe(APPROVALS);
    expect(card?.thread_ts).toBeUndefined();
    // Nothing in the card (the reason may hold a URL) is fetched or previewed by Slack.
    expect(card).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
    const pendingId = pendingIdOf(card);
    expect(blocksOf(card)).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            '*Approval needed*',
            `*Requested by:* <@${SLACK_IDS.eve}> (${eve.email})`,
            `*What will happen:* Add ${eve.email} to the Okta group Engineering.`,
            `*Account:* ${eve.email}`,
          ].join('\n'),
        },
      },
      { type: 'section', text: { type: 'plain_text', text: 'Reason: I joined the <platform> team & need the repos', emoji: false } },
      {
        type: 'actions',
        block_id: `${pendingId}:actions`,
        elements: [
          { type: 'button', action_id: 'helpdesk_approve', text: { type: 'plain_text', text: 'Approve' }, value: pendingId, style: 'primary' },
          { type: 'button', action_id: 'helpdesk_reject', text: { type: 'plain_text', text: 'Reject' }, value: pendingId, style: 'danger' },
        ],
      },
      { type: 'context', block_id: `${pendingId}:context`, elements: [{ type: 'mrkdwn', text: 'Nothing happens until someone allowed to approve clicks. Expires in 24 hours.' }] },
    ]);
    // The requester's thread gets the answer as plain text: no buttons for the requester to press.
    expect(reply).toMatchObject({ channel: eveDm, thread_ts: '1664408649.000001' });
    expect(reply?.blocks).toBeUndefined();
    expect(reply?.text).toContain('This needs approval by one of the IT admins.');
    expect(writes()).toEqual([]);
  });

  it('runs the change once when an IT admin approves, and tells the requester in their original thread', async () => {
    const { ask, click, door } = await boot({ respond: eveJoinsEngineering, approvalsChannel: APPROVALS });
    await ask('eve', 'add me to Engineering');
    const pendingId = pendingIdOf(fake.of('chat.postMessage')[0]);

    const before = okta.sent.length;
    await click('priya', 'helpdesk_approve', pendingId, APPROVALS);
    await door.idle();

    expect(writes()).toEqual([`PUT /api/v1/groups/${ENGINEERING_ID}/users/${eve.id}`]);
    const update = fake.of('chat.update')[0];
    expect(blocksOf(update)?.[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Eve Adams was added to Engineering.' } });
    expect(blocksOf(update)).toHaveLength(2);
    expect(lastContextText(update)).toMatch(new RegExp(`^Approved by <@${SLACK_IDS.priya}>\n`));
    expect(listedCalls(lastContextText(update))).toEqual(oktaCallsFrom(before));
    expect(lastContextText(update)).toContain(`\`PUT /api/v1/groups/${ENGINEERING_ID}/users/${eve.id}\` · 204 · req \`req-assign\``);
    expect(update).toMatchObject({ channel: APPROVALS, ts: CARD_TS });
    // The requester's thread hears the outcome with the same sources.
    const notice = fake.of('chat.postMessage').at(-1);
    const noticeText = `Approved by ${priya.email}. You were added to Engineering.`;
    expect(notice).toMatchObject({ channel: eveDm, thread_ts: '1664408649.000001', text: noticeText });
    expect(blocksOf(notice)?.[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: noticeText } });
    expect(lastContextText(notice)).toBe(lastContextText(update).replace(/^Approved by .*\n/, ''));
  });

  it.each([
    ['a guest', { is_restricted: true }],
    ['a Slack Connect stranger', { is_stranger: true }],
    ['a person of another team', { team_id: 'T0OTHER01' }],
  ])('refuses an IT admin approving from %s account, privately, and changes nothing', async (_name, fields) => {
    const { ask, click, door } = await boot({ respond: eveJoinsEngineering, approvalsChannel: APPROVALS });
    await ask('eve', 'add me to Engineering');
    const pendingId = pendingIdOf(fake.of('chat.postMessage')[0]);
    fake.users.set(SLACK_IDS.priya, { ...fake.users.get(SLACK_IDS.priya), ...fields });

    await click('priya', 'helpdesk_approve', pendingId, APPROVALS);
    await door.idle();

    expect(fake.of('chat.postEphemeral')).toEqual([{ channel: APPROVALS, user: SLACK_IDS.priya, text: NOT_A_MEMBER }]);
    expect(fake.of('chat.update')).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it.each([
    ['another workspace', { team: { id: 'T0OTHER01' } }],
    ['another app', { api_app_id: 'A0OTHER01' }],
  ])('ignores a click envelope from %s: no users.info, no desk, nothing changed', async (_name, envelope) => {
    const { ask, send, door, logger } = await boot({ respond: eveJoinsEngineering, approvalsChannel: APPROVALS });
    await ask('eve', 'add me to Engineering');
    const pendingId = pendingIdOf(fake.of('chat.postMessage')[0]);
    fake.reset();
    const payload = { ...blockActionsPayload({ user: SLACK_IDS.priya, actionId: 'helpdesk_approve', value: pendingId, channel: APPROVALS, messageTs: CARD_TS }), ...envelope };

    expect((await send(signedInteractionRequest(payload))).status).toBe(200);
    await door.idle();

    expect(fake.calls).toEqual([]);
    expect(writes()).toEqual([]);
    expect(logger.records.map((r) => r.message)).toContain('Refused a Slack interaction from another workspace or app');
  });

  it('refuses the requester approving their own request, privately', async () => {
    const { ask, click, door } = await boot({ respond: eveJoinsEngineering, approvalsChannel: APPROVALS });
    await ask('eve', 'add me to Engineering');
    const pendingId = pendingIdOf(fake.of('chat.postMessage')[0]);

    await click('eve', 'helpdesk_approve', pendingId, APPROVALS);
    await door.idle();

    expect(writes()).toEqual([]);
    expect(fake.of('chat.update')).toEqual([]);
    expect(fake.of('chat.postEphemeral')[0]).toMatchObject({ channel: APPROVALS, user: SLACK_IDS.eve, text: expect.stringContaining("You can't approve or reject this request") as string });
  });

  it('tells the requester when an admin rejects, and changes nothing', async () => {
    const { ask, click, door } = await boot({ respond: eveJoinsEngineering, approvalsChannel: APPROVALS });
    await ask('eve', 'add me to Engineering');
    const pendingId = pendingIdOf(fake.of('chat.postMessage')[0]);

    await click('priya', 'helpdesk_reject', pendingId, APPROVALS);
    await door.idle();

    expect(writes()).toEqual([]);
    expect(blocksOf(fake.of('chat.update')[0])?.[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: `Rejected by <@${SLACK_IDS.priya}>` }] });
    expect(fake.posts().at(-1)).toEqual({ channel: eveDm, thread_ts: '1664408649.000001', text: `Your request was rejected by ${priya.email}; nothing was changed.` });
  });

  it('sends the card to each approver by DM when no approvals channel is configured', async () => {
    const { ask, click, door, logger } = await boot({ respond: eveJoinsEngineering });
    await ask('eve', 'add me to Engineering');

    expect(fake.of('users.lookupByEmail')).toEqual([{ email: priya.email }]);
    expect(fake.of('conversations.open')).toEqual([{ users: SLACK_IDS.priya }]);
    const card = fake.of('chat.postMessage')[0];
    expect(card?.channel).toBe(dmChannelOf(SLACK_IDS.priya));
    expect(card?.text).toBe(`Approval needed: Add ${eve.email} to the Okta group Engineering. Requested by ${eve.email}.`);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ message: 'Sent an approval request to approvers by DM', args: [expect.objectContaining({ approvers: 1, reached: 1 })] }),
    );

    await click('priya', 'helpdesk_approve', pendingIdOf(card), dmChannelOf(SLACK_IDS.priya));
    await door.idle();
    expect(writes()).toEqual([`PUT /api/v1/groups/${ENGINEERING_ID}/users/${eve.id}`]);
  });

  it("shows the decision on every approver's copy of the card, not only the clicked one", async () => {
    const secondAdmin = { id: '00uomar0000000000001', email: 'omar.admin@acme.example', firstName: 'Omar', lastName: 'Admin', groups: ['Everyone', 'IT-Admins'] };
    server.use(...orgReads(okta, [...Object.values(PEOPLE), secondAdmin]));
    fake.users.set('U0OMAR', { id: 'U0OMAR', team_id: WORKSPACE.teamIds[0], is_bot: false, deleted: false, profile: { email: secondAdmin.email } });
    const { ask, click, door } = await boot({ respond: eveJoinsEngineering });
    await ask('eve', 'add me to Engineering');
    const cards = fake.of('chat.postMessage').filter((post) => post.channel !== eveDm);
    expect(cards.map((card) => card.channel).sort()).toEqual([dmChannelOf('U0OMAR'), dmChannelOf(SLACK_IDS.priya)].sort());

    await click('priya', 'helpdesk_approve', pendingIdOf(cards[0]), dmChannelOf(SLACK_IDS.priya));
    await door.idle();

    expect(writes()).toEqual([`PUT /api/v1/groups/${ENGINEERING_ID}/users/${eve.id}`]);
    const updates = fake.of('chat.update');
    expect(updates.map((update) => update.channel).sort()).toEqual([dmChannelOf('U0OMAR'), dmChannelOf(SLACK_IDS.priya)].sort());
    for (const update of updates) {
      expect(lastContextText(update)).toMatch(new RegExp(`^Approved by <@${SLACK_IDS.priya}>\n\\*Sources \\(Okta\\):\\*\n`));
      expect(listedCalls(lastContextText(update)).at(-1)).toBe(`PUT /api/v1/groups/${ENGINEERING_ID}/users/${eve.id}`);
    }
  });

  it('says honestly in the thread when no approver could be reached in Slack', async () => {
    fake.users.delete(SLACK_IDS.priya);
    const { ask, door } = await boot({ respond: eveJoinsEngineering });
    await ask('eve', 'add me to Engineering');

    expect(fake.posts()).toHaveLength(1);
    expect(fake.posts()[0]?.text).toContain("However, I couldn't reach anyone who can approve this in Slack, so nobody has seen the request yet. Please ask one of the IT admins directly.");
    expect(await door.inbox.get('EvCard1')).toMatchObject({ status: 'failed', reason: 'no_approver_reached' });
  });
});

describe('reset links in an answer', () => {
  /** A write the policy allowed directly: the link is already in the vault, the answer holds its reference. */
  const linkForJane: (testbed: Testbed) => Respond = ({ resetLinks }) => async () =>
    textAnswer('Okta issued a one-time password reset link for Jane Doe; it goes only to jane.doe@acme.example by direct message.', {
      resetLinkReferences: [resetLinks.hold(jane.email, RESET_URL)],
    });

  it('delivers the link only to the owner by DM: not to the person who asked, not to the thread, not to the logs', async () => {
    const { ask, logger } = await boot({ respond: linkForJane });
    await ask('sam', "send jane a reset link");

    expect(fake.of('conversations.open')).toEqual([{ users: SLACK_IDS.jane }]);
    expect(placesHoldingTheLink(logger)).toEqual({ calls: [{ method: 'chat.postMessage', channel: dmChannelOf(SLACK_IDS.jane) }], logged: false });
    expect(fake.posts()).toEqual([
      { channel: dmChannelOf(SLACK_IDS.jane), thread_ts: undefined, text: DELIVERY_WORDING.resetLinkMessage(RESET_URL) },
      { channel: dmChannelOf(SLACK_IDS.sam), thread_ts: '1664408649.000001', text: expect.stringContaining('goes only to jane.doe@acme.example') as string },
    ]);
  });

  it('drops the link and says so when the owner has no Slack account', async () => {
    fake.users.delete(SLACK_IDS.jane);
    const { ask, door, logger } = await boot({ respond: linkForJane });
    await ask('sam', "send jane a reset link");

    expect(fake.of('conversations.open')).toEqual([]);
    expect(placesHoldingTheLink(logger)).toEqual({ calls: [], logged: false });
    expect(fake.posts()).toHaveLength(1);
    expect(fake.posts()[0]?.text).toContain(`I couldn't reach ${jane.email} in Slack, so the link was not sent; nothing else was shared.`);
    expect(await door.inbox.get('EvCard1')).toMatchObject({ status: 'failed', reason: 'reset_link_undelivered' });
  });

  it('sends a link at most once: a reference already taken is reported, not re-sent', async () => {
    let reference = '';
    const { ask, logger } = await boot({
      respond: ({ resetLinks }) => async () => {
        reference ||= resetLinks.hold(jane.email, RESET_URL);
        return textAnswer('Here you go.', { resetLinkReferences: [reference] });
      },
    });
    await ask('sam', 'send jane a reset link');
    await ask('sam', 'send it again');

    expect(placesHoldingTheLink(logger).calls).toHaveLength(1);
    expect(fake.posts().at(-1)?.text).toContain(DELIVERY_WORDING.linkExpired);
  });
});

describe('POST /slack/interactions: transport', () => {
  const click = blockActionsPayload({ user: SLACK_IDS.sam, actionId: 'helpdesk_confirm', value: 'pa_x', channel: 'C0HELP', messageTs: CARD_TS });
  const noRespond = () => async () => textAnswer('unused');

  it.each([
    ['no signature', signedInteractionRequest(click, { signature: null })],
    ['another secret', signedInteractionRequest(click, { secret: 'not-the-signing-secret' })],
    ['a stale timestamp', signedInteractionRequest(click, { timestamp: Math.floor(NOW_MS / 1000) - 301 })],
  ])('rejects %s with 401 and clicks nothing', async (_name, request) => {
    const { send, door, logger } = await boot({ respond: noRespond });
    expect((await send(request)).status).toBe(401);
    await door.idle();
    expect(fake.calls).toEqual([]);
    expect(logger.records.some((r) => r.level === 'warn' && r.message === 'Rejected a Slack interactions request')).toBe(true);
  });

  it.each([
    ['a view_submission', { ...click, type: 'view_submission' }],
    ['a message shortcut', { type: 'message_action', callback_id: 'x', user: { id: SLACK_IDS.sam } }],
    ['a button that is not ours', { ...click, actions: [{ action_id: 'button', value: 'clicked', type: 'button' }] }],
    ['a click without a value', { ...click, actions: [{ action_id: 'helpdesk_confirm', type: 'button' }] }],
  ])('acknowledges %s with 200 and ignores it', async (_name, payload) => {
    const { send, door } = await boot({ respond: noRespond });
    expect((await send(signedInteractionRequest(payload))).status).toBe(200);
    await door.idle();
    expect(fake.calls).toEqual([]);
  });

  it.each([
    ['a JSON body', JSON.stringify(click)],
    ['a payload that is not JSON', 'payload=%7Bnot-json'],
  ])('answers 400 to a signed request with %s', async (_name, raw) => {
    const { send } = await boot({ respond: noRespond });
    expect((await send(signedInteractionRequest(raw))).status).toBe(400);
  });

  it('answers 413 when Content-Length declares more than 1 MB', async () => {
    const { send } = await boot({ respond: noRespond });
    expect((await send(signedInteractionRequest('payload=%7B%7D', { headers: { 'content-length': String(1024 * 1024 + 1) } }))).status).toBe(413);
  });

  it('acks before the click is handled, and idle() waits for the click', async () => {
    const { send, door } = await boot({ respond: noRespond });
    const response = await send(signedInteractionRequest(click));
    expect(response.status).toBe(200);
    await door.idle();
    expect(fake.of('chat.postEphemeral')).toEqual([{ channel: 'C0HELP', user: SLACK_IDS.sam, text: "I can't find that request any more; nothing was changed." }]);
  });
});
