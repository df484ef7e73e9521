// Item 1's floor: starts bench/floor-server.ts as its own Node process (the project's node and
// tsx, like npm start runs its bundle) and measures its acks with the same signed DMs, client,
// warm-up and connections as the project (a warm-up on a client of its own, then the measured run
// on new connections), so the two figures differ only in what the servers do.
import { startChildServer } from './child.js';
import { tempDatabaseFile } from './in-process.js';
import { sendOnNewConnections, signedDms } from './load.js';
import { spread, type Spread } from './stats.js';

/** `reused`: only the requests sent on an already open connection, as for the project (LoadRun.ackReused). */
export type FloorFigures = Spread & { reused: Spread };

export type FloorRun = { requests: number; concurrency: number; warmup: { requests: number; concurrency: number } };

export async function measureFloor(projectRoot: string, { requests, concurrency, warmup }: FloorRun): Promise<FloorFigures> {
  const database = tempDatabaseFile();
  try {
    const floor = await startChildServer(projectRoot, 'bench/floor-server.ts', [database.file], /listening (\S+)/);
    try {
      await sendOnNewConnections(floor.url, signedDms(warmup.requests), warmup.concurrency);
      const sent = await sendOnNewConnections(floor.url, signedDms(requests), concurrency);
      return { ...spread(sent.map((s) => s.ms)), reused: spread(sent.filter((s) => s.reused).map((s) => s.ms)) };
    } finally {
      floor.stop();
    }
  } finally {
    database.remove();
  }
}
