// `npm run bench`: every performance figure side by side in one run on loopback: prints the tables (markdown, for the README) and writes bench/results.json with the machine it ran on. Missed targets are reported, never fatal; a broken harness (failed request, wrong storm count, timeout) exits 1. `npm run bench -- diagnosis` runs only the troubleshooting rows and `npm run bench -- mrkdwn` only the mrkdwn rows (seconds, nothing written); `npm run bench -- ack` only the ack rows of items 1 and 2 (the project's ack @200 while it drains, the floor, the duplicate storm; nothing written; about 5 minutes). The server under load runs as in production: its own process (npm start, or bench/storm-target.ts for the storm), with Okta (the demo org) in another process, reached as a live org.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findProjectRoot } from '../src/config.js';
import { freePort } from '../tests/helpers/net.js';
import { startOktaProcess } from './child.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { measureFloor } from './floor.js';
import { measureMrkdwn, type MrkdwnFigures } from './mrkdwn.js';
import { withLoadClient } from './load-client.js';
import { sendAndDrain, type LoadRun } from './load.js';
import { measurePerAction, type ActionFigures } from './per-action.js';
import { DIAGNOSIS_SCENARIOS, PEOPLE } from './people.js';
import { measurePipeline } from './pipeline.js';
import { startServerProcess } from './server-process.js';
import { round, type Rounds } from './stats.js';
import { measureStorm } from './storm.js';

const ACK_REQUESTS = 2000;
/** Rounds of ACK_REQUESTS at 200 connections, for the project and the floor alike; the median round is reported. */
const ACK_ROUNDS = 3;
/** Sent first on the same connections, at least one per connection, so every measured ack is on an open one. */
const ACK_WARMUP = 200;
const FLOOR_RUN = { rounds: ACK_ROUNDS, requests: ACK_REQUESTS, warmup: ACK_WARMUP, concurrency: 200 };
const SOAK_EVENTS = 12_000;
const STORM = { events: 500, copies: 4, connections: 200 };
const PIPELINE = { warmup: 20, requests: 200 };

const startedAt = performance.now();
const progress = (line: string) => process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${line}\n`);

/** Only the troubleshooting requests: model calls and Okta calls per diagnosis, printed, not written. */
async function diagnosisOnly(): Promise<void> {
  const slack = await startFakeSlack(PEOPLE);
  try {
    progress('items 3, 6: troubleshooting requests (diagnosis)');
    const diagnosis = await measurePerAction(slack, progress, DIAGNOSIS_SCENARIOS);
    process.stdout.write(`${[...table(diagnosisRows(diagnosis)), '', ...perActionTable(diagnosis)].join('\n')}\n`);
  } finally {
    await slack.close();
  }
}

/** Only the ack figures: the project @200 while its worker drains, the floor, and the duplicate storm. */
async function ackOnly(): Promise<void> {
  const root = findProjectRoot();
  const slack = await startFakeSlack(PEOPLE);
  const okta = await startOktaProcess(root, await freePort());
  try {
    progress('item 1: starting the server as npm start does, Okta in its own process');
    const server = await startServerProcess(root, slack.apiUrl, 30_000, okta.url);
    let ack200: LoadRun;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Generous drain deadlines: this part is for comparing acks on a shared, busy machine.
      ack200 = await measureAcks(server.url, slack, 200, ACK_ROUNDS, 900_000);
      progress(`ack @200: p99 ${ack200.ack.p99} ms; drained at ${ack200.eventsPerSecond} events/s`);
    } finally {
      await server.stop();
    }
    const floor = await measureFloor(root, FLOOR_RUN);
    progress(`floor ack @200: p99 ${floor.p99} ms; item 2: duplicate storm`);
    const storm = await measureStorm(root, slack, okta.url, STORM);
    process.stdout.write(`${table(ackRows(ack200, floor, storm)).join('\n')}\n`);
  } finally {
    okta.stop();
    await slack.close();
  }
}

async function main(): Promise<void> {
  const root = findProjectRoot();
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
  const slack = await startFakeSlack(PEOPLE);
  const okta = await startOktaProcess(root, await freePort());
  try {
    progress('item 7: npm start with the embedded demo Okta org (zero credentials)');
    const demo = await startAndIdle(root, slack.apiUrl);
    progress(`ready in ${demo.readyMs} ms, idle RSS ${demo.idleRssMb} MB; item 7: npm start with Okta in its own process, as a live org is`);
    const server = await startServerProcess(root, slack.apiUrl, 30_000, okta.url);
    let soak: Results['server'];
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const idle = server.memory();
      progress(`ready in ${round(server.readyMs, 0)} ms, idle RSS ${idle.rssMb} MB; item 1: ack latency (${ACK_WARMUP} warm-up events first)`);
      const ack50 = await measureAcks(server.url, slack, 50, 1, 180_000);
      let events = ACK_WARMUP + ack50.events;
      const memory = [{ events: 0, rssMb: idle.rssMb }, { events, rssMb: server.memory().rssMb }];
      progress(`ack @50: p99 ${ack50.ack.p99} ms; drained at ${ack50.eventsPerSecond} events/s`);
      const ack200 = await measureAcks(server.url, slack, 200, ACK_ROUNDS, 600_000);
      events += ACK_WARMUP + ack200.events;
      memory.push({ events, rssMb: server.memory().rssMb });
      progress(`ack @200: p99 of the rounds ${ack200.ack.p99s.join(', ')} ms; item 7: the rest of ${SOAK_EVENTS} events`);
      const rest = await withLoadClient(server.url, 50, (client) => sendAndDrain(client, slack, { events: SOAK_EVENTS - events }, 240_000));
      const final = server.memory();
      memory.push({ events: SOAK_EVENTS, rssMb: final.rssMb });
      soak = { memory, ack50, ack200, rest, readyMs: round(server.readyMs, 0), idleRssMb: idle.rssMb, peakRssMb: final.peakMb, demo };
    } finally {
      await server.stop();
    }

    progress('item 1: the floor server (node:http + signature + SQLite insert), same client, 200 connections');
    const floor = await measureFloor(root, FLOOR_RUN);
    progress(`floor ack @200: p99 ${floor.p99} ms`);
    progress('items 3, 4, 6: model calls, tokens and Okta calls per action');
    const actions = await measurePerAction(slack, progress);
    const diagnosis = await measurePerAction(slack, progress, DIAGNOSIS_SCENARIOS);
    progress('item 5: pipeline overhead');
    const pipeline = await measurePipeline(slack, PIPELINE);
    progress('item 2: duplicate storm');
    const storm = await measureStorm(root, slack, okta.url, STORM);
    progress('item 5: mrkdwn conversion of adversarial model output');
    const mrkdwn = measureMrkdwn();

    const durationS = round((performance.now() - startedAt) / 1000, 0);
    const results = { machine, durationS, ack: { at50: soak.ack50, at200: soak.ack200, floorAt200: floor }, storm, actions, diagnosis, pipeline, mrkdwn, server: soak };
    writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${tables(results)}\n`);
    progress(`done in ${durationS} s; wrote bench/results.json`);
  } finally {
    okta.stop();
    await slack.close();
  }
}

