// Test harness for the Slack console: a real Mastra server on loopback with the console's routes and
// stand-in /slack/events and /slack/interactions routes that check the signature themselves.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Mastra } from '@mastra/core/mastra';
import { registerApiRoute } from '@mastra/core/server';
import { createHonoServer } from '@mastra/deployer/server';
import { LogLevel, WebClient } from '@slack/web-api';
import { createSlackConsole, type ConsolePerson, type ConsolePhone, type SlackConsole } from '../../../src/demo/slack-console/index.js';

export const SIGNING_SECRET = 'console-test-signing-secret';
export const NOW_MS = 1_700_000_000_000;

export const PEOPLE: ConsolePerson[] = [
  { slackUserId: 'U0JORDAN01', name: 'Jordan Rivera', email: 'jordan.rivera@acme.example', title: 'Software Engineer' },
  { slackUserId: 'U0PRIYA001', name: 'Priya Patel', email: 'priya.patel@acme.example', title: 'IT Administrator' },
];

/** What a stand-in Slack route received: raw body, headers, and its own signature verdict. */
export type Received = { rawBody: string; contentType: string; timestamp: string; signatureValid: boolean };

export function signatureIsValid(secret: string, timestamp: string, signature: string, rawBody: string): boolean {
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type StandIn = (received: Received) => Promise<Response | undefined> | Response | undefined;

export type ConsoleServer = {
  url: string;
  slackConsole: SlackConsole;
  events: Received[];
  interactions: Received[];
  /** Sends a request to the app in-process (no socket). */
  request: (path: string, init?: RequestInit) => Promise<Response>;
  /** A real @slack/web-api client pointed at the console's fake Web API. */
  webClient: (token?: string) => WebClient;
  close: () => Promise<void>;
};

export async function startConsoleServer(standIns: { onEvent?: StandIn; onInteraction?: StandIn; now?: () => number; phone?: ConsolePhone } = {}): Promise<ConsoleServer> {
  let url = '';
  const slackConsole = createSlackConsole({
    people: PEOPLE, signingSecret: SIGNING_SECRET, serverUrl: () => url, ...(standIns.now ? { now: standIns.now } : {}), ...(standIns.phone ? { phone: standIns.phone } : {}),
  });
  const events: Received[] = [];
  const interactions: Received[] = [];
  const standInRoute = (path: string, log: Received[], react: StandIn | undefined) =>
    registerApiRoute(path, {
      method: 'POST',
      requiresAuth: false,
      handler: async (c) => {
        const rawBody = await c.req.text();
        const timestamp = c.req.header('x-slack-request-timestamp') ?? '';
        const received: Received = {
          rawBody, timestamp, contentType: c.req.header('content-type') ?? '',
          signatureValid: signatureIsValid(SIGNING_SECRET, timestamp, c.req.header('x-slack-signature') ?? '', rawBody),
        };
        log.push(received);
        return (await react?.(received)) ?? c.body(null, 200);
      },
    });
  const mastra = new Mastra({
    logger: false,
    server: {
      apiRoutes: [
        ...slackConsole.routes,
        standInRoute('/slack/events', events, standIns.onEvent),
        standInRoute('/slack/interactions', interactions, standIns.onInteraction),
      ],
    },
  });
  const app = await createHonoServer(mastra, { tools: {} });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, slackConsole, events, interactions,
    request: async (path, init) => app.request(`${url}${path}`, init),
    webClient: (token = 'xoxb-test-token') =>
      new WebClient(token, { slackApiUrl: slackConsole.apiUrl(), retryConfig: { retries: 0 }, timeout: 5_000, logLevel: LogLevel.ERROR }),
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export const postJson = (body: unknown): RequestInit => ({
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});
