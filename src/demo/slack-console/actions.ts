// What the console page can do: send a message as a demo person, click a Block Kit button, and
// receive the bot's response_url answers. Events and interactions go signed to the real routes.
import { randomUUID } from 'node:crypto';
import { postSigned } from './deliver.js';
import { blockActionsPayload, eventEnvelope } from './envelopes.js';
import { blocksOf, text, type ApiArgs } from './request-args.js';
import type { ConsoleState } from './state.js';
import type { ConsoleIds, ConsolePerson } from './types.js';
import { dmChannelOf } from './web-api.js';

export type ActionResult = { status: 200 | 400 | 404 | 502; body: { ok: boolean; [key: string]: unknown } };

export type SendInput = { personId?: unknown; channel?: unknown; text?: unknown; threadTs?: unknown };
export type ClickInput = { personId?: unknown; channel?: unknown; messageTs?: unknown; actionId?: unknown; blockId?: unknown };

export type ActionDeps = {
  state: ConsoleState; ids: ConsoleIds; people: ConsolePerson[]; signingSecret: string; serverUrl: () => string; now: () => number;
};

type ButtonElement = { type: 'button'; action_id: string; value?: string; text?: { text?: string } };
type Block = { type?: string; block_id?: string; accessory?: ButtonElement; elements?: ButtonElement[] };

const bad = (status: 400 | 404, error: string): ActionResult => ({ status, body: { ok: false, error } });
const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** "@Helpdesk" typed in the page becomes Slack's mention token for the bot user. */
const MENTION_WORD = /@helpdesk\b/gi;

/** Slack escapes &, < and > in what people type; only its own tokens use < and >. */
const slackEscape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function createConsoleActions({ state, ids, people, signingSecret, serverUrl, now }: ActionDeps) {
  const responseTargets = new Map<string, { channel: string; messageTs: string; userId: string }>();
  const person = (id: unknown) => people.find((p) => p.slackUserId === id);

  async function send(input: SendInput): Promise<ActionResult> {
    const sender = person(input.personId);
    if (!sender) return bad(400, 'unknown_person');
    if (input.channel !== 'dm' && input.channel !== 'it-help') return bad(400, 'unknown_channel');
    const messageText = slackEscape(str(input.text).trim()).replace(MENTION_WORD, `<@${ids.botUserId}>`);
    if (messageText === '') return bad(400, 'no_text');
    const channel = input.channel === 'dm' ? dmChannelOf(sender.slackUserId) : ids.itHelpChannelId;
    const threadTs = str(input.threadTs) || undefined;
    const parent = threadTs ? state.find(channel, threadTs) : undefined;
    if (threadTs && !parent) return bad(404, 'thread_not_found');

    const message = state.add({ channel, threadTs, user: sender.slackUserId, text: messageText, fromBot: false });
    // In a channel the bot only hears messages that mention it (app_mention), as in Slack.
    if (input.channel === 'it-help' && !messageText.includes(`<@${ids.botUserId}>`)) {
      return { status: 200, body: { ok: true, ts: message.ts, delivered: false } };
    }
    const envelope = eventEnvelope(ids, sender, message, parent?.user, now());
    const delivery = await postSigned({
      url: `${serverUrl()}/slack/events`, signingSecret, body: JSON.stringify(envelope), contentType: 'application/json', nowMs: now(),
    });
    return delivery.ok
      ? { status: 200, body: { ok: true, ts: message.ts, delivered: true } }
      : { status: 502, body: { ok: false, ts: message.ts, error: delivery.error } };
  }

  async function click(input: ClickInput): Promise<ActionResult> {
    const clicker = person(input.personId);
    if (!clicker) return bad(400, 'unknown_person');
    const message = state.find(str(input.channel), str(input.messageTs));
    if (!message || message.deleted) return bad(404, 'message_not_found');
    const block = ((message.blocks ?? []) as Block[]).find((b) => b.block_id === input.blockId);
    const button = [block?.accessory, ...(block?.elements ?? [])].find((e) => e?.type === 'button' && e.action_id === input.actionId);
    if (!button) return bad(404, 'button_not_found');

    const responseId = randomUUID();
    responseTargets.set(responseId, { channel: message.channel, messageTs: message.ts, userId: clicker.slackUserId });
    const payload = blockActionsPayload(ids, clicker, message, {
      actionId: button.action_id, blockId: str(input.blockId), value: button.value, buttonText: button.text?.text ?? '',
    }, `${serverUrl()}/console/response/${responseId}`, now());
    const delivery = await postSigned({
      url: `${serverUrl()}/slack/interactions`, signingSecret, nowMs: now(),
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
    return delivery.ok ? { status: 200, body: { ok: true } } : { status: 502, body: { ok: false, error: delivery.error } };
  }

  /** A response_url answer: replace or delete the clicked message, or post (ephemeral unless in_channel). */
  function respond(responseId: string, args: ApiArgs): ActionResult {
    const target = responseTargets.get(responseId);
    const original = target && state.find(target.channel, target.messageTs);
    if (!target || !original) return bad(404, 'expired_url');
    const blocks = blocksOf(args);
    if (isTrue(args.delete_original)) state.change(original, { deleted: true });
    else if (isTrue(args.replace_original)) state.change(original, { text: text(args, 'text') ?? '', blocks });
    else {
      state.add({
        channel: target.channel, threadTs: text(args, 'thread_ts') ?? original.threadTs, user: ids.botUserId,
        text: text(args, 'text') ?? '', blocks, fromBot: true,
        ephemeralFor: args.response_type === 'in_channel' ? undefined : target.userId,
      });
    }
    return { status: 200, body: { ok: true } };
  }

  return { send, click, respond };
}

const isTrue = (value: unknown) => value === true || value === 'true';