/** The warm-up (drained, not measured), then `rounds` of measured acks, on one client's `concurrency` connections. */
async function measureAcks(url: string, slack: FakeSlack, concurrency: number, rounds: number, drainTimeoutMs: number): Promise<LoadRun> {
  return withLoadClient(url, concurrency, async (client) => {
    await sendAndDrain(client, slack, { events: ACK_WARMUP }, drainTimeoutMs);
    return sendAndDrain(client, slack, { rounds, events: ACK_REQUESTS }, drainTimeoutMs);
  });
}

/** npm start with the embedded demo Okta org: its ready time, and its RSS a second after /health first answered 200. */
async function startAndIdle(root: string, slackApiUrl: string): Promise<{ readyMs: number; idleRssMb: number }> {
  const server = await startServerProcess(root, slackApiUrl, 30_000);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { readyMs: round(server.readyMs, 0), idleRssMb: server.memory().rssMb };
  } finally {
    await server.stop();
  }
}

type Results = {
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string; date: string };
  durationS: number;
  ack: { at50: LoadRun; at200: LoadRun; floorAt200: Rounds };
  storm: Awaited<ReturnType<typeof measureStorm>>;
  actions: ActionFigures[];
  diagnosis: ActionFigures[];
  pipeline: Awaited<ReturnType<typeof measurePipeline>>;
  mrkdwn: MrkdwnFigures;
  server: {
    memory: Array<{ events: number; rssMb: number }>;
    ack50: LoadRun;
    ack200: LoadRun;
    rest: LoadRun;
    readyMs: number;
    idleRssMb: number;
    peakRssMb: number;
    /** The same start with the embedded demo Okta org, as the README's first command runs it. */
    demo: { readyMs: number; idleRssMb: number };
  };
};

const mark = (ok: boolean) => (ok ? '✓' : '✗');
const usd = (value: number) => `$${value.toFixed(3)}`;

/** Okta calls for the whole self-service request: the message, plus the confirmation click when there is one (Okta Verify's own calls apart: item 11). */
const oktaTotal = (a: ActionFigures) => a.okta.warm + (a.clicked === 'helpdesk_confirm' ? (a.okta.click ?? 0) - (a.verification?.oktaCalls ?? 0) : 0);

