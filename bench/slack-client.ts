// Plays Slack toward the app: builds message.im envelopes and block_actions clicks, signs them, and posts them over keep-alive HTTP with a bounded socket pool, timing each request.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { computeSlackSignature } from '../src/slack/signature.js';

export const BENCH_TEAM = 'TBENCH';
export const BENCH_APP = 'ABENCH';
export const BENCH_BOT_USER = 'UBENCHBOT';

export type DirectMessage = { eventId: string; user: string; text: string; ts: string };

let sequence = 0;

/** A new DM from `user`: unique event_id and message ts (so each is its own thread). */
export function newMessage(user: string, text: string): DirectMessage {
  sequence += 1;
  return { eventId: `EvBENCH${String(sequence).padStart(8, '0')}`, user, text, ts: `${1_800_000_000 + sequence}.000100` };
}

/** A human DM as Slack delivers it (message, channel_type im); the DM channel is 'D' + user id. */
export function dmEnvelope({ eventId, user, text, ts }: DirectMessage): string {
  return JSON.stringify({
    token: 'bench',
    team_id: BENCH_TEAM,
    api_app_id: BENCH_APP,
    event: { client_msg_id: eventId, type: 'message', text, user, ts, team: BENCH_TEAM, channel: `D${user}`, event_ts: ts, channel_type: 'im' },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: BENCH_TEAM, user_id: BENCH_BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/** A button click on a message the bot posted, form-encoded as Slack sends interactions. */
export function clickBody(click: { user: string; channel: string; messageTs: string; actionId: string; blockId: string; value: string; responseUrl: string }): string {
  const payload = {
    type: 'block_actions',
    user: { id: click.user, username: click.user, name: click.user, team_id: BENCH_TEAM },
    api_app_id: BENCH_APP,
    token: 'bench',
    container: { type: 'message', message_ts: click.messageTs, channel_id: click.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.bench`,
    team: { id: BENCH_TEAM, domain: 'bench' },
    channel: { id: click.channel },
    message: { type: 'message', ts: click.messageTs, user: BENCH_BOT_USER, text: '' },
    state: { values: {} },
    response_url: click.responseUrl,
    actions: [{ action_id: click.actionId, block_id: click.blockId, value: click.value, type: 'button', action_ts: (Date.now() / 1000).toFixed(6), text: { type: 'plain_text', text: 'Confirm' } }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export type SignedRequest = { path: string; body: string; headers: Record<string, string> };

/** Signed with the current time: valid for Slack's 5-minute window, so requests can be prepared ahead of a timed run. */
export function signed(secret: string, path: string, body: string, contentType = 'application/json'): SignedRequest {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    path,
    body,
    headers: {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': computeSlackSignature(secret, timestamp, body),
    },
  };
}

export type Sent = { status: number; ms: number; sentAt: number };

export type Poster = { send(request: SignedRequest): Promise<Sent>; close(): void };

/** At most `sockets` keep-alive connections to `baseUrl`; latency is first byte written -> response fully read. */
export function createPoster(baseUrl: string, sockets: number): Poster {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const url = new URL(baseUrl);
  return {
    send: ({ path, body, headers }) =>
      new Promise<Sent>((resolve, reject) => {
        const sentAt = performance.now();
        const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'POST', headers, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - sentAt, sentAt }));
          res.on('error', reject);
        });
        req.setTimeout(30_000, () => req.destroy(new Error(`POST ${path} timed out`)));
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** Runs `task` over `items` with `concurrency` in flight at a time. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/** Sends every request (bounded) and fails the bench on any non-200: a lost event is a broken harness or app. */
export async function sendAll(poster: Poster, requests: readonly SignedRequest[], concurrency: number): Promise<Sent[]> {
  const results = await inPool(requests, concurrency, (request) => poster.send(request));
  const bad = results.filter((r) => r.status !== 200);
  if (bad.length > 0) throw new Error(`${bad.length} of ${results.length} requests were not answered 200 (first: ${bad[0]!.status})`);
  return results;
}
