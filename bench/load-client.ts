// The load client of the ack and storm runs, in a Node process of its own (as wrk would be): the
// bench's own process also plays Slack's Web API for the app's replies, and work there must not
// delay the client's timing of acks. startLoadClient() forks this file; the forked process keeps
// one keep-alive connection pool to the server under test, sends what it is given at the pool's
// concurrency, and answers with each request's status and latency.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPoster, sendAll, type Poster, type Sent, type SignedRequest } from './slack-client.js';

type ToClient = { type: 'send'; requests: SignedRequest[] } | { type: 'close' };
type FromClient = { type: 'ready' } | { type: 'sent'; sent: Sent[] } | { type: 'failed'; message: string };

export type LoadClient = {
  /** Every request at the client's concurrency over its open connections; fails on any non-200. */
  send(requests: readonly SignedRequest[]): Promise<Sent[]>;
  close(): Promise<void>;
};

/** A client process with at most `concurrency` keep-alive connections to `url`. */
export async function startLoadClient(url: string, concurrency: number): Promise<LoadClient> {
  const child = fork(fileURLToPath(import.meta.url), [url, String(concurrency)], { execArgv: ['--import', 'tsx'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = () =>
    new Promise<FromClient>((resolve, reject) => {
      const onExit = () => reject(new Error('the load client exited'));
      child.once('exit', onExit);
      child.once('message', (message: FromClient) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  const send = (message: ToClient) => child.send(message);
  await next();
  return {
    async send(requests) {
      const answer = next();
      send({ type: 'send', requests: [...requests] });
      const message = await answer;
      if (message.type === 'failed') throw new Error(message.message);
      if (message.type !== 'sent') throw new Error(`the load client answered ${message.type}`);
      return message.sent;
    },
    async close() {
      if (child.exitCode === null) send({ type: 'close' });
      await exited;
    },
  };
}

/** Runs `use` with a client process, which is closed afterwards whatever happens. */
export async function withLoadClient<T>(url: string, concurrency: number, use: (client: LoadClient) => Promise<T>): Promise<T> {
  const client = await startLoadClient(url, concurrency);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

function serve(url: string, concurrency: number): void {
  const poster: Poster = createPoster(url, concurrency);
  const reply = (message: FromClient) => process.send!(message);
  process.on('message', (message: ToClient) => {
    if (message.type === 'close') {
      poster.close();
      process.disconnect();
      return;
    }
    sendAll(poster, message.requests, concurrency).then(
      (sent) => reply({ type: 'sent', sent }),
      (error: unknown) => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
  reply({ type: 'ready' });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) serve(process.argv[2]!, Number(process.argv[3]));
