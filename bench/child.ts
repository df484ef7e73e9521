// Starts a bench helper as its own Node process (the project's tsx, like the floor server) and waits
// for the line it prints when ready; stop() ends it. Used for the floor server and the Okta org.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const READY_TIMEOUT_MS = 30_000;

export type ChildServer = { url: string; stop(): void };

/**
 * `ready` matches the child's ready line; its first group is the URL it listens on. `nice`: the
 * child and all its threads run at this CPU priority (`nice -n`), for a stand-in of a remote service.
 */
export async function startChildServer(projectRoot: string, script: string, args: string[], ready: RegExp, nice?: number): Promise<ChildServer> {
  const command = [join(projectRoot, 'node_modules', '.bin', 'tsx'), join(projectRoot, script), ...args];
  const niced = nice === undefined ? command : ['nice', '-n', String(nice), ...command];
  const child = spawn(niced[0]!, niced.slice(1), { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), READY_TIMEOUT_MS);
      const read = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-4000);
        const match = ready.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
    });
    return { url, stop: () => void child.kill('SIGTERM') };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/**
 * The demo Okta org in a process of its own, reached by the app as a live org (OKTA_ORG_URL and
 * OKTA_API_TOKEN): in production Okta is elsewhere, so serving it must not load the app's threads.
 * It runs at the lowest CPU priority for the same reason: on this machine its work would otherwise
 * take CPU from the server under test and the load client, which a remote org's work never does.
 */
export async function startOktaProcess(projectRoot: string, port: number): Promise<ChildServer> {
  return startChildServer(projectRoot, 'src/demo/okta/main.ts', [String(port)], /Demo Okta org listening on (\S+)/, 19);
}
