// Item 1's floor: starts bench/floor-server.ts as its own Node process (the project's node and
// tsx, like npm start runs its bundle) and measures its acks with the same signed DMs, client and
// connections as the project (a warm-up that opens every connection, then the measured run on
// them), so the two figures differ only in what the servers do.
import { startChildServer } from './child.js';
import { tempDatabaseFile } from './in-process.js';
import { withLoadClient } from './load-client.js';
import { signedDms } from './load.js';
import { medianRound, spread, type Rounds } from './stats.js';

/** The same runs as the project's: `rounds` of `requests` after the warm-up; the median round. */
export async function measureFloor(projectRoot: string, { rounds, requests, warmup, concurrency }: { rounds: number; requests: number; warmup: number; concurrency: number }): Promise<Rounds> {
  const database = tempDatabaseFile();
  try {
    const floor = await startChildServer(projectRoot, 'bench/floor-server.ts', [database.file], /listening (\S+)/);
    try {
      return await withLoadClient(floor.url, concurrency, async (client) => {
        await client.send(signedDms(warmup));
        const runs = [];
        for (let i = 0; i < rounds; i += 1) runs.push(spread((await client.send(signedDms(requests))).map((s) => s.ms)));
        return medianRound(runs);
      });
    } finally {
      floor.stop();
    }
  } finally {
    database.remove();
  }
}
