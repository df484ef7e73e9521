// Answers one claimed inbox event: shows a reaction while working, resolves the requester from the
// verified Slack user (and mentioned people to their verified emails), runs the injected agent
// turn, has the answer presented (cards, private deliveries), posts the reply in the user's thread
// and records each step in the inbox so a restart can tell "answered" from "not yet answered".
import type { IMastraLogger } from '@mastra/core/logger';
import type { PendingActionStore } from '../helpdesk/pending-actions.js';
import type { Requester } from '../mastra/request-context.js';
import { errorNameOf } from './errors.js';
import { mentionedUserIds, replaceMentions } from './events.js';
import type { Inbox, InboxEntry } from './inbox.js';
import { markdownToMrkdwn } from './mrkdwn.js';
import type { AnswerPresenter, ThreadReply } from './present-answer.js';
import { identitySentence, type SlackApi } from './slack-api.js';
import type { HelpdeskAnswer, HelpdeskTurn, Respond } from './types.js';

export const WORKING_REACTION = 'eyes';
/** Most people mentioned in one message that are looked up; further mentions stay unresolved. */
const MAX_MENTIONS = 5;

export const WORDING = {
  sorry: 'Sorry, something went wrong on my side and nothing was changed. Please try again in a minute.',
  emptyMention: 'Hi! Tell me what you need, for example "I forgot my password" or "why can\'t I log in?".',
  noEmail:
    "I can't see an email address on your Slack profile, so I can't match you to a company account and nothing was changed. Please contact IT directly.",
} as const;

export type EventProcessor = {
  /** Runs a claimed (processing) entry to its end state. Throws only on inbox (database) failures. */
  process(entry: InboxEntry): Promise<void>;
  /** Completes an entry whose reply is already in Slack (status replied): never posts again. */
  finish(entry: InboxEntry): Promise<void>;
  /** Best-effort apology for an event given up after repeated crashes. */
  apologize(entry: InboxEntry): Promise<void>;
};

export type EventProcessorDeps = {
  inbox: Inbox;
  slack: SlackApi;
  respond: Respond;
  present: AnswerPresenter;
  /** Records where a confirmation card was posted, so a restart can tell its outcome on the card. */
  pending: Pick<PendingActionStore, 'addCard'>;
  logger: IMastraLogger;
};

export function createEventProcessor(deps: EventProcessorDeps): EventProcessor {
  const { inbox, slack, respond, present, logger } = deps;

  /**
   * posting -> (chat.postMessage, once per message, in order) -> replied with the first message's
   * ts. False when Slack refused the first message; the event is then failed. When a later message
   * is refused, what was posted stays, the rest is not retried (that would repeat the posted part)
   * and the event ends failed with the reason.
   */
  async function post(entry: InboxEntry, { messages, failure }: ThreadReply): Promise<boolean> {
    const { work } = entry;
    await inbox.markPosting(work.eventId);
    let firstTs: string | undefined;
    let partial: string | undefined;
    for (const { text, blocks, confirmationIds = [] } of messages) {
      const result = await slack.postReply({ channel: work.channelId, threadTs: work.threadTs, text, blocks });
      if (!result.ok) {
        if (firstTs === undefined) {
          await inbox.markFailed(work.eventId, `slack_post_failed:${result.error}`);
          return false;
        }
        partial = `slack_post_partial:${result.error}`;
        break;
      }
      firstTs ??= result.ts;
      for (const id of confirmationIds) await deps.pending.addCard(id, { channelId: work.channelId, ts: result.ts });
    }
    await inbox.markReplied(work.eventId, firstTs ?? '', partial ?? failure);
    return true;
  }

  /**
   * The turn's text with each mentioned person's verified workspace email (users.info) in place of
   * `<@U…>`, so the agent names people by email and never guesses who a mention is. A mention that
   * has no usable email (a guest, a bot, Slack unavailable) stays as it is: the tools resolve it to
   * nobody, and nothing is written.
   */
  async function withMentionEmails(text: string): Promise<string> {
    const ids = mentionedUserIds(text).slice(0, MAX_MENTIONS);
    if (ids.length === 0) return text;
    const lookups = await Promise.all(ids.map(async (id) => [id, await slack.lookupEmail(id)] as const));
    return replaceMentions(text, new Map(lookups.flatMap(([id, lookup]) => (lookup.ok ? [[id, lookup.email] as const] : []))));
  }

  async function turnFor(entry: InboxEntry, email: string, text: string): Promise<HelpdeskAnswer> {
    const { work } = entry;
    const requester: Requester = {
      email,
      source: 'slack',
      slackUserId: work.userId,
      teamId: work.teamId,
      channelId: work.channelId,
      threadTs: work.threadTs,
    };
    const turn: HelpdeskTurn = {
      eventId: work.eventId,
      text,
      requester,
      // Memory per (thread, person): a second person in a shared thread gets their own conversation,
      // never the first person's context, and Mastra's thread stays owned by one resource.
      memory: {
        thread: `slack:${work.teamId}:${work.channelId}:${work.threadTs}:${work.userId}`,
        resource: `slack:${work.teamId}:${work.userId}`,
      },
    };
    try {
      return await respond(turn);
    } catch (error) {
      const reason = `respond_error:${errorNameOf(error)}`;
      logger.error('The helpdesk turn failed', { eventId: work.eventId, reason });
      return { text: WORDING.sorry, failure: reason, resetLinkReferences: [], pendingActionIds: [], ownerNotices: [] };
    }
  }

  async function finish(entry: InboxEntry): Promise<void> {
    const current = (await inbox.get(entry.eventId)) ?? entry;
    await slack.removeReaction(current.work.channelId, current.work.ts, WORKING_REACTION);
    if (current.reason) await inbox.markFailed(current.eventId, current.reason);
    else await inbox.markDone(current.eventId);
  }

  return {
    async process(entry) {
      const { work } = entry;
      if (work.text.trim() === '') {
        if (await post(entry, { messages: [{ text: markdownToMrkdwn(WORDING.emptyMention) }] })) await inbox.markDone(work.eventId, 'empty_message');
        return;
      }
      // The 'working' sign and the requester lookup are independent Slack calls: send both at once.
      const [, who, text] = await Promise.all([
        slack.addReaction(work.channelId, work.ts, WORKING_REACTION),
        slack.lookupEmail(work.userId),
        withMentionEmails(work.text),
      ]);
      let posted: boolean;
      if (!who.ok) {
        logger.warn('No usable requester for the Slack user; not running the agent', { eventId: work.eventId, reason: who.reason });
        posted = await post(entry, {
          messages: [{ text: markdownToMrkdwn(identitySentence(who, WORDING.noEmail)) }],
          failure: `no_requester_email:${who.reason}`,
        });
      } else {
        const answer = await turnFor(entry, who.email, text);
        posted = await post(entry, await present(answer, work.eventId));
      }
      if (posted) await finish(entry);
      else await slack.removeReaction(work.channelId, work.ts, WORKING_REACTION);
    },
    finish,
    async apologize(entry) {
      const { work } = entry;
      const result = await slack.postReply({ channel: work.channelId, threadTs: work.threadTs, text: WORDING.sorry });
      if (result.ok) await slack.removeReaction(work.channelId, work.ts, WORKING_REACTION);
    },
  };
}
