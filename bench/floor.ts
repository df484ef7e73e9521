// Item 1's floor: starts bench/floor-server.ts as its own Node process (the project's node and
// tsx, like npm start runs its bundle) and measures its acks with the same signed DMs, client and
// concurrency as the project, so the two figures differ only in what the servers do.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDatabaseFile } from './in-process.js';
import { signedDms } from './load.js';
import { createPoster, sendAll } from './slack-client.js';
import { spread, type Spread } from './stats.js';

const READY_TIMEOUT_MS = 30_000;

export async function measureFloor(projectRoot: string, { requests, warmup, concurrency }: { requests: number; warmup: number; concurrency: number }): Promise<Spread> {
  const database = tempDatabaseFile();
  const child = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), [join(projectRoot, 'bench', 'floor-server.ts'), database.file], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the floor server did not start')), READY_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /listening (\S+)/.exec(chunk.toString('utf8'));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`the floor server exited with ${code}`)));
    });
    const poster = createPoster(url, concurrency);
    try {
      await sendAll(poster, signedDms(warmup), concurrency);
      const sent = await sendAll(poster, signedDms(requests), concurrency);
      return spread(sent.map((s) => s.ms));
    } finally {
      poster.close();
    }
  } finally {
    child.kill('SIGTERM');
    database.remove();
  }
}
