// Test helpers for Socket Mode: a local fake of Slack's WebSocket side on 127.0.0.1 (the `ws`
// package) that says hello to every connection, sends envelopes and records what the app sends back
// (its acks), and envelope builders around the Events API and interactivity payloads of slack.ts.
// apps.connections.open is answered by the msw Web API fake (createSlackFake) with this server's URL.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { IDS } from './slack.js';

/** How long waitFor polls before failing the test (far below the test timeout). */
const WAIT_LIMIT_MS = 5000;

/** The `hello` Slack sends first on every Socket Mode connection (shape from docs.slack.dev socket-mode). */
export function helloEnvelope(): Record<string, unknown> {
  return {
    type: 'hello',
    num_connections: 1,
    debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 },
    connection_info: { app_id: IDS.app },
  };
}

/** Slack asking the app to reconnect (it is about to close this connection). */
export function disconnectEnvelope(): Record<string, unknown> {
  return { type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'applink-fake-1' } };
}

export type Redelivered = { retryAttempt?: number; retryReason?: string };

/** An Events API body as Socket Mode wraps it; a redelivery carries retry_attempt and retry_reason. */
export function eventsApiEnvelope(envelopeId: string, body: Record<string, unknown>, redelivered: Redelivered = {}): Record<string, unknown> {
  return {
    envelope_id: envelopeId,
    type: 'events_api',
    payload: body,
    accepts_response_payload: false,
    retry_attempt: redelivered.retryAttempt ?? 0,
    retry_reason: redelivered.retryReason ?? '',
  };
}

/** An interactivity payload (block_actions) as Socket Mode wraps it: the payload object, not a form. */
export function interactiveEnvelope(envelopeId: string, payload: Record<string, unknown>): Record<string, unknown> {
  return { envelope_id: envelopeId, type: 'interactive', payload, accepts_response_payload: false };
}

export type FakeSocketSlack = Awaited<ReturnType<typeof startFakeSocketSlack>>;

export async function startFakeSocketSlack() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const connections: WebSocket[] = [];
  /** Every JSON message the app sent, in order, with the connection it came on. */
  const received: Array<{ connection: number; message: Record<string, unknown> }> = [];
  let tickets = 0;

  server.on('connection', (socket) => {
    const connection = connections.push(socket) - 1;
    socket.on('message', (data: Buffer) => received.push({ connection, message: JSON.parse(data.toString('utf8')) as Record<string, unknown> }));
    socket.send(JSON.stringify(helloEnvelope()));
  });

  const fake = {
    /** A fresh URL for apps.connections.open to hand out, as Slack does each time. */
    nextUrl: () => `ws://127.0.0.1:${port}/link/?ticket=fake-ticket-${++tickets}`,
    connections,
    received,
    /** The envelope ids the app acknowledged, in order. */
    acks: () => received.map(({ message }) => message.envelope_id),
    /** The connection Slack would send on: the newest one. */
    current(): WebSocket {
      const socket = connections.at(-1);
      if (!socket) throw new Error('the app has not connected');
      return socket;
    },
    send(envelope: Record<string, unknown>) {
      fake.current().send(JSON.stringify(envelope));
    },
    /** Polls until `condition` holds; fails naming `what` after WAIT_LIMIT_MS. */
    async waitFor(what: string, condition: () => boolean) {
      for (let waited = 0; !condition(); waited += 10) {
        if (waited >= WAIT_LIMIT_MS) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      for (const socket of connections) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
