// Sends a signed request to the product's Slack routes exactly as Slack would, and reports the answer.
import { createHmac } from 'node:crypto';

export type Delivery = { ok: true; status: number } | { ok: false; status?: number; error: string };

export type SignedPost = { url: string; signingSecret: string; body: string; contentType: string; nowMs: number };

/** `v0=` + HMAC-SHA256(secret, `v0:${timestamp}:${body}`), Slack's request signature. */
export function slackSignature(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

const TIMEOUT_MS = 10_000;

export async function postSigned({ url, signingSecret, body, contentType, nowMs }: SignedPost): Promise<Delivery> {
  const timestamp = String(Math.floor(nowMs / 1000));
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(signingSecret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.ok) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `${new URL(url).pathname} answered HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: `${new URL(url).pathname} did not answer (${error instanceof Error ? error.message : String(error)})` };
  }
}
