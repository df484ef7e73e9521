// HTTP plumbing of the console as Mastra custom routes: the fake Web API, the page, its feed, and
// the page's send/click endpoints plus the response_url endpoint, and the demo person's "phone"
// (Okta Verify pushes of the demo org: list the acting person's, answer one of them).
import { registerApiRoute, type ApiRoute } from '@mastra/core/server';
import type { Context } from 'hono';
import type { ActionResult, createConsoleActions } from './actions.js';
import { renderConsolePage, type PageConfig } from './page.js';
import { parseApiArgs, type ApiArgs } from './request-args.js';
import type { ConsoleState } from './state.js';
import type { ConsolePerson, ConsolePhone } from './types.js';
import type { ApiAnswer } from './web-api.js';

export type RouteDeps = {
  state: ConsoleState;
  callApi: (method: string, args: ApiArgs) => ApiAnswer;
  actions: ReturnType<typeof createConsoleActions>;
  page: PageConfig;
  phone?: ConsolePhone;
  people: ConsolePerson[];
};

const BOT_TOKEN = /^Bearer xoxb-\S+$/;

export function consoleRoutes({ state, callApi, actions, page, phone, people }: RouteDeps): ApiRoute[] {
  const html = renderConsolePage(page);
  const reply = (c: Context, result: ActionResult) => c.json(result.body, result.status);
  const emailOf = (personId: unknown) => people.find((person) => person.slackUserId === personId)?.email;

  const phoneRoutes = !phone
    ? []
    : [
        registerApiRoute('/console/phone', {
          method: 'GET',
          requiresAuth: false,
          handler: (c) => {
            const email = emailOf(c.req.query('personId'));
            return email ? c.json({ pushes: phone.waiting(email) }) : c.json({ error: 'unknown_person' }, 400);
          },
        }),
        registerApiRoute('/console/phone/answer', {
          method: 'POST',
          requiresAuth: false,
          handler: async (c) => {
            const body = await jsonOf(c);
            const email = emailOf(body.personId);
            // Only the acting person's own phone answers, and only a push still waiting on it.
            if (!email || !phone.waiting(email).some((push) => push.transactionId === body.transactionId)) return c.json({ error: 'no_such_push' }, 404);
            const answer = body.deny === true ? 'deny' : typeof body.pick === 'number' ? { pick: body.pick } : undefined;
            if (!answer) return c.json({ error: 'invalid_answer' }, 400);
            return c.json({ result: phone.answer(String(body.transactionId), answer) });
          },
        }),
      ];

  return [
    ...phoneRoutes,
    registerApiRoute('/console/api/:method', {
      method: 'POST',
      requiresAuth: false,
      handler: async (c) => {
        const authorization = c.req.header('authorization');
        if (!authorization) return c.json({ ok: false, error: 'not_authed' });
        if (!BOT_TOKEN.test(authorization)) return c.json({ ok: false, error: 'invalid_auth' });
        const args = argsOf(c.req.header('content-type') ?? '', await c.req.text());
        if (!args) return c.json({ ok: false, error: 'invalid_arguments' });
        return c.json(callApi(c.req.param('method'), args));
      },
    }),
    registerApiRoute('/console', {
      method: 'GET',
      requiresAuth: false,
      handler: (c) => c.html(html),
    }),
    registerApiRoute('/console/feed', {
      method: 'GET',
      requiresAuth: false,
      handler: (c) => {
        const since = Number(c.req.query('since') ?? 0);
        return c.json({ cursor: state.cursor(), messages: state.since(Number.isFinite(since) ? since : 0) });
      },
    }),
    registerApiRoute('/console/send', {
      method: 'POST',
      requiresAuth: false,
      handler: async (c) => reply(c, await actions.send(await jsonOf(c))),
    }),
    registerApiRoute('/console/click', {
      method: 'POST',
      requiresAuth: false,
      handler: async (c) => reply(c, await actions.click(await jsonOf(c))),
    }),
    registerApiRoute('/console/response/:id', {
      method: 'POST',
      requiresAuth: false,
      handler: async (c) => {
        const args = argsOf(c.req.header('content-type') ?? 'application/json', await c.req.text());
        if (!args) return c.json({ ok: false, error: 'invalid_payload' }, 400);
        return reply(c, actions.respond(c.req.param('id'), args));
      },
    }),
  ];
}

function argsOf(contentType: string, raw: string): ApiArgs | undefined {
  try {
    return parseApiArgs(contentType, raw);
  } catch {
    return undefined;
  }
}

async function jsonOf(c: Context): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => ({}));
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
