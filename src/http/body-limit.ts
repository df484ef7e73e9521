// Caps request bodies before any framework code sees them. Mastra's context middleware parses every
// JSON POST in full (`clone().json()`) before a route or its own bodyLimit runs, and clones every
// body for custom routes, so a chunked upload without Content-Length would be buffered without
// bound. Here a body is read up to its path's limit and handed on as bytes; past the limit the
// answer is 413 with the connection closed, while the sender is still sending. `readBody` reads a
// web Request (the Mastra side), `readNodeBody` a node:http request (Slack's routes under npm start).
import type { IncomingMessage } from 'node:http';

/** Slack's routes: Slack's own payloads are far below this. */
export const SLACK_BODY_LIMIT = 1024 * 1024;
/** Everything else (the Mastra API): Mastra's own default server.bodySizeLimit. */
export const API_BODY_LIMIT = 4.5 * 1024 * 1024;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Fetch = (request: Request) => Response | Promise<Response>;

/** The limit for a path: Slack's routes get the tighter one. */
export function bodyLimitFor(pathname: string): number {
  return pathname.startsWith('/slack/') ? SLACK_BODY_LIMIT : API_BODY_LIMIT;
}

/** Wraps a fetch handler so no body reaches it unread or past its limit. */
export function limitRequestBodies(next: Fetch, limitFor: (pathname: string) => number = bodyLimitFor): Fetch {
  return async (request) => {
    if (!BODY_METHODS.has(request.method) || !request.body) return next(request);
    const bytes = await readBody(request, limitFor(new URL(request.url).pathname));
    if (bytes === 'too_large') {
      return new Response('request body too large', { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' } });
    }
    const headers = new Headers(request.headers);
    headers.delete('transfer-encoding');
    headers.set('content-length', String(bytes.byteLength));
    return next(new Request(request.url, { method: request.method, headers, body: bytes, signal: request.signal }));
  };
}

/** The raw bytes, refusing more than `limit` by the declared Content-Length and by what is actually read. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | 'too_large'> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return 'too_large';
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return 'too_large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The same for a node:http request: its bytes, or 'too_large' as soon as the limit is passed (the rest is not read). */
export function readNodeBody(incoming: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (outcome: () => void) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > limit) settle(() => resolve('too_large'));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, total)));
    const onError = (error: Error) => settle(() => reject(error));
    incoming.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
