// The floor for /slack/events acks: the least a correct door must do, with nothing else on its
// event loop. node:http, the project's own signature check, and one INSERT OR IGNORE per event
// into a WAL SQLite file through the project's LibSQL driver and settings; answers 200. No
// framework, no worker, no agent. The bench measures it with the same client as the project and
// prints the ratio. Run as its own process: `tsx bench/floor-server.ts <database file>`; prints
// `listening <url>` when ready.
import { createServer } from 'node:http';
import { SLACK_BODY_LIMIT } from '../src/http/body-limit.js';
import { verifySlackSignature } from '../src/slack/signature.js';
import { openDatabase } from '../src/storage/database.js';
import { BENCH_SIGNING_SECRET } from './in-process.js';

async function main(): Promise<void> {
  const databaseFile = process.argv[2];
  if (!databaseFile) throw new Error('usage: floor-server.ts <database file>');
  const db = await openDatabase(`file:${databaseFile}`, () => ['CREATE TABLE IF NOT EXISTS floor_inbox (event_id TEXT PRIMARY KEY, body TEXT NOT NULL)'], 'floor inbox');
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > SLACK_BODY_LIMIT) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const check = verifySlackSignature({
        signingSecret: BENCH_SIGNING_SECRET,
        timestamp: header(request.headers['x-slack-request-timestamp']),
        signature: header(request.headers['x-slack-signature']),
        rawBody,
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      if (!check.ok) return void response.writeHead(401).end();
      const text = rawBody.toString('utf8');
      const eventId = (JSON.parse(text) as { event_id?: string }).event_id ?? '';
      db.execute('INSERT OR IGNORE INTO floor_inbox (event_id, body) VALUES (?, ?)', [eventId, text]).then(
        () => response.writeHead(200).end(),
        () => response.writeHead(500).end(),
      );
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

const header = (value: string | string[] | undefined): string | null => (typeof value === 'string' ? value : null);

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
