// The Slack Web API methods the product calls, answered from the console's memory in Slack's shapes.
import { randomBytes } from 'node:crypto';
import { blocksOf, text, type ApiArgs } from './request-args.js';
import type { ConsoleState } from './state.js';
import type { ConsoleIds, ConsoleMessage, ConsolePerson } from './types.js';

export type ApiAnswer = { ok: boolean; [key: string]: unknown };
type Method = (args: ApiArgs) => ApiAnswer;

export type WebApiDeps = { state: ConsoleState; ids: ConsoleIds; people: ConsolePerson[] };

const fail = (error: string): ApiAnswer => ({ ok: false, error });

/**
 * Slack's documented limits for one message, stated here on their own (not imported from the
 * product) so that a product that oversteps them fails here the way it would fail in Slack.
 */
const LIMITS = { blocks: 50, sectionText: 3000, contextElements: 10, text: 40_000 } as const;

/** Slack's error for a message it would refuse for its size or shape, or undefined when it fits. */
function messageError(messageText: string, blocks: unknown[] | undefined): string | undefined {
  if (messageText.length > LIMITS.text) return 'msg_too_long';
  if (!blocks) return undefined;
  if (blocks.length > LIMITS.blocks) return 'invalid_blocks';
  const textFits = (text: unknown) => typeof text === 'object' && text !== null && 'text' in text && typeof text.text === 'string' && text.text.length <= LIMITS.sectionText;
  const fits = (block: unknown) => {
    if (typeof block !== 'object' || block === null || !('type' in block)) return false;
    if (block.type === 'context') {
      const elements: unknown = 'elements' in block ? block.elements : undefined;
      return Array.isArray(elements) && elements.length <= LIMITS.contextElements && elements.every((element) => textFits(element) || (typeof element === 'object' && element !== null && 'type' in element && element.type === 'image'));
    }
    if (block.type !== 'section' || !('text' in block)) return true;
    return textFits(block.text);
  };
  return blocks.every(fits) ? undefined : 'invalid_blocks';
}

/** Slack's DM channel for a user in this console: stable, 'D' + user id. */
export const dmChannelOf = (userId: string): string => `D${userId}`;

