// Items 3, 4 and 6: for each supported action, in a fresh app, model calls per request, prompt and answer tokens per model call (o200k) with the gpt-4o-mini cost, and Okta calls at the demo org — cold and with a warm requester cache, plus the confirmation or approval click. A click that sends an Okta Verify push is answered on the demo person's phone as soon as the push arrives, so the figures show what verification adds: its Okta calls and the seconds from click to outcome.
import { performance } from 'node:perf_hooks';
import type { MastraModelConfig } from '@mastra/core/llm';
import type { DemoOktaOrg } from '../src/demo/okta/index.js';
import { createCountingModel } from './counting-model.js';
import type { FakeSlack, Post } from './fake-slack.js';
import { ask, BENCH_SIGNING_SECRET, startInProcessApp, type InProcessApp } from './in-process.js';
import { SCENARIOS, slackIdOf, type Scenario } from './people.js';
import { clickBody, createPoster, newMessage, signed, type Poster } from './slack-client.js';
import { costPerThousand, tokensOf, type CallTokens } from './tokens.js';

const BUTTONS = ['helpdesk_confirm', 'helpdesk_approve'] as const;

export type ActionFigures = {
  action: string;
  text: string;
  selfService: boolean;
  modelCalls: number;
  /** First model call of the warm request. */
  promptTokens: CallTokens;
  tokensPerRequest: { input: number; output: number };
  costPer1000Usd: number;
  okta: { cold: number; warm: number; click?: number };
  /** Model calls made while handling the click (code executes the stored action: expect 0). */
  clickModelCalls?: number;
  /** The card's button that was clicked, if the answer was a card. */
  clicked?: (typeof BUTTONS)[number];
  /** The click waited for an Okta Verify push (tapped at once): the Okta calls it added (factors, push, polls) and click -> outcome seconds. */
  verification?: { oktaCalls: number; seconds: number };
  reply: string;
};

export async function measurePerAction(slack: FakeSlack, progress: (line: string) => void, scenarios: Scenario[] = SCENARIOS): Promise<ActionFigures[]> {
  const figures: ActionFigures[] = [];
  for (const scenario of scenarios) {
    const counting = createCountingModel();
    const target = await startInProcessApp(slack.apiUrl, { model: counting.model as unknown as MastraModelConfig });
    const poster = createPoster(target.url, 2);
    try {
      figures.push(await measureOne(scenario, target, poster, slack, counting.calls));
      progress(`per-action: ${scenario.action} done`);
    } finally {
      poster.close();
      await target.close();
    }
    if (target.logs.error > 0) progress(`per-action: ${scenario.action}: the app logged ${target.logs.error} error(s): ${target.logs.first.join(' | ')}`);
  }
  return figures;
}

async function measureOne(scenario: Scenario, target: InProcessApp, poster: Poster, slack: FakeSlack, calls: ReturnType<typeof createCountingModel>['calls']): Promise<ActionFigures> {
  const okta = target.app.demoOkta;
  if (!okta) throw new Error('the bench needs the demo Okta org (OKTA_* must be unset)');
  const user = slackIdOf(scenario.requester);

  okta.resetCounters();
  await ask(target, poster, slack, newMessage(user, scenario.text));
  const cold = okta.requestCount();

  okta.resetCounters();
  const callsBefore = calls.length;
  const postsBefore = slack.posts.length;
  const warmRun = await ask(target, poster, slack, newMessage(user, scenario.text));
  const warm = okta.requestCount();
  const warmCalls = calls.slice(callsBefore);
  if (warmCalls.length === 0) throw new Error(`no model call for "${scenario.text}"`);
  const tokens = warmCalls.map(tokensOf);
  const reply = slack.posts.slice(postsBefore).find((p) => p.method === 'chat.postMessage' && p.threadTs === warmRun.message.ts);

  const figures: ActionFigures = {
    action: scenario.action,
    text: scenario.text,
    selfService: scenario.selfService,
    modelCalls: warmCalls.length,
    promptTokens: tokens[0]!,
    tokensPerRequest: { input: sum(tokens.map((t) => t.input)), output: sum(tokens.map((t) => t.output)) },
    costPer1000Usd: costPerThousand(tokens),
    okta: { cold, warm },
    reply: reply?.text ?? '',
  };

  const button = findButton(slack.posts.slice(postsBefore), user);
  if (button) {
    okta.resetCounters();
    const clickCallsBefore = calls.length;
    const body = clickBody({ ...button, responseUrl: slack.responseUrl(`click-${warmRun.message.eventId}`) });
    const clickedAt = performance.now();
    const sent = await poster.send(signed(BENCH_SIGNING_SECRET, '/slack/interactions', body, 'application/x-www-form-urlencoded'));
    if (sent.status !== 200) throw new Error(`/slack/interactions answered ${sent.status} for the ${button.actionId} click on "${scenario.text}"`);
    const pushed = await settleClick(target, okta);
    const seconds = (performance.now() - clickedAt) / 1000;
    figures.okta.click = okta.requestCount();
    if (pushed) figures.verification = { oktaCalls: okta.recentRequests().slice(-okta.requestCount()).filter((r) => r.uri.includes('/factors')).length, seconds: Math.round(seconds * 100) / 100 };
    figures.clickModelCalls = calls.length - clickCallsBefore;
    figures.clicked = button.actionId;
  }
  return figures;
}

/**
 * Waits until the click is done; a push that reaches a phone meanwhile (the requester's, or the
 * account owner's) is approved with its number, as the person holding it would at once. True when there was one.
 */
async function settleClick(target: InProcessApp, okta: DemoOktaOrg): Promise<boolean> {
  let done = false;
  let pushed = false;
  const idle = target.app.idle().then(() => (done = true));
  while (!done) {
    for (const push of okta.state.pushes.values()) {
      if (push.result !== 'WAITING' || push.correctAnswer === null) continue;
      okta.phone.answer(push.id, { pick: push.correctAnswer });
      pushed = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await idle;
  return pushed;
}

type Button = { user: string; channel: string; messageTs: string; actionId: (typeof BUTTONS)[number]; blockId: string; value: string };

/** The confirm button of a card in the requester's thread, else the approve button of an approval card (clicked by the approver it was sent to). */
function findButton(posts: Post[], requester: string): Button | undefined {
  const found: Button[] = [];
  for (const post of posts) {
    if (post.method !== 'chat.postMessage' || !post.ts) continue;
    for (const block of post.blocks as Array<{ block_id?: string; elements?: Array<{ type?: string; action_id?: string; value?: string }> }>) {
      for (const element of block.elements ?? []) {
        const actionId = BUTTONS.find((id) => id === element.action_id);
        if (!actionId || element.type !== 'button') continue;
        const clicker = actionId === 'helpdesk_confirm' ? requester : post.channel.replace(/^D/, '');
        found.push({ user: clicker, channel: post.channel, messageTs: post.ts, actionId, blockId: block.block_id ?? '', value: element.value ?? '' });
      }
    }
  }
  return found.find((b) => b.actionId === 'helpdesk_confirm') ?? found[0];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
