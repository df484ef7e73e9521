// A tiny Slack Web API on 127.0.0.1 for the bench: answers the methods the bot calls, maps Slack user ids to the demo org's emails, and timestamps every chat.postMessage so event-in -> reply-posted can be measured.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BENCH_TEAM } from './slack-client.js';

export type BenchPerson = { slackUserId: string; email: string };

export type Post = {
  method: 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral' | 'response_url';
  channel: string;
  threadTs?: string;
  text: string;
  blocks: unknown[];
  /** The message's ts as this fake answered it. */
  ts?: string;
  /** performance.now() when the request arrived. */
  at: number;
};

export type FakeSlack = {
  /** Web API base URL (SLACK_API_URL), ending in a slash. */
  apiUrl: string;
  /** A response_url for an interaction payload. */
  responseUrl(id: string): string;
  posts: Post[];
  /** Event ts values that got a chat.postMessage reply in their thread. */
  repliedThreads: Set<string>;
  /** Resolves with performance.now() of the first reply in `threadTs` (immediately if one is already there). */
  replyIn(threadTs: string, timeoutMs: number): Promise<number>;
  /** Resolves once `count` distinct threads have a reply; rejects after `timeoutMs`. */
  repliesReach(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
};

type Waiter = { done: () => boolean; resolve: () => void };

export async function startFakeSlack(people: BenchPerson[], botUserId = 'UBENCHBOT'): Promise<FakeSlack> {
  const byId = new Map(people.map((p) => [p.slackUserId, p]));
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const posts: Post[] = [];
  const repliedThreads = new Set<string>();
  const firstReplyAt = new Map<string, number>();
  let waiters: Waiter[] = [];
  let nextTs = 1;

  const settle = () => {
    waiters = waiters.filter((waiter) => {
      if (!waiter.done()) return true;
      waiter.resolve();
      return false;
    });
  };

  const answer = (method: string, args: Record<string, string>, at: number): Record<string, unknown> => {
    const user = (id: string | undefined) => (id ? byId.get(id) : undefined);
    switch (method) {
      case 'users.info': {
        const person = user(args.user);
        if (!person) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id: person.slackUserId, team_id: BENCH_TEAM, name: person.email.split('@')[0], is_bot: false, deleted: false, is_restricted: false, is_ultra_restricted: false, profile: { email: person.email } } };
      }
      case 'users.lookupByEmail': {
        const person = byEmail.get((args.email ?? '').toLowerCase());
        return person ? { ok: true, user: { id: person.slackUserId, team_id: BENCH_TEAM, is_bot: false, deleted: false, is_restricted: false, is_ultra_restricted: false } } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${(args.users ?? '').split(',')[0]}` } };
      case 'auth.test':
        return { ok: true, user_id: botUserId, team_id: BENCH_TEAM };
      case 'reactions.add':
      case 'reactions.remove':
        return { ok: true };
      case 'chat.postMessage':
      case 'chat.update':
      case 'chat.postEphemeral': {
        const channel = args.channel ?? '';
        const ts = method === 'chat.update' ? args.ts : `1900000000.${String(nextTs++).padStart(6, '0')}`;
        const post: Post = { method, channel, threadTs: args.thread_ts, text: args.text ?? '', blocks: parseBlocks(args.blocks), ts, at };
        posts.push(post);
        if (method === 'chat.postMessage' && post.threadTs) {
          repliedThreads.add(post.threadTs);
          if (!firstReplyAt.has(post.threadTs)) firstReplyAt.set(post.threadTs, at);
        }
        return { ok: true, channel, ts, message_ts: ts };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const args = parseArgs(Buffer.concat(chunks).toString('utf8'), request.headers['content-type']);
      if (url.pathname.startsWith('/response/')) {
        posts.push({ method: 'response_url', channel: '', text: String(args.text ?? ''), blocks: parseBlocks(args.blocks), at });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        settle();
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const body = JSON.stringify(answer(method, args, at));
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      settle();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const wait = (done: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== waiter);
        reject(new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter = { done, resolve: () => (clearTimeout(timer), resolve()) };
      waiters.push(waiter);
    });

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    posts,
    repliedThreads,
    async replyIn(threadTs, timeoutMs) {
      await wait(() => firstReplyAt.has(threadTs), timeoutMs, `a reply in thread ${threadTs}`);
      return firstReplyAt.get(threadTs)!;
    },
    repliesReach: (count, timeoutMs) => wait(() => repliedThreads.size >= count, timeoutMs, `${count} replies (have ${repliedThreads.size})`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** @slack/web-api sends form fields (nested values as JSON strings); accept JSON bodies too. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, string> {
  if (contentType?.includes('application/json')) {
    const parsed = JSON.parse(raw || '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function parseBlocks(value: string | undefined): unknown[] {
  if (!value) return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed : [];
}
