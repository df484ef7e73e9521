// Private deliveries: a password reset link goes only to its owner, by DM (users.lookupByEmail ->
// conversations.open -> chat.postMessage), saying who asked when it was someone else; an owner is
// told by DM when someone else changed their account; an approval card goes to the approvals
// channel or, without one, to each approver by DM. A link is never returned, logged or put in an error.
import type { IMastraLogger } from '@mastra/core/logger';
import type { Desk, OwnerNotice } from '../helpdesk/desk.js';
import type { CardLocation, PendingAction, PendingActionStore } from '../helpdesk/pending-actions.js';
import type { ResetLinkVault } from '../helpdesk/reset-link-vault.js';
import { approvalCard } from './cards.js';
import { escapeText, escapeUrl } from './mrkdwn.js';
import { errorNameOf } from './errors.js';
import type { SlackApi } from './slack-api.js';

/** Plain text (escape before putting it in mrkdwn), except the DM itself, which is mrkdwn. */
export const DELIVERY_WORDING = {
  resetLinkMessage: (url: string, requestedBy?: string) =>
    (requestedBy ? `${escapeText(requestedBy)} asked the IT help desk to send you a password reset link. If you did not expect it, do not use it and tell IT. ` : '') +
    `Here is your one-time Okta password reset link: <${escapeUrl(url)}|Reset my password>. It works once. Nobody from IT will ever ask you for it.`,
  ownerUnreachable: (email: string) => `I couldn't reach ${email} in Slack, so the link was not sent; nothing else was shared.`,
  linkExpired: 'The reset link expired before I could send it, so it was not sent; please ask again.',
} as const;

export type LinkDelivery = { delivered: true } | { delivered: false; notice: string; reason: 'reset_link_expired' | 'reset_link_undelivered' };

export type Delivery = {
  /**
   * Takes the link from the vault (the only place that does) and DMs it to its owner; when that is
   * impossible the link is dropped and `notice` (plain text, no link) says so.
   */
  resetLink(reference: string): Promise<LinkDelivery>;
  /** Sends the approval card; `reached` counts the channel (1) or the approvers who got a DM. */
  approvalRequest(pending: PendingAction): Promise<{ reached: number }>;
  /** Tells an account's owner by DM that someone else changed their account. Never throws; false when it could not. */
  ownerNotice(notice: OwnerNotice): Promise<boolean>;
  /** A plain-text DM to this Slack user (the Okta Verify number for the requester). Never throws; false when it could not. */
  privateNote(slackUserId: string, text: string): Promise<boolean>;
};

export type DeliveryDeps = {
  slack: Pick<SlackApi, 'findUserByEmail' | 'openDirectMessage' | 'postMessage'>;
  resetLinks: Pick<ResetLinkVault, 'take'>;
  desk: Pick<Desk, 'approverEmails'>;
  /** Remembers where each approval card went, so a decision can update every copy. */
  pending: Pick<PendingActionStore, 'addCard'>;
  logger: IMastraLogger;
  approvalsChannel?: string;
};

export function createDelivery(deps: DeliveryDeps): Delivery {
  const { slack, logger } = deps;

  /** lookupByEmail -> conversations.open -> chat.postMessage; the failing step's reason otherwise. */
  async function directMessage(
    email: string,
    message: { text: string; blocks?: unknown[] },
  ): Promise<{ ok: true; posted: CardLocation } | { ok: false; reason: string }> {
    const person = await slack.findUserByEmail(email);
    if (!person.ok) return { ok: false, reason: person.reason };
    const dm = await slack.openDirectMessage(person.userId);
    if (!dm.ok) return { ok: false, reason: `conversations.open:${dm.error}` };
    const posted = await slack.postMessage({ channel: dm.channel, ...message });
    return posted.ok ? { ok: true, posted: { channelId: dm.channel, ts: posted.ts } } : { ok: false, reason: `chat.postMessage:${posted.error}` };
  }

  return {
    async resetLink(reference) {
      const link = deps.resetLinks.take(reference);
      if (!link) {
        logger.warn('A reset link was gone from the vault (expired or already taken)');
        return { delivered: false, notice: DELIVERY_WORDING.linkExpired, reason: 'reset_link_expired' };
      }
      const sent = await directMessage(link.ownerEmail, { text: DELIVERY_WORDING.resetLinkMessage(link.url, link.requestedBy) });
      if (sent.ok) {
        logger.info('Delivered a password reset link to its owner by direct message');
        return { delivered: true };
      }
      logger.warn('A password reset link could not be delivered and was dropped', { reason: sent.reason });
      return { delivered: false, notice: DELIVERY_WORDING.ownerUnreachable(link.ownerEmail), reason: 'reset_link_undelivered' };
    },

    async ownerNotice(notice) {
      try {
        const sent = await directMessage(notice.email, { text: escapeText(notice.text) });
        if (sent.ok) return true;
        logger.warn('Could not tell an account owner about a change to their account', { reason: sent.reason });
      } catch (error) {
        logger.warn('Could not tell an account owner about a change to their account', { error: errorNameOf(error) });
      }
      return false;
    },

    async privateNote(slackUserId, text) {
      try {
        const dm = await slack.openDirectMessage(slackUserId);
        if (dm.ok && (await slack.postMessage({ channel: dm.channel, text: escapeText(text) })).ok) return true;
        logger.warn('Could not send a private note', { reason: dm.ok ? 'chat.postMessage' : `conversations.open:${dm.error}` });
      } catch (error) {
        logger.warn('Could not send a private note', { error: errorNameOf(error) });
      }
      return false;
    },

    async approvalRequest(pending) {
      const card = approvalCard(pending);
      if (deps.approvalsChannel) {
        const posted = await slack.postMessage({ channel: deps.approvalsChannel, ...card });
        if (posted.ok) {
          await deps.pending.addCard(pending.id, { channelId: deps.approvalsChannel, ts: posted.ts });
          logger.info('Posted an approval request to the approvals channel', { pendingId: pending.id });
          return { reached: 1 };
        }
        logger.error('Could not post to the approvals channel; sending the request to approvers by DM', { pendingId: pending.id, error: posted.error });
      }
      let emails: string[];
      try {
        emails = await deps.desk.approverEmails(pending);
      } catch (error) {
        logger.error('Could not list the approvers of a request', { pendingId: pending.id, error: errorNameOf(error) });
        emails = [];
      }
      let reached = 0;
      const misses: string[] = [];
      for (const email of emails) {
        const sent = await directMessage(email, card);
        if (!sent.ok) {
          misses.push(sent.reason);
          continue;
        }
        reached += 1;
        await deps.pending.addCard(pending.id, sent.posted);
      }
      const level = reached === 0 ? 'warn' : 'info';
      logger[level]('Sent an approval request to approvers by DM', { pendingId: pending.id, approvers: emails.length, reached, misses });
      return { reached };
    },
  };
}
