// Turns the agent's answer into the thread reply and its private side effects: reset links are
// taken from the vault and sent only to their owners, owners hear of changes someone else made to
// their account, approval cards go to the approvers, and
// pending confirmations become Confirm/Cancel cards in the reply, which is split into as many thread
// messages as Slack's limits need, the last one ending with the Okta calls the answer came from.
// Whatever could not be delivered is said honestly in the reply; no link ever reaches it.
import type { IMastraLogger } from '@mastra/core/logger';
import type { PendingAction, PendingActionStore } from '../helpdesk/pending-actions.js';
import { noApproverNote } from '../helpdesk/wording.js';
import { replyMessages, type ReplyMessage } from './cards.js';
import type { Delivery } from './delivery.js';
import { escapeText, markdownToMrkdwn } from './mrkdwn.js';
import { withSources } from './sources.js';
import type { HelpdeskAnswer } from './types.js';

/** What to post in the thread, message by message in order (texts are mrkdwn); `failure` is recorded on the inbox event. */
export type ThreadReply = { messages: ReplyMessage[]; failure?: string };

export type AnswerPresenterDeps = {
  pending: Pick<PendingActionStore, 'get'>;
  delivery: Delivery;
  logger: IMastraLogger;
};

export function createAnswerPresenter(deps: AnswerPresenterDeps) {
  const { logger } = deps;

  return async function present(answer: HelpdeskAnswer, eventId: string): Promise<ThreadReply> {
    const notes: string[] = [];
    let failure = answer.failure;

    for (const reference of answer.resetLinkReferences) {
      const sent = await deps.delivery.resetLink(reference);
      if (!sent.delivered) {
        notes.push(sent.notice);
        failure ??= sent.reason;
      }
    }

    for (const notice of answer.ownerNotices) await deps.delivery.ownerNotice(notice);

    const confirmations: PendingAction[] = [];
    for (const id of answer.pendingActionIds) {
      const pending = await deps.pending.get(id);
      if (!pending) {
        logger.warn('A pending action of the answer was not found', { eventId, pendingId: id });
        continue;
      }
      if (pending.kind === 'confirm') {
        confirmations.push(pending);
        continue;
      }
      const { reached } = await deps.delivery.approvalRequest(pending);
      if (reached === 0) {
        notes.push(noApproverNote(pending.approverRoles));
        failure ??= 'no_approver_reached';
      }
    }

    // Notes are plain sentences written by code; only the answer is Markdown.
    const text = [markdownToMrkdwn(answer.text), ...notes.map(escapeText)].join('\n\n');
    return { messages: withSources(replyMessages(text, confirmations), answer.oktaCalls), failure };
  };
}

export type AnswerPresenter = ReturnType<typeof createAnswerPresenter>;
