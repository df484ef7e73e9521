// Idle keep-alive connections outlast a load balancer's idle timeout (AWS ALB: 60 s). With Node's
// default of 5 s the server closes a connection the balancer (or Slack) may be reusing at that very
// moment, and the request on it fails ("socket hang up", a 502 at the balancer).
import { Agent, request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_ENVELOPE, useDemoHelpdesk } from '../helpers/demo-app.js';
import { eventFixture, signedEventRequest } from '../helpers/slack.js';

const SECRET = 'keep-alive-console-secret-0123456789';
const demo = useDemoHelpdesk(SECRET);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
afterAll(() => agent.destroy());

/** A signed url_verification over the one pooled connection: its status, and whether the connection was reused. */
async function handshake(): Promise<{ status: number; reused: boolean }> {
  const signed = signedEventRequest({ ...eventFixture('url_verification.docs.json').body, ...CONSOLE_ENVELOPE }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) });
  const body = await signed.text();
  const { hostname, port } = new URL(demo.server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: '/slack/events', method: 'POST', agent, headers: Object.fromEntries(signed.headers) }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('keep-alive', () => {
  it("keeps an idle Slack connection open past Node's default of 5 seconds (6 with its buffer)", async () => {
    expect(await handshake()).toEqual({ status: 200, reused: false });
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(await handshake()).toEqual({ status: 200, reused: true });
  }, 15_000);
});
