// Oversized bodies over a real loopback socket: a chunked upload with no Content-Length that
// passes the limit and keeps going gets 413 and a closed connection while it is still sending,
// on both Slack routes and on the Mastra API (the demo app, served for real by serveHelpdesk).
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { API_BODY_LIMIT } from '../../src/http/body-limit.js';
import { useDemoHelpdesk } from '../helpers/demo-app.js';

const demo = useDemoHelpdesk('body-limit-console-secret-0123456789');
/** The sender gives up after this much: far past the limit, so an answer before it is "prompt". */
const SENDER_BUDGET = 64 * API_BODY_LIMIT;

type Outcome = { status?: number; closed: boolean; bytesSent: number; senderFinished: boolean };

/** Streams 64 KiB chunks until the server answers or closes, or the budget is spent. */
function floodChunked(path: string, contentType: string): Promise<Outcome> {
  const { hostname, port } = new URL(demo.server.url);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve) => {
    const outcome: Outcome = { closed: false, bytesSent: 0, senderFinished: false };
    const req = request({ hostname, port, path, method: 'POST', headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' } });
    let answered = false;
    const send = () => {
      while (!answered && outcome.bytesSent < SENDER_BUDGET) {
        outcome.bytesSent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', send);
      }
      if (!answered) {
        outcome.senderFinished = true;
        req.end();
      }
    };
    req.on('response', (response) => {
      answered = true;
      outcome.status = response.statusCode;
      response.resume();
      response.on('close', () => {
        outcome.closed = true;
        resolve(outcome);
      });
    });
    req.on('error', () => {
      outcome.closed = true;
      resolve(outcome);
    });
    send();
  });
}

describe('chunked bodies over the limit', () => {
  it.each([
    ['/slack/events', 'application/json'],
    ['/slack/interactions', 'application/x-www-form-urlencoded'],
    // Mastra's own middleware would parse this JSON in full before any route or limit ran.
    ['/api/agents/helpdesk/generate', 'application/json'],
  ])('%s answers 413 and closes the connection while the sender is still sending', async (path, contentType) => {
    const outcome = await floodChunked(path, contentType);
    expect(outcome).toMatchObject({ status: 413, closed: true, senderFinished: false });
  });
});
