// The duplicate storm's server, in a process of its own so the load client does not share its event
// loop (as with the floor server): the real app (createHelpdeskApp + serveHelpdesk, Slack turns in the
// worker thread as under npm start) with the counting turn model, Okta at the URL given (the demo org
// in its own process). Forked by bench/storm.ts; over IPC it says `ready` with its URL once the turn
// thread takes work, answers `idle` with the model calls so far and its HTTP thread's event-loop
// delay since `begin`, and exits on `stop`.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TURN_MODEL_MODULE, turnModelProbe } from '../tests/helpers/turn-model.js';
import { startInProcessApp } from './in-process.js';
import { round } from './stats.js';

export type ToStormTarget = { type: 'begin' } | { type: 'idle' } | { type: 'stop' };
export type FromStormTarget = { type: 'ready'; url: string } | { type: 'idle'; modelCalls: number; loopDelay: { p99: number; max: number } };

const [slackApiUrl, oktaUrl] = process.argv.slice(2);
if (!slackApiUrl || !oktaUrl || !process.send) throw new Error('usage: forked with <slack api url> <okta url>');
const send = (message: FromStormTarget) => process.send!(message);

const counting = turnModelProbe();
const target = await startInProcessApp(slackApiUrl, { turnThread: { module: TURN_MODEL_MODULE, data: counting.data } }, oktaUrl);
const loop = monitorEventLoopDelay({ resolution: 5 });
process.on('message', (message: ToStormTarget) => {
  if (message.type === 'begin') {
    loop.reset();
    loop.enable();
  } else if (message.type === 'idle') {
    void target.app.idle().then(() => {
      loop.disable();
      send({ type: 'idle', modelCalls: counting.calls(), loopDelay: { p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) } });
    });
  } else {
    void target.close().then(() => process.exit(0));
  }
});
send({ type: 'ready', url: target.url });
