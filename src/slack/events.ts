// Parses a verified Events API body and decides what it is: the url_verification handshake, a turn
// the bot must answer (a mention, a human DM), or something ignored with a named reason. Pure.

/** One unit of work for the worker: everything needed to answer, nothing Slack-envelope-specific. */
export type SlackWork = {
  eventId: string;
  teamId: string;
  channelId: string;
  userId: string;
  /**
   * The user's text with the bot's mention removed and Slack markup unwrapped; other people's
   * mentions stay `<@U…>` until the event processor puts their verified emails in (withMentionEmails).
   */
  text: string;
  /** The user's message ts (reactions go on it). */
  ts: string;
  /** The thread to answer in: event.thread_ts ?? event.ts (DMs too). */
  threadTs: string;
  origin: 'app_mention' | 'im';
};

export type IgnoreReason =
  | 'not_an_event_callback'
  | 'missing_event_id'
  | 'own_message'
  | 'bot_message'
  | `subtype:${string}`
  | 'hidden_message'
  | 'channel_message_without_mention'
  | 'assistant_thread_started'
  | `unsupported_event:${string}`
  | 'malformed_event';

export type Classified =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'handled'; work: SlackWork }
  | { kind: 'ignored'; reason: IgnoreReason };

export type ClassifyOptions = {
  /** The bot's own user id when known (auth.test); improves self-detection and mention stripping. */
  botUserId?: string;
};

type Json = Record<string, unknown>;

/**
 * Subtypes that are still a person writing to us: text with a file attached (the file itself is
 * not read) and a thread reply also sent to the channel. Every other subtype is an edit, a
 * deletion, a join or a bot, and is ignored.
 */
const HUMAN_SUBTYPES: ReadonlySet<string> = new Set(['file_share', 'thread_broadcast']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** JSON.parse that only accepts an object (Slack never sends anything else to the events URL). */
export function parseEventBody(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The thread a piece of work belongs to: events of one key are answered strictly in order. */
export function threadKeyOf(work: Pick<SlackWork, 'teamId' | 'channelId' | 'threadTs'>): string {
  return `${work.teamId}:${work.channelId}:${work.threadTs}`;
}

export function classifyEnvelope(body: Json, options: ClassifyOptions = {}): Classified {
  if (body.type === 'url_verification') {
    const challenge = str(body.challenge);
    return challenge ? { kind: 'url_verification', challenge } : { kind: 'ignored', reason: 'malformed_event' };
  }
  if (body.type !== 'event_callback') return { kind: 'ignored', reason: 'not_an_event_callback' };
  const eventId = str(body.event_id);
  if (!eventId) return { kind: 'ignored', reason: 'missing_event_id' };
  const event = body.event;
  if (!isObject(event)) return { kind: 'ignored', reason: 'malformed_event' };

  const type = str(event.type) ?? '';
  if (type === 'assistant_thread_started') return { kind: 'ignored', reason: 'assistant_thread_started' };
  if (type !== 'app_mention' && type !== 'message') return { kind: 'ignored', reason: `unsupported_event:${type}` };

  const appId = str(body.api_app_id);
  const botProfile = isObject(event.bot_profile) ? event.bot_profile : undefined;
  const fromThisApp =
    (appId !== undefined && (event.app_id === appId || botProfile?.app_id === appId)) ||
    (options.botUserId !== undefined && event.user === options.botUserId);
  if (fromThisApp) return { kind: 'ignored', reason: 'own_message' };
  if (str(event.bot_id) || event.subtype === 'bot_message') return { kind: 'ignored', reason: 'bot_message' };
  const subtype = str(event.subtype);
  if (subtype && !HUMAN_SUBTYPES.has(subtype)) return { kind: 'ignored', reason: `subtype:${subtype}` };
  if (event.hidden === true) return { kind: 'ignored', reason: 'hidden_message' };
  if (type === 'message' && event.channel_type !== 'im') return { kind: 'ignored', reason: 'channel_message_without_mention' };

  const teamId = str(body.team_id) ?? str(event.team);
  const channelId = str(event.channel);
  const userId = str(event.user);
  const ts = str(event.ts);
  if (!teamId || !channelId || !userId || !ts || typeof event.text !== 'string') {
    return { kind: 'ignored', reason: 'malformed_event' };
  }
  const botIds = botUserIdsOf(body, options);
  const text =
    type === 'app_mention' ? stripBotMention(event.text, botIds) : removeMentionsOf(event.text, botIds);
  return {
    kind: 'handled',
    work: {
      eventId,
      teamId,
      channelId,
      userId,
      text: unwrapSlackMarkup(text),
      ts,
      threadTs: str(event.thread_ts) ?? ts,
      origin: type === 'app_mention' ? 'app_mention' : 'im',
    },
  };
}

/** Ids that may be this bot: the configured one, else the envelope's bot authorizations. */
function botUserIdsOf(body: Json, options: ClassifyOptions): string[] {
  if (options.botUserId) return [options.botUserId];
  const ids: string[] = [];
  if (Array.isArray(body.authorizations)) {
    for (const auth of body.authorizations) {
      if (isObject(auth) && auth.is_bot === true && typeof auth.user_id === 'string') ids.push(auth.user_id);
    }
  }
  if (Array.isArray(body.authed_users)) ids.push(...body.authed_users.filter((id): id is string => typeof id === 'string'));
  return ids;
}

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * app_mention: the bot's mention is the reason the event exists. Remove every mention of the bot;
 * when the envelope does not say which id is the bot, the first mention is taken to be it.
 */
function stripBotMention(text: string, botIds: string[]): string {
  const mentioned = [...text.matchAll(MENTION)].map((match) => match[1]);
  const bot = mentioned.find((id) => botIds.includes(id)) ?? mentioned[0];
  return bot ? removeMentionsOf(text, [bot]) : text.trim();
}

function removeMentionsOf(text: string, ids: string[]): string {
  return text
    .replace(MENTION, (token, id: string) => (ids.includes(id) ? ' ' : token))
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** The distinct user ids mentioned in a text, in order. */
export function mentionedUserIds(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((match) => match[1] ?? ''))];
}

/** Each mention of a user whose email is known becomes that email; the others stay as they are. */
export function replaceMentions(text: string, emails: ReadonlyMap<string, string>): string {
  return text.replace(MENTION, (token, id: string) => emails.get(id) ?? token);
}

/** Slack markup to plain text for the agent: links, emails, channels and &amp;/&lt;/&gt;. */
export function unwrapSlackMarkup(text: string): string {
  return text
    .replace(/<mailto:([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<mailto:([^|>]+)>/g, '$1')
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_token, url: string, label: string) => (url.endsWith(label) ? url : `${label} (${url})`))
    .replace(/<(https?:[^|>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
