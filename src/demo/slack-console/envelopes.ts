// Builds the payloads Slack would send for a console action: event_callback envelopes (message.im,
// app_mention) and block_actions interactions, shaped like the captures in tests/fixtures/slack.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ConsoleIds, ConsoleMessage, ConsolePerson } from './types.js';

const randomId = (prefix: string) => `${prefix}${randomBytes(6).toString('hex').toUpperCase()}`;

/** The person's Slack handle, as users.info reports it. */
export const handleOf = (person: ConsolePerson): string => person.email.split('@')[0] ?? person.slackUserId;

/** message.im for a DM, app_mention for a channel message that mentions the bot. */
export function eventEnvelope(
  ids: ConsoleIds, person: ConsolePerson, message: ConsoleMessage, parentUserId: string | undefined, nowMs: number,
) {
  const isDm = message.channel.startsWith('D');
  const event = {
    client_msg_id: randomUUID(),
    type: isDm ? 'message' : 'app_mention',
    text: message.text,
    user: person.slackUserId,
    ts: message.ts,
    team: ids.teamId,
    blocks: [richText(message.text)],
    channel: message.channel,
    event_ts: message.ts,
    ...(message.threadTs ? { thread_ts: message.threadTs, parent_user_id: parentUserId } : {}),
    ...(isDm ? { channel_type: 'im' } : {}),
  };
  return {
    token: 'console',
    team_id: ids.teamId,
    api_app_id: ids.appId,
    event,
    type: 'event_callback',
    event_id: randomId('Ev'),
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      { enterprise_id: null, team_id: ids.teamId, user_id: ids.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: randomId('4-'),
  };
}

export type Click = { actionId: string; blockId: string; value?: string; buttonText: string };

/** A block_actions payload for a button click in a message the bot posted. */
export function blockActionsPayload(
  ids: ConsoleIds, person: ConsolePerson, message: ConsoleMessage, click: Click, responseUrl: string, nowMs: number,
) {
  const actionTs = (nowMs / 1000).toFixed(6);
  return {
    type: 'block_actions',
    user: { id: person.slackUserId, username: handleOf(person), name: handleOf(person), team_id: ids.teamId },
    api_app_id: ids.appId,
    token: 'console',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: Boolean(message.ephemeralFor) },
    trigger_id: `${Math.floor(nowMs)}.${randomBytes(4).toString('hex')}`,
    team: { id: ids.teamId, domain: 'console' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel },
    message: {
      bot_id: ids.botId, type: 'message', text: message.text, user: message.user, ts: message.ts,
      app_id: ids.appId, blocks: message.blocks ?? [], team: ids.teamId,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    state: { values: {} },
    response_url: responseUrl,
    actions: [{
      action_id: click.actionId,
      block_id: click.blockId,
      text: { type: 'plain_text', text: click.buttonText, emoji: true },
      ...(click.value === undefined ? {} : { value: click.value }),
      type: 'button',
      action_ts: actionTs,
    }],
  };
}

/** The rich_text block Slack's client attaches: plain text runs and user mentions. */
function richText(text: string) {
  const elements = text.split(/<@([A-Z0-9]+)>/).flatMap((part, index): Array<Record<string, string>> => {
    if (index % 2 === 1) return [{ type: 'user', user_id: part }];
    return part === '' ? [] : [{ type: 'text', text: part }];
  });
  return { type: 'rich_text', block_id: randomBytes(2).toString('hex'), elements: [{ type: 'rich_text_section', elements }] };
}
