// /console/send and /console/click: what the console signs and POSTs to the product's Slack routes.
import { afterEach, describe, expect, it } from 'vitest';
import { NOW_MS, PEOPLE, postJson, SIGNING_SECRET, signatureIsValid, startConsoleServer, type ConsoleServer } from './helpers.js';

let server: ConsoleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const boot = async (standIns: Parameters<typeof startConsoleServer>[0] = {}) => {
  server = await startConsoleServer({ now: () => NOW_MS, ...standIns });
  return server;
};

const [jordan, priya] = PEOPLE;
const send = (s: ConsoleServer, body: unknown) => s.request('/console/send', postJson(body));

describe('/console/send', () => {
  it('signs a message.im envelope shaped like a real DM event and stores the message', async () => {
    const s = await boot();
    const response = await send(s, { personId: jordan!.slackUserId, channel: 'dm', text: 'I forgot my password' });

    expect(response.status).toBe(200);
    const answer = (await response.json()) as { ok: boolean; ts: string; delivered: boolean };
    expect(answer).toMatchObject({ ok: true, delivered: true });
    expect(s.events).toHaveLength(1);
    const [received] = s.events;
    expect(received).toMatchObject({ contentType: 'application/json', timestamp: String(NOW_MS / 1000), signatureValid: true });
    const envelope = JSON.parse(received!.rawBody);
    expect(envelope).toEqual({
      token: expect.any(String),
      team_id: 'TCONSOLE01',
      api_app_id: 'ACONSOLE01',
      type: 'event_callback',
      event_id: expect.stringMatching(/^Ev[0-9A-Z]{8,}$/),
      event_time: NOW_MS / 1000,
      authorizations: [{ enterprise_id: null, team_id: 'TCONSOLE01', user_id: 'UHELPDESK1', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: expect.any(String),
      event: {
        client_msg_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'message',
        channel_type: 'im',
        text: 'I forgot my password',
        user: jordan!.slackUserId,
        ts: answer.ts,
        event_ts: answer.ts,
        team: 'TCONSOLE01',
        channel: `D${jordan!.slackUserId}`,
        blocks: [{ type: 'rich_text', block_id: expect.any(String), elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'I forgot my password' }] }] }],
      },
    });
    expect(s.slackConsole.state.find(`D${jordan!.slackUserId}`, answer.ts)).toMatchObject({ user: jordan!.slackUserId, fromBot: false });
  });

  it('turns @Helpdesk in #it-help into an app_mention with <@BOT> in text and blocks', async () => {
    const s = await boot();
    await send(s, { personId: priya!.slackUserId, channel: 'it-help', text: '@Helpdesk unlock alex.kim@acme.example' });

    const { event } = JSON.parse(s.events[0]!.rawBody);
    expect(event).toMatchObject({ type: 'app_mention', channel: 'CITHELP001', user: priya!.slackUserId, text: '<@UHELPDESK1> unlock alex.kim@acme.example' });
    expect(event).not.toHaveProperty('channel_type');
    expect(event.blocks[0].elements[0].elements).toEqual([
      { type: 'user', user_id: 'UHELPDESK1' },
      { type: 'text', text: ' unlock alex.kim@acme.example' },
    ]);
  });

  it('keeps a #it-help message without a mention in the channel but does not deliver it', async () => {
    const s = await boot();
    const answer = await (await send(s, { personId: priya!.slackUserId, channel: 'it-help', text: 'anyone around?' })).json();

    expect(answer).toMatchObject({ ok: true, delivered: false });
    expect(s.events).toHaveLength(0);
    expect(s.slackConsole.state.messages.map((m) => m.text)).toEqual(['anyone around?']);
  });

  it('sends a thread reply with thread_ts and parent_user_id', async () => {
    const s = await boot();
    const parent = await (await send(s, { personId: jordan!.slackUserId, channel: 'dm', text: 'first' })).json() as { ts: string };
    await send(s, { personId: jordan!.slackUserId, channel: 'dm', text: 'second', threadTs: parent.ts });

    expect(JSON.parse(s.events[1]!.rawBody).event).toMatchObject({ thread_ts: parent.ts, parent_user_id: jordan!.slackUserId });
  });

  it('escapes &, < and > the way Slack does before delivering', async () => {
    const s = await boot();
    await send(s, { personId: jordan!.slackUserId, channel: 'dm', text: '<b>R&D</b>' });
    expect(JSON.parse(s.events[0]!.rawBody).event.text).toBe('&lt;b&gt;R&amp;D&lt;/b&gt;');
  });

  it('answers 502 with the route and status when /slack/events answers non-2xx', async () => {
    const s = await boot({ onEvent: () => new Response('bad signature', { status: 401 }) });
    const response = await send(s, { personId: jordan!.slackUserId, channel: 'dm', text: 'hello' });

    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ ok: false, error: '/slack/events answered HTTP 401' });
  });

  it.each([
    [{ personId: 'UNOBODY', channel: 'dm', text: 'x' }, 400, 'unknown_person'],
    [{ personId: 'U0JORDAN01', channel: 'general', text: 'x' }, 400, 'unknown_channel'],
    [{ personId: 'U0JORDAN01', channel: 'dm', text: '   ' }, 400, 'no_text'],
    [{ personId: 'U0JORDAN01', channel: 'dm', text: 'x', threadTs: '1.000001' }, 404, 'thread_not_found'],
  ])('refuses %j', async (body, status, error) => {
    const s = await boot();
    const response = await send(s, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ ok: false, error });
    expect(s.events).toHaveLength(0);
  });
});

