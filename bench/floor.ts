// Item 1's floor: starts bench/floor-server.ts as its own Node process (the project's node and
// tsx, like npm start runs its bundle) and measures its acks with the same signed DMs, client and
// concurrency as the project, so the two figures differ only in what the servers do.
import { startChildServer } from './child.js';
import { tempDatabaseFile } from './in-process.js';
import { signedDms } from './load.js';
import { createPoster, sendAll } from './slack-client.js';
import { spread, type Spread } from './stats.js';

/** `reused`: only the requests sent on an already open connection, as for the project (LoadRun.ackReused). */
export type FloorFigures = Spread & { reused: Spread };

export async function measureFloor(projectRoot: string, { requests, warmup, concurrency }: { requests: number; warmup: number; concurrency: number }): Promise<FloorFigures> {
  const database = tempDatabaseFile();
  try {
    const floor = await startChildServer(projectRoot, 'bench/floor-server.ts', [database.file], /listening (\S+)/);
    const poster = createPoster(floor.url, concurrency);
    try {
      await sendAll(poster, signedDms(warmup), concurrency);
      const sent = await sendAll(poster, signedDms(requests), concurrency);
      return { ...spread(sent.map((s) => s.ms)), reused: spread(sent.filter((s) => s.reused).map((s) => s.ms)) };
    } finally {
      poster.close();
      floor.stop();
    }
  } finally {
    database.remove();
  }
}
