// Item 5: pipeline overhead, one DM at a time: signed event in -> reply posted at the fake Slack, with the scripted model and the demo org adding no latency; split into before the model call, the model, and after it (tools, storage, the post).
import type { MastraModelConfig } from '@mastra/core/llm';
import { createCountingModel } from './counting-model.js';
import type { FakeSlack } from './fake-slack.js';
import { ask, startInProcessApp } from './in-process.js';
import { SCENARIOS, slackIdOf } from './people.js';
import { createPoster, newMessage } from './slack-client.js';
import { spread, type Spread } from './stats.js';

export type PipelineFigures = {
  requests: number;
  total: Spread;
  ack: Spread;
  /** Event sent -> the model is called: inbox, claim, reaction, users.info, memory, agent setup. */
  beforeModel: Spread;
  model: Spread;
  /** Model answered -> reply arrived: tool, policy, Okta, audit, pending store, memory save, chat.postMessage. */
  afterModel: Spread;
  perAction: Array<{ action: string; p50: number; p99: number }>;
};

export async function measurePipeline(slack: FakeSlack, options: { warmup: number; requests: number }): Promise<PipelineFigures> {
  const counting = createCountingModel();
  const target = await startInProcessApp(slack.apiUrl, { model: counting.model as unknown as MastraModelConfig });
  const poster = createPoster(target.url, 1);
  try {
    const okta = target.app.demoOkta;
    if (!okta) throw new Error('the bench needs the demo Okta org (OKTA_* must be unset)');
    const samples: Array<{ action: string; total: number; ack: number; before: number; model: number; after: number }> = [];
    for (let i = 0; i < options.warmup + options.requests; i++) {
      const scenario = SCENARIOS[i % SCENARIOS.length]!;
      // The demo org enforces Okta's per-minute rate limit; this item measures the pipeline, not the limit.
      okta.resetCounters();
      const callsBefore = counting.calls.length;
      const run = await ask(target, poster, slack, newMessage(slackIdOf(scenario.requester), scenario.text));
      const calls = counting.calls.slice(callsBefore);
      if (i < options.warmup || calls.length === 0) continue;
      const first = calls[0]!;
      const last = calls.at(-1)!;
      samples.push({
        action: scenario.action,
        total: run.repliedAt - run.sentAt,
        ack: run.ackMs,
        before: first.startedAt - run.sentAt,
        model: calls.reduce((sum, c) => sum + (c.endedAt - c.startedAt), 0),
        after: run.repliedAt - last.endedAt,
      });
    }
    if (samples.length !== options.requests) throw new Error(`pipeline: ${options.requests - samples.length} requests made no model call`);
    return {
      requests: samples.length,
      total: spread(samples.map((s) => s.total)),
      ack: spread(samples.map((s) => s.ack)),
      beforeModel: spread(samples.map((s) => s.before)),
      model: spread(samples.map((s) => s.model)),
      afterModel: spread(samples.map((s) => s.after)),
      perAction: SCENARIOS.map(({ action }) => {
        const { p50, p99 } = spread(samples.filter((s) => s.action === action).map((s) => s.total));
        return { action, p50, p99 };
      }),
    };
  } finally {
    poster.close();
    await target.close();
  }
}