const CARD = [
  { type: 'section', block_id: 'card', text: { type: 'mrkdwn', text: 'Send a reset link to *you*?' } },
  {
    type: 'actions', block_id: 'decide',
    elements: [
      { type: 'button', action_id: 'confirm', value: 'pa_123', style: 'primary', text: { type: 'plain_text', text: 'Confirm' } },
      { type: 'button', action_id: 'cancel', value: 'pa_123', text: { type: 'plain_text', text: 'Cancel' } },
    ],
  },
];

async function postCard(s: ConsoleServer) {
  const answer = await s.webClient().chat.postMessage({ channel: `D${jordan!.slackUserId}`, text: 'Confirm?', blocks: CARD });
  return answer.ts!;
}

describe('/console/click', () => {
  it('signs a form-encoded block_actions payload naming the button, the message and a response_url', async () => {
    const s = await boot();
    const ts = await postCard(s);
    const response = await s.request('/console/click', postJson({
      personId: jordan!.slackUserId, channel: `D${jordan!.slackUserId}`, messageTs: ts, actionId: 'confirm', value: 'pa_123', blockId: 'decide',
    }));

    expect(response.status).toBe(200);
    const [received] = s.interactions;
    expect(received).toMatchObject({ contentType: 'application/x-www-form-urlencoded', signatureValid: true });
    expect(signatureIsValid(SIGNING_SECRET, received!.timestamp, 'v0=tampered', received!.rawBody)).toBe(false);
    expect([...new URLSearchParams(received!.rawBody).keys()]).toEqual(['payload']);
    const payload = JSON.parse(new URLSearchParams(received!.rawBody).get('payload')!);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: jordan!.slackUserId, username: 'jordan.rivera', name: 'jordan.rivera', team_id: 'TCONSOLE01' },
      api_app_id: 'ACONSOLE01',
      team: { id: 'TCONSOLE01' },
      container: { type: 'message', message_ts: ts, channel_id: `D${jordan!.slackUserId}`, is_ephemeral: false },
      channel: { id: `D${jordan!.slackUserId}` },
      message: { ts, text: 'Confirm?', user: 'UHELPDESK1', bot_id: 'BHELPDESK1', blocks: CARD },
      state: { values: {} },
      trigger_id: expect.any(String),
      response_url: expect.stringMatching(new RegExp(`^${s.url}/console/response/[0-9a-f-]{36}$`)),
      actions: [{ action_id: 'confirm', block_id: 'decide', value: 'pa_123', type: 'button', text: { type: 'plain_text', text: 'Confirm' }, action_ts: expect.any(String) }],
    });
  });

  it('refuses a click on a button the message does not have', async () => {
    const s = await boot();
    const ts = await postCard(s);
    const response = await s.request('/console/click', postJson({
      personId: jordan!.slackUserId, channel: `D${jordan!.slackUserId}`, messageTs: ts, actionId: 'approve', blockId: 'decide',
    }));

    expect(response.status).toBe(404);
    expect(s.interactions).toHaveLength(0);
  });

  it('answers 502 when /slack/interactions answers non-2xx', async () => {
    const s = await boot({ onInteraction: () => new Response(null, { status: 500 }) });
    const ts = await postCard(s);
    const response = await s.request('/console/click', postJson({
      personId: jordan!.slackUserId, channel: `D${jordan!.slackUserId}`, messageTs: ts, actionId: 'cancel', blockId: 'decide',
    }));

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ ok: false, error: '/slack/interactions answered HTTP 500' });
  });
});