function tables(r: Results): string {
  const { ack, storm, actions, diagnosis, pipeline, mrkdwn, server } = r;
  const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const selfService = actions.filter((a) => a.selfService);
  const worstOkta = selfService.reduce((worst, a) => (oktaTotal(a) > oktaTotal(worst) ? a : worst));
  const memoryAt = (events: number) => server.memory.find((m) => m.events === events)?.rssMb ?? Number.NaN;
  const settled = server.memory.at(-2)!;
  const growth = (memoryAt(SOAK_EVENTS) - settled.rssMb) / settled.rssMb;
  const rows: Row[] = [
    ['1. /slack/events ack @50 connections (p50 / p99 / max)', ms3(ack.at50.ack), '', ''],
    ...ackRows(ack.at200, ack.floorAt200, storm),
    ['3. model calls per single-action request', range(actions.map((a) => a.modelCalls)), '1', mark(actions.every((a) => a.modelCalls === 1))],
    ['3. model calls per confirmation / approval click', range(actions.filter((a) => a.clicked).map((a) => a.clickModelCalls ?? 0)), '0', mark(actions.every((a) => !a.clicked || a.clickModelCalls === 0))],
    ...diagnosisRows(diagnosis),
    ['4. prompt tokens per model call (o200k, avg; instructions + tools + message)', `${Math.round(avg(actions.map((a) => a.promptTokens.input)))} (${Math.round(avg(actions.map((a) => a.promptTokens.instructions)))} + ${Math.round(avg(actions.map((a) => a.promptTokens.tools)))} + ${Math.round(avg(actions.map((a) => a.promptTokens.messages)))})`, '', ''],
    ['4. gpt-4o-mini cost per 1,000 requests (avg)', usd(avg(actions.map((a) => a.costPer1000Usd))), '', ''],
    ['5. pipeline overhead, event in -> reply posted (p50 / p99)', `${pipeline.total.p50} / ${pipeline.total.p99} ms`, 'p50 < 25 ms', mark(pipeline.total.p50 < 25)],
    ['5. of which before the model call / after it (p50)', `${pipeline.beforeModel.p50} / ${pipeline.afterModel.p50} ms`, '', ''],
    ...mrkdwnRows(mrkdwn),
    ['6. Okta calls, self-service request incl. confirm click, warm cache, without Okta Verify (max)', `${oktaTotal(worstOkta)} (${worstOkta.action})`, '<= 3', mark(oktaTotal(worstOkta) <= 3)],
    ...verificationRows([...actions, ...diagnosis]),
    ['7. `npm start` (build + node dist/main.js) -> /health 200', `${(server.readyMs / 1000).toFixed(2)} s`, '< 5 s', mark(server.readyMs < 5000)],
    ['7. idle RSS after start', `${server.idleRssMb} MB`, '< 300 MB', mark(server.idleRssMb < 300)],
    ['7. the same with the embedded demo Okta org (zero credentials): ready / idle RSS', `${(server.demo.readyMs / 1000).toFixed(2)} s / ${server.demo.idleRssMb} MB`, '', ''],
    [`7. RSS after ${SOAK_EVENTS.toLocaleString('en-US')} processed events (peak)`, `${memoryAt(SOAK_EVENTS)} MB (${server.peakRssMb} MB)`, `< 10% over ${settled.events.toLocaleString('en-US')} events (${settled.rssMb} MB)`, mark(growth < 0.1)],
    ['7. worker throughput (events answered per second)', `${server.rest.eventsPerSecond}`, '', ''],
  ];
  const m = r.machine;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.platform}, Node ${m.node}; ${m.date}; bench run ${r.durationS} s.`,
    '',
    ...table(rows),
    '',
    ...perActionTable([...actions, ...diagnosis]),
  ].join('\n');
}

type Row = [string, string, string, string];

/**
 * Goal: acks within 1.5x of the floor while turns run, and storm acks well inside Slack's 3 s. Both
 * servers are measured on connections the warm-up opened: a burst of 200 new connections at once
 * made the slowest requests of either server those that waited to connect, so the ratio moved with
 * how that burst went rather than with the servers. Slack's own traffic comes on kept-alive connections.
 * A run of 2,000 lasts about half a second, and one stall of the shared machine in it (a few
 * hundred requests in flight wait together) decides its p99: each server runs three rounds and
 * the round with the median p99 is compared, every round's p99 printed beside it.
 */
function ackRows(at200: LoadRun, floor: Rounds, storm: Results['storm']): Row[] {
  return [
    [`1. /slack/events ack @200 connections (p50 / p99 / max; median of ${ACK_ROUNDS} rounds of ${ACK_REQUESTS.toLocaleString('en-US')})`, rounds3(at200.ack), 'p99 < 20 ms', mark(at200.ack.p99 < 20)],
    ['1. floor server ack @200 (node:http + signature + SQLite insert, no worker), the same rounds', rounds3(floor), '', ''],
    ['1. project ack p99 @200 while the worker drains, as a multiple of the floor', `${(at200.ack.p99 / floor.p99).toFixed(2)}x`, '<= 1.5x', mark(at200.ack.p99 <= 1.5 * floor.p99)],
    ['2. duplicate storm: 500 events x 4 deliveries -> processed', `${storm.processed} (${storm.replies} replies, ${storm.modelCalls} model calls)`, 'exactly 500', mark(storm.processed === 500)],
    ['2. duplicate storm: time to drain the inbox', `${(storm.drainMs / 1000).toFixed(1)} s (event-loop delay p99 ${storm.loopDelay.p99} ms)`, '', ''],
    ['2. duplicate storm: ack p99', `${storm.ack.p99} ms`, '< 1 s', mark(storm.ack.p99 < 1000)],
  ];
}

/** Goal 1 holds when the diagnosis ends the turn: its summary is code-written, so one model call. */
function diagnosisRows(diagnosis: ActionFigures[]): Row[] {
  const most = diagnosis.reduce((worst, a) => (a.okta.warm > worst.okta.warm ? a : worst));
  return [
    ['3. model calls per troubleshooting request (diagnosis)', range(diagnosis.map((a) => a.modelCalls)), '1', mark(diagnosis.every((a) => a.modelCalls === 1))],
    ['6. Okta calls per diagnosis, warm cache (incl. the fix card)', `${range(diagnosis.map((a) => a.okta.warm))} (most: ${most.action})`, '', ''],
  ];
}

/** Issue 11: what an Okta Verify push adds to a confirmed action when the phone is answered at once (the person's own time is extra). */
function verificationRows(figures: ActionFigures[]): Row[] {
  const verified = figures.filter((a) => a.verification);
  if (verified.length === 0) return [];
  const list = (f: (a: ActionFigures) => string) => verified.map((a) => `${f(a)} (${a.action})`).join('; ');
  return [
    ['11. Okta calls Okta Verify adds to a confirmation click (factors, push, polls)', list((a) => `+${a.verification!.oktaCalls}`), '', ''],
    ['11. click -> outcome with the push tapped at once (the desk polls every 2 s)', list((a) => `${a.verification!.seconds} s`), '', ''],
  ];
}

/** Linear time: doubling the input about doubles the time (quadratic would be 4x). */
function mrkdwnRows(m: MrkdwnFigures): Row[] {
  return [
    [`5. mrkdwn of ${m.size.toLocaleString('en-US')} characters of adversarial markdown, slowest input`, `${m.worstMs} ms (${m.worstInput})`, '', ''],
    ['5. the same at twice the size, largest time ratio', `${m.worstGrowth}x`, '< 3x (linear)', mark(m.worstGrowth < 3)],
  ];
}

function table(rows: Row[]): string[] {
  return ['| Measure | Result | Target | |', '|---|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function perActionTable(actions: ActionFigures[]): string[] {
  return [
    '| Action (requester) | Model calls | Prompt tokens (1st call) | Output tokens | $ / 1,000 | Okta: cold / warm / click |',
    '|---|---|---|---|---|---|',
    ...actions.map((a) =>
      `| ${a.action}${a.selfService ? '' : ' (help desk)'} | ${a.modelCalls}${a.clicked ? ` + ${a.clickModelCalls} on ${a.clicked.replace('helpdesk_', '')}` : ''} | ${a.promptTokens.input} | ${a.tokensPerRequest.output} | ${usd(a.costPer1000Usd)} | ${a.okta.cold} / ${a.okta.warm} / ${a.okta.click ?? '-'}${a.verification ? ' (with Okta Verify)' : ''} |`,
    ),
  ];
}

const ms3 = (s: { p50: number; p99: number; max: number }) => `${s.p50} / ${s.p99} / ${s.max} ms`;
const rounds3 = (r: Rounds) => (r.p99s.length === 1 ? ms3(r) : `${ms3(r)} (p99 of each round: ${r.p99s.join(', ')} ms)`);
const range = (values: number[]) => (Math.min(...values) === Math.max(...values) ? `${values[0]}` : `${Math.min(...values)}-${Math.max(...values)}`);

const only: Record<string, () => Promise<void>> = {
  diagnosis: diagnosisOnly,
  mrkdwn: async () => void process.stdout.write(`${table(mrkdwnRows(measureMrkdwn())).join('\n')}\n`),
  ack: ackOnly,
};
(only[process.argv[2] ?? ''] ?? main)().catch((error: unknown) => {
  progress(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