export function createWebApi({ state, ids, people }: WebApiDeps): (method: string, args: ApiArgs) => ApiAnswer {
  const person = (id: string | undefined) => people.find((p) => p.slackUserId === id);
  // Posting to a user id lands in the DM with that user, as in Slack.
  const channelOf = (args: ApiArgs) => {
    const channel = text(args, 'channel');
    return channel && person(channel) ? dmChannelOf(channel) : channel;
  };
  // The console's workspace has one channel (#it-help) and a DM with each person; nothing else exists.
  const channelExists = (channel: string) => channel === ids.itHelpChannelId || people.some((p) => dmChannelOf(p.slackUserId) === channel);
  const messageJson = (m: ConsoleMessage) => ({
    type: 'message', user: m.user, bot_id: ids.botId, app_id: ids.appId, team: ids.teamId,
    text: m.text, blocks: m.blocks, ts: m.ts, ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
  });

  function post(args: ApiArgs, ephemeralFor?: string): ConsoleMessage | string {
    const channel = channelOf(args);
    if (!channel || !channelExists(channel)) return 'channel_not_found';
    const blocks = withBlockIds(blocksOf(args));
    const messageText = text(args, 'text') ?? '';
    if (messageText === '' && !blocks) return 'no_text';
    const refused = messageError(messageText, blocks);
    if (refused) return refused;
    const threadTs = text(args, 'thread_ts');
    return state.add({ channel, threadTs, user: ids.botUserId, text: messageText, blocks, ephemeralFor, fromBot: true });
  }

  function react(args: ApiArgs, adding: boolean): ApiAnswer {
    const name = text(args, 'name');
    const message = state.find(channelOf(args) ?? '', text(args, 'timestamp') ?? '');
    if (!name) return fail('invalid_name');
    if (!message) return fail('message_not_found');
    const others = message.reactions.filter((r) => r.name !== name);
    const users = message.reactions.find((r) => r.name === name)?.users ?? [];
    const mine = users.includes(ids.botUserId);
    if (adding === mine) return fail(adding ? 'already_reacted' : 'no_reaction');
    const nextUsers = adding ? [...users, ids.botUserId] : users.filter((u) => u !== ids.botUserId);
    state.change(message, { reactions: nextUsers.length ? [...others, { name, users: nextUsers }] : others });
    return { ok: true };
  }

  const methods: Record<string, Method> = {
    'auth.test': () => ({
      ok: true, url: 'http://console.local/', team: 'Local Slack console', user: 'helpdesk',
      team_id: ids.teamId, user_id: ids.botUserId, bot_id: ids.botId, is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => {
      const posted = post(args);
      if (typeof posted === 'string') return fail(posted);
      return { ok: true, channel: posted.channel, ts: posted.ts, message: messageJson(posted) };
    },
    'chat.postEphemeral': (args) => {
      const user = text(args, 'user');
      if (!person(user)) return fail('user_not_in_channel');
      const posted = post(args, user);
      return typeof posted === 'string' ? fail(posted) : { ok: true, message_ts: posted.ts };
    },
    'chat.update': (args) => {
      const channel = channelOf(args) ?? '';
      if (!channelExists(channel)) return fail('channel_not_found');
      const message = state.find(channel, text(args, 'ts') ?? '');
      if (!message || message.deleted) return fail('message_not_found');
      if (!message.fromBot) return fail('cant_update_message');
      const refused = messageError(text(args, 'text') ?? '', blocksOf(args));
      if (refused) return fail(refused);
      state.change(message, { text: text(args, 'text') ?? message.text, blocks: withBlockIds(blocksOf(args)) ?? message.blocks });
      return { ok: true, channel: message.channel, ts: message.ts, text: message.text, message: messageJson(message) };
    },
    'users.info': (args) => {
      const found = person(text(args, 'user'));
      return found ? { ok: true, user: userJson(found, ids.teamId) } : fail('user_not_found');
    },
    'users.lookupByEmail': (args) => {
      const email = text(args, 'email')?.toLowerCase();
      const found = people.find((p) => p.email.toLowerCase() === email);
      return found ? { ok: true, user: userJson(found, ids.teamId) } : fail('users_not_found');
    },
    'conversations.open': (args) => {
      const users = (text(args, 'users') ?? '').split(',').filter(Boolean);
      if (users.length !== 1) return fail(users.length ? 'not_implemented' : 'users_list_not_supplied');
      if (!person(users[0])) return fail('user_not_found');
      return { ok: true, channel: { id: dmChannelOf(users[0]) } };
    },
    'reactions.add': (args) => react(args, true),
    'reactions.remove': (args) => react(args, false),
  };

  return (method, args) => (Object.hasOwn(methods, method) ? methods[method]!(args) : fail('unknown_method'));
}

/** Slack gives every block without a block_id a random one; clicks then name it. */
function withBlockIds(blocks: unknown[] | undefined): unknown[] | undefined {
  return blocks?.map((block) => {
    if (typeof block !== 'object' || block === null || 'block_id' in block) return block;
    return { ...block, block_id: randomBytes(3).toString('base64url') };
  });
}

function userJson(person: ConsolePerson, teamId: string) {
  const handle = person.email.split('@')[0] ?? person.slackUserId;
  return {
    id: person.slackUserId, team_id: teamId, name: handle, deleted: false, real_name: person.name,
    tz: 'America/Los_Angeles', tz_label: 'Pacific Standard Time', tz_offset: -28800, is_bot: false, is_app_user: false,
    is_admin: false, is_owner: false, is_restricted: false, is_ultra_restricted: false,
    profile: {
      real_name: person.name, real_name_normalized: person.name, display_name: handle, display_name_normalized: handle,
      email: person.email, title: person.title ?? '', team: teamId,
    },
  };
}