describe('response_url', () => {
  async function clickAndGetResponseUrl(s: ConsoleServer) {
    const ts = await postCard(s);
    await s.request('/console/click', postJson({
      personId: jordan!.slackUserId, channel: `D${jordan!.slackUserId}`, messageTs: ts, actionId: 'confirm', blockId: 'decide',
    }));
    const payload = JSON.parse(new URLSearchParams(s.interactions[0]!.rawBody).get('payload')!);
    return { ts, path: new URL(payload.response_url).pathname };
  }

  it('replaces the clicked message when replace_original is true', async () => {
    const s = await boot();
    const { ts, path } = await clickAndGetResponseUrl(s);
    const response = await s.request(path, postJson({ replace_original: true, text: 'Done: link sent by DM.' }));

    expect(await response.json()).toEqual({ ok: true });
    expect(s.slackConsole.state.find(`D${jordan!.slackUserId}`, ts)).toMatchObject({ text: 'Done: link sent by DM.', blocks: undefined });
  });

  it('posts an ephemeral reply in the same thread otherwise', async () => {
    const s = await boot();
    const { ts, path } = await clickAndGetResponseUrl(s);
    await s.request(path, postJson({ text: 'Only you can see this.' }));

    const added = s.slackConsole.state.messages.at(-1);
    expect(added).toMatchObject({ channel: `D${jordan!.slackUserId}`, text: 'Only you can see this.', ephemeralFor: jordan!.slackUserId });
    expect(added?.ts).not.toBe(ts);
  });

  it('answers 404 for an unknown response_url', async () => {
    const s = await boot();
    expect((await s.request('/console/response/nope', postJson({ text: 'x' }))).status).toBe(404);
  });
});

describe('page and feed', () => {
  it('serves one self-contained page without the signing secret', async () => {
    const s = await boot();
    const response = await s.request('/console');
    const html = await response.text();

    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('Jordan Rivera');
    expect(html).not.toContain(SIGNING_SECRET);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('lists only the changes after the cursor', async () => {
    const s = await boot();
    const ts = await postCard(s);
    const first = (await (await s.request('/console/feed?since=0')).json()) as { cursor: number; messages: Array<{ ts: string }> };
    await s.webClient().reactions.add({ channel: `D${jordan!.slackUserId}`, timestamp: ts, name: 'eyes' });
    const next = (await (await s.request(`/console/feed?since=${first.cursor}`)).json()) as typeof first;

    expect(first.messages.map((m) => m.ts)).toEqual([ts]);
    expect(next.messages).toMatchObject([{ ts, reactions: [{ name: 'eyes', users: ['UHELPDESK1'] }] }]);
    expect(next.cursor).toBeGreaterThan(first.cursor);
  });
});
