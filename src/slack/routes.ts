// POST /slack/events and POST /slack/interactions: transport only. Signature on the raw bytes, JSON
// or form parsing, then the shared intake (intake.ts) decides: for events the url_verification
// answer, an ignore, or a durable enqueue; for interactions an ignore or a card click handed to the
// click runner. A 200 within milliseconds: no model, Okta or Slack API call happens before the
// answer. The handlers take the raw body and a header lookup, not a framework request, so that
// `npm start`'s server answers them straight from node:http (src/server.ts), before any Request
// object, body stream or Mastra middleware exists; Mastra's router (`mastra dev`) gets the same
// handlers as API routes.
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

/** A POST as the door needs it: the exact bytes (read within SLACK_BODY_LIMIT) and its headers by lower-case name. */
export type SlackHttpRequest = { rawBody: Uint8Array; header(name: string): string | null };

export type SlackHttpAnswer = { status: number; contentType: string; body: string };

export type SlackHttpDoor = {
  /** For Mastra's server (`mastra dev`, and any request that reaches Mastra's router). */
  routes: ApiRoute[];
  /** Whether a POST to this path is the door's (/slack/events, /slack/interactions). */
  answers(pathname: string): boolean;
  /** The answer to a POST to one of the door's paths (`answers(pathname)` is true). */
  answer(pathname: string, request: SlackHttpRequest): Promise<SlackHttpAnswer>;
};

export function createSlackEventRoutes(deps: SlackEventRouteDeps): SlackHttpDoor {
  const now = deps.now ?? Date.now;
  const { logger } = deps;
  const intake = createIntake(deps);

  /** The body as text when Slack signed it; the 401 otherwise. */
  function verifiedText(request: SlackHttpRequest, kind: 'events' | 'interactions'): { text: string } | { rejected: SlackHttpAnswer } {
    const check = verifySlackSignature({
      signingSecret: deps.signingSecret,
      timestamp: request.header('x-slack-request-timestamp'),
      signature: request.header('x-slack-signature'),
      rawBody: request.rawBody,
      nowSeconds: Math.floor(now() / 1000),
    });
    if (!check.ok) {
      logger.warn(`Rejected a Slack ${kind} request`, { reason: check.reason });
      return { rejected: plain(401, 'invalid signature') };
    }
    return { text: Buffer.from(request.rawBody.buffer, request.rawBody.byteOffset, request.rawBody.byteLength).toString('utf8') };
  }

  async function handleEvent(request: SlackHttpRequest): Promise<SlackHttpAnswer> {
    const verified = verifiedText(request, 'events');
    if ('rejected' in verified) return verified.rejected;

    const body = parseEventBody(verified.text);
    if (!body) return plain(400, 'body is not a JSON object');

    const outcome = await intake.event(body, { retryNum: request.header('x-slack-retry-num'), retryReason: request.header('x-slack-retry-reason') });
    if (outcome.kind === 'url_verification') return { status: 200, contentType: 'application/json', body: JSON.stringify({ challenge: outcome.challenge }) };
    if (outcome.kind === 'not_stored') return plain(500, 'could not store the event');
    return plain(200, '');
  }

  async function handleInteraction(request: SlackHttpRequest): Promise<SlackHttpAnswer> {
    const verified = verifiedText(request, 'interactions');
    if ('rejected' in verified) return verified.rejected;

    const parsed = parseInteraction(verified.text);
    if (parsed.kind === 'malformed') return plain(400, 'body is not a form with a JSON payload');
    if (intake.interaction(parsed) === 'not_taking_clicks') return plain(503, 'shutting down');
    return plain(200, '');
  }

  const handlers: Record<string, (request: SlackHttpRequest) => Promise<SlackHttpAnswer>> = { '/slack/events': handleEvent, '/slack/interactions': handleInteraction };
  return {
    routes: Object.entries(handlers).map(([path, handler]) =>
      registerApiRoute(path, {
        method: 'POST',
        requiresAuth: false,
        handler: async (c) => {
          // Also enforced before any middleware by `npm start`'s server; `mastra dev` has only this one.
          const rawBody = await readBody(c.req.raw, SLACK_BODY_LIMIT);
          const answer = rawBody === 'too_large' ? plain(413, 'request body too large') : await handler({ rawBody, header: (name) => c.req.raw.headers.get(name) });
          return new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.contentType } });
        },
      }),
    ),
    answers: (pathname) => Object.hasOwn(handlers, pathname),
    answer: (pathname, request) => handlers[pathname]!(request),
  };
}

function plain(status: number, body: string): SlackHttpAnswer {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}
