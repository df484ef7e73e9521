// POST /slack/events and POST /slack/interactions: transport only. Size limit, signature on the raw
// bytes, JSON or form parsing, then the shared intake (intake.ts) decides: for events the
// url_verification answer, an ignore, or a durable enqueue; for interactions an ignore or a card
// click handed to the click runner. A 200 within milliseconds: no model, Okta or Slack API call
// happens before the answer. The same handlers are offered by path (`direct`) to a server that
// answers them before Mastra's router, whose middleware would otherwise run on every ack.
import { registerApiRoute } from '@mastra/core/server';
import type { ApiRoute } from '@mastra/core/server';
import { readBody, SLACK_BODY_LIMIT } from '../http/body-limit.js';
import { parseEventBody } from './events.js';
import { createIntake, type IntakeDeps } from './intake.js';
import { parseInteraction } from './interactions.js';
import { verifySlackSignature } from './signature.js';

export type SlackEventRouteDeps = IntakeDeps & {
  signingSecret: string;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
};

export type SlackHttpDoor = {
  /** For Mastra's server (`mastra dev`, and any request that reaches Mastra's router). */
  routes: ApiRoute[];
  /** The handler for a POST to /slack/events or /slack/interactions; undefined for any other request. */
  direct(request: Request, pathname: string): Promise<Response> | undefined;
};

export function createSlackEventRoutes(deps: SlackEventRouteDeps): SlackHttpDoor {
  const now = deps.now ?? Date.now;
  const { logger } = deps;
  const intake = createIntake(deps);

  /** The body as text when it is within the size limit and signed by Slack; the error answer otherwise. */
  async function verifiedBody(request: Request, kind: 'events' | 'interactions'): Promise<{ text: string } | { rejected: Response }> {
    // Also enforced before any middleware by `npm start`'s body guard; `mastra dev` has only this one.
    const raw = await readBody(request, SLACK_BODY_LIMIT);
    if (raw === 'too_large') return { rejected: plain(413, 'request body too large') };
    const check = verifySlackSignature({
      signingSecret: deps.signingSecret,
      timestamp: request.headers.get('x-slack-request-timestamp'),
      signature: request.headers.get('x-slack-signature'),
      rawBody: raw,
      nowSeconds: Math.floor(now() / 1000),
    });
    if (!check.ok) {
      logger.warn(`Rejected a Slack ${kind} request`, { reason: check.reason });
      return { rejected: plain(401, 'invalid signature') };
    }
    return { text: new TextDecoder().decode(raw) };
  }

  async function handle(request: Request): Promise<Response> {
    const verified = await verifiedBody(request, 'events');
    if ('rejected' in verified) return verified.rejected;

    const body = parseEventBody(verified.text);
    if (!body) return plain(400, 'body is not a JSON object');

    const outcome = await intake.event(body, {
      retryNum: request.headers.get('x-slack-retry-num'),
      retryReason: request.headers.get('x-slack-retry-reason'),
    });
    if (outcome.kind === 'url_verification') {
      return new Response(JSON.stringify({ challenge: outcome.challenge }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (outcome.kind === 'not_stored') return plain(500, 'could not store the event');
    return plain(200, '');
  }

  async function handleInteraction(request: Request): Promise<Response> {
    const verified = await verifiedBody(request, 'interactions');
    if ('rejected' in verified) return verified.rejected;

    const parsed = parseInteraction(verified.text);
    if (parsed.kind === 'malformed') return plain(400, 'body is not a form with a JSON payload');
    if (intake.interaction(parsed) === 'not_taking_clicks') return plain(503, 'shutting down');
    return plain(200, '');
  }

  const handlers: Record<string, (request: Request) => Promise<Response>> = { '/slack/events': handle, '/slack/interactions': handleInteraction };
  return {
    routes: Object.entries(handlers).map(([path, handler]) => registerApiRoute(path, { method: 'POST', requiresAuth: false, handler: async (c) => handler(c.req.raw) })),
    direct: (request, pathname) => (request.method === 'POST' ? handlers[pathname]?.(request) : undefined),
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
