// `npm start` as a newcomer runs it: the build and a real Node process (not vitest's module loader,
// which hides CommonJS/ESM interop problems), no credentials, a banner, /health with every part demo,
// and a console DM answered by the bundled turn thread.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../src/config.js';
import { DEMO_PEOPLE } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { tempDatabaseUrl } from '../helpers/desk.js';
import { freePort } from '../helpers/net.js';

const root = findProjectRoot();
let child: ChildProcess | undefined;
/** Every process group started here: a test that fails or times out must not leave its server running. */
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const each of started) {
    try {
      // The whole group: npm may have exited while the server it started still runs.
      if (each.pid) process.kill(-each.pid, 'SIGTERM');
    } catch {
      // ESRCH: the group has ended.
    }
  }
  started.clear();
});

function start(env: Record<string, string>): { output: () => string; exited: Promise<number | null> } {
  let output = '';
  child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    detached: true,
  });
  started.add(child);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
  return { output: () => output, exited };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out; the process said:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start', () => {
  it('starts with no credentials, prints the banner and reports every part as demo', async () => {
    const port = await freePort();
    const server = start({ PORT: String(port), DATABASE_URL: tempDatabaseUrl() });
    await waitFor(() => server.output().includes('is ready on'), 30_000, server.output);
    expect(server.output(), server.output()).toContain(`Slack console   http://127.0.0.1:${port}/console`);
    // Ready means events are stored; the turn thread reports in once it has built its half.
    const health = async () => (await fetch(`http://127.0.0.1:${port}/health`)).json();
    await waitFor(async () => (await health()).turns === 'ok', 30_000, server.output);
    expect(await health()).toEqual({ status: 'ok', okta: 'demo', slack: 'console', model: 'offline', database: 'ok', modelStatus: 'ok', turns: 'ok' });

    // The bundle's turn thread (dist/turn-worker.js) answers a DM from the console.
    const personId = peopleFromDemoOrg(DEMO_PEOPLE)[0]!.slackUserId;
    const sent = await fetch(`http://127.0.0.1:${port}/console/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId, channel: 'dm', text: 'help' }) });
    const { ts } = (await sent.json()) as { ts: string };
    const botReplies = async () => {
      const feed = (await (await fetch(`http://127.0.0.1:${port}/console/feed?since=0`)).json()) as { messages: Array<{ threadTs?: string; fromBot: boolean }> };
      return feed.messages.filter((m) => m.fromBot && m.threadTs === ts).length;
    };
    await waitFor(async () => (await botReplies()) > 0, 30_000, server.output);
    expect(await botReplies()).toBe(1);
    process.kill(-child!.pid!, 'SIGTERM');
    await server.exited;
    // npm can exit before the server has run its SIGTERM handler, so wait for the port to close.
    const refused = () => fetch(`http://127.0.0.1:${port}/health`).then(() => false, () => true);
    await waitFor(refused, 15_000, server.output);
  }, 120_000); // a build, a start and a turn: each wait above is bounded on its own

  it('refuses to start on a malformed setting and names the variable', async () => {
    const server = start({ OKTA_ORG_URL: 'acme.okta.com', DATABASE_URL: tempDatabaseUrl() });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('OKTA_ORG_URL: must be an http(s) URL, e.g. https://acme.okta.com');
  });

  it('refuses to put the demo console on a non-loopback HOST, naming HOST and the way out', async () => {
    const server = start({ HOST: '0.0.0.0', DATABASE_URL: tempDatabaseUrl() });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('HOST=0.0.0.0 is not a loopback address');
    expect(server.output()).toContain('ALLOW_DEMO_ROUTES_ON_NETWORK=true');
  });

  it('says so loudly when told to expose the demo console on the network', async () => {
    const port = await freePort();
    const server = start({ HOST: '0.0.0.0', ALLOW_DEMO_ROUTES_ON_NETWORK: 'true', PORT: String(port), DATABASE_URL: tempDatabaseUrl() });
    await waitFor(() => server.output().includes('is ready on'), 30_000, server.output);
    expect(server.output()).toContain('WARNING: the demo Slack console listens on 0.0.0.0');
    process.kill(-child!.pid!, 'SIGTERM');
    await server.exited;
  });
});
