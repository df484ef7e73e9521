// Runs the server with `npm start` itself (build, then node dist/main.js): the time from spawn to GET /health 200, and VmRSS / VmHWM from /proc of the server's own node process (not npm's).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { benchEnvironment, tempDatabaseFile } from './in-process.js';
import { freePort } from '../tests/helpers/net.js';

export type ServerProcess = {
  url: string;
  pid: number;
  /** Spawn -> first 200 from GET /health. */
  readyMs: number;
  /** Resident set size and its peak, MB. */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
};

/** `oktaUrl`: Okta is the demo org in its own process (bench/child.ts), reached as a live org; else the embedded demo org. */
export async function startServerProcess(projectRoot: string, slackApiUrl: string, timeoutMs: number, oktaUrl?: string): Promise<ServerProcess> {
  const port = await freePort();
  const database = tempDatabaseFile();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    MASTRA_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    ...benchEnvironment(slackApiUrl, database.file, oktaUrl),
  };
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, timeoutMs, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    database.remove();
    throw error;
  }
  const readyMs = performance.now() - started;
  const pid = serverProcessOf(child.pid!);
  return {
    url,
    pid,
    readyMs,
    memory: () => memoryOf(pid),
    async stop() {
      if (child.exitCode === null) {
        process.kill(-child.pid!, 'SIGTERM');
        const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      database.remove();
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before /health answered:\n${stderr()}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the server did not answer /health 200 within ${timeoutMs} ms:\n${stderr()}`);
}

/** The node process running dist/main.js below npm (npm -> sh -> node), not the shell naming it. */
function serverProcessOf(npmPid: number): number {
  const children = (pid: number) =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((candidate) => {
        try {
          return Number(readFileSync(`/proc/${candidate}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === pid;
        } catch {
          return false; // the process ended while we looked
        }
      });
  const queue = [npmPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const [program, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (program?.endsWith('node') && args.includes('dist/main.js')) return pid;
    queue.push(...children(pid));
  }
  throw new Error('could not find the server process below npm start');
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

