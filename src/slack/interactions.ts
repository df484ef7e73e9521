// Parses a verified interactivity request (a form body whose one `payload` field is JSON, or the
// payload itself from Socket Mode) and picks out a click on one of our card buttons; everything
// else is ignored with a named reason. Pure.
import { choiceOf, type ClickChoice } from './cards.js';
import type { EnvelopeOrigin } from './workspace.js';

/** A click on a confirmation or approval card, as Slack signed it. */
export type CardClick = {
  pendingId: string;
  choice: ClickChoice;
  /** The clicker: payload.user.id, trustworthy because the request's signature was checked. */
  userId: string;
  /** Where the card is (container.channel_id / message_ts): the message to update. */
  channelId: string;
  messageTs: string;
  /** The card's current blocks, so a message holding several cards keeps the others. */
  messageBlocks?: unknown[];
};

export type ParsedInteraction =
  | { kind: 'click'; click: CardClick; origin: EnvelopeOrigin }
  | { kind: 'ignored'; reason: `type:${string}` | 'not_our_action' | 'incomplete_click' }
  | { kind: 'malformed' };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const objectAt = (value: Json, key: string): Json => (isObject(value[key]) ? value[key] : {});

export function parseInteraction(rawBody: string): ParsedInteraction {
  const payloadText = new URLSearchParams(rawBody).get('payload');
  if (payloadText === null) return { kind: 'malformed' };
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    return { kind: 'malformed' };
  }
  return classifyInteraction(payload);
}

/** The decoded interactivity payload (Socket Mode delivers it already parsed): our click or an ignore. */
export function classifyInteraction(payload: unknown): ParsedInteraction {
  if (!isObject(payload)) return { kind: 'malformed' };
  if (payload.type !== 'block_actions') return { kind: 'ignored', reason: `type:${String(payload.type).slice(0, 40)}` };

  const actions = Array.isArray(payload.actions) ? payload.actions.filter(isObject) : [];
  const action = actions.find((candidate) => choiceOf(str(candidate.action_id) ?? '') !== undefined);
  const choice = action && choiceOf(str(action.action_id) ?? '');
  if (!action || !choice) return { kind: 'ignored', reason: 'not_our_action' };

  const container = objectAt(payload, 'container');
  const message = objectAt(payload, 'message');
  const userId = str(objectAt(payload, 'user').id);
  const pendingId = str(action.value);
  const channelId = str(container.channel_id) ?? str(objectAt(payload, 'channel').id);
  const messageTs = str(container.message_ts) ?? str(message.ts);
  if (!userId || !pendingId || !/^[\w-]{1,100}$/.test(pendingId) || !channelId || !messageTs) return { kind: 'ignored', reason: 'incomplete_click' };
  return {
    kind: 'click',
    origin: { teamId: str(objectAt(payload, 'team').id), enterpriseId: str(objectAt(payload, 'enterprise').id), appId: str(payload.api_app_id) },
    click: { pendingId, choice, userId, channelId, messageTs, ...(Array.isArray(message.blocks) ? { messageBlocks: message.blocks } : {}) },
  };
}
