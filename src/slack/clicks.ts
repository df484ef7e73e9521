// Runs card clicks in the background after the route's ack, tracked so shutdown and tests can wait
// for them: the clicker's email (users.info asked afresh, since a click changes accounts), then the
// desk decides and executes, then the card is replaced with its outcome, the requester is told in
// their thread, and a reset link goes privately to its owner. An executed action's card and the
// requester's notice show the Okta calls of the click. A refusal is shown only to the clicker; the
// card stays. When the desk sends an Okta Verify push first, the card says it waits, the number goes
// to the requester by DM, and the card shows the end once the push is answered; shutdown stops the
// wait (the next start resumes it) instead of waiting minutes for a phone.
import type { IMastraLogger } from '@mastra/core/logger';
import type { CardResult, ClickChoice, ClickResult, Desk } from '../helpdesk/desk.js';
import { noApproverNote } from '../helpdesk/wording.js';
import { interruptedBlocks, outcomeBlocks } from './cards.js';
import type { Delivery } from './delivery.js';
import { errorNameOf } from './errors.js';
import type { CardClick } from './interactions.js';
import { escapeText } from './mrkdwn.js';
import { identitySentence, type SlackApi } from './slack-api.js';
import { withSources } from './sources.js';

export const CLICK_WORDING = {
  noEmail: "I can't see an email address on your Slack profile, so I can't check that you may do this; nothing was changed.",
  failed: 'Something went wrong on my side while handling that click. Please check the request before trying again.',
} as const;

export type ClickRunner = {
  /** Starts handling a verified click; false once stopped (the route then answers 503). */
  accept(click: CardClick): boolean;
  /** Resolves when no click is being handled. */
  idle(): Promise<void>;
  /** Accepts no new clicks and waits for running ones. */
  stop(): Promise<void>;
  /** At start-up: actions a stopped process left half done say so on their cards and to their requesters. */
  reportInterrupted(): Promise<void>;
  /** From now until stop, also every `intervalMs`: another instance on the same database may stop mid-click or mid-check. */
  watchInterrupted(intervalMs: number): void;
};

export type ClickRunnerDeps = {
  slack: Pick<SlackApi, 'lookupEmail' | 'postEphemeral' | 'updateMessage' | 'postMessage'>;
  desk: Pick<Desk, 'click' | 'recoverInterrupted' | 'awaitVerification' | 'verificationsToResume'>;
  delivery: Pick<Delivery, 'resetLink' | 'ownerNotice' | 'privateNote' | 'approvalRequest'>;
  logger: IMastraLogger;
};

export function createClickRunner(deps: ClickRunnerDeps): ClickRunner {
  const { slack, logger } = deps;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let watch: NodeJS.Timeout | undefined;
  /** Aborts the waits for Okta Verify pushes at stop(). */
  const stopping = new AbortController();

  /** Keeps a background task visible to idle() and stop(); failures are logged. */
  function track(task: Promise<void>, failure: string, details: Record<string, unknown> = {}): void {
    const tracked: Promise<void> = task
      .catch((error: unknown) => logger.error(failure, { ...details, error: errorNameOf(error) }))
      .finally(() => running.delete(tracked));
    running.add(tracked);
  }

  /** A message only the clicker sees, in the channel of the card. */
  const tellClicker = async (channelId: string, clickerId: string, text: string) => {
    await slack.postEphemeral({ channel: channelId, user: clickerId, text: escapeText(text) });
  };

  async function handle(click: CardClick): Promise<void> {
    const who = await slack.lookupEmail(click.userId, { fresh: true });
    if (!who.ok) {
      logger.warn('A card click without a usable clicker email was refused', { pendingId: click.pendingId, reason: who.reason });
      await tellClicker(click.channelId, click.userId, identitySentence(who, CLICK_WORDING.noEmail));
      return;
    }
    let result: ClickResult;
    try {
      result = await deps.desk.click(click.pendingId, click.choice, { slackUserId: click.userId, email: who.email });
    } catch (error) {
      logger.error('A card click failed', { pendingId: click.pendingId, choice: click.choice, error: errorNameOf(error) });
      await tellClicker(click.channelId, click.userId, CLICK_WORDING.failed);
      return;
    }
    if (result.kind === 'refused') {
      logger.info('A card click was refused', { pendingId: click.pendingId, choice: click.choice });
      await tellClicker(click.channelId, click.userId, result.message);
      return;
    }

    await present(result, { channelId: click.channelId, messageTs: click.messageTs, messageBlocks: click.messageBlocks, clickerId: click.userId, choice: click.choice });
  }

  /** Where a result is shown: the clicked card (or, for a resumed check, the card as stored). */
  type Where = { channelId: string; messageTs: string; messageBlocks?: unknown[]; clickerId: string; choice: ClickChoice };

  async function present(result: CardResult, where: Where): Promise<void> {
    const tell = (text: string) => tellClicker(where.channelId, where.clickerId, text);
    // The link first, so the card and the requester's notice can say truthfully if it did not arrive.
    let linkNote: string | undefined;
    if (result.kind === 'executed' && result.outcome.resetLinkReference) {
      const sent = await deps.delivery.resetLink(result.outcome.resetLinkReference);
      if (!sent.delivered) linkNote = sent.notice;
    }
    const withNote = (text: string) => (linkNote ? `${text} ${linkNote}` : text);

    const oktaCalls = result.kind === 'executed' ? result.oktaCalls : undefined;
    const ended = result.kind === 'closed' ? result.ended : undefined;
    const decision = { pendingId: result.pending.id, cardText: withNote(result.cardText), choice: where.choice, clickerId: where.clickerId, kind: result.kind, ended, oktaCalls };
    const updated = await slack.updateMessage({ channel: where.channelId, ts: where.messageTs, ...outcomeBlocks({ ...decision, currentBlocks: where.messageBlocks }) });
    if (!updated.ok) await tell(withNote(result.cardText));
    // The other approvers' copies of an approval card show the decision too, not stale buttons.
    const otherCopies = result.pending.cards.filter((copy) => copy.channelId !== where.channelId || copy.ts !== where.messageTs);
    for (const copy of otherCopies) await slack.updateMessage({ channel: copy.channelId, ts: copy.ts, ...outcomeBlocks(decision) });
    logger.info('A card click was handled', { pendingId: result.pending.id, choice: where.choice, result: result.kind, copiesUpdated: otherCopies.length });

    if (result.kind === 'verifying') {
      // The number by DM only, never in the channel; then the wait, and the end on the same card.
      if (!(await deps.delivery.privateNote(where.clickerId, result.numberText))) await tell(result.numberText);
      const final = await deps.desk.awaitVerification(result.pending.id, { signal: stopping.signal });
      if (final) await present(final, { ...where, messageBlocks: undefined });
      return;
    }

    if (result.kind === 'closed' && result.approvalRequest) {
      const { reached } = await deps.delivery.approvalRequest(result.approvalRequest);
      if (reached === 0 && result.pending.origin) {
        await slack.postMessage({ channel: result.pending.origin.channelId, threadTs: result.pending.origin.threadTs, text: escapeText(noApproverNote(result.approvalRequest.approverRoles)) });
      }
    }

    // The owner hears about a change someone else made (or a check on their account that failed); a failed DM never hides the outcome above.
    if (result.ownerNotice) await deps.delivery.ownerNotice(result.ownerNotice);

    if (result.requesterNotice) {
      const origin = result.pending.origin;
      if (!origin) logger.warn('No thread to tell the requester the outcome in', { pendingId: result.pending.id });
      else {
        const [notice] = withSources([{ text: escapeText(withNote(result.requesterNotice)) }], oktaCalls);
        await slack.postMessage({ channel: origin.channelId, threadTs: origin.threadTs, ...notice });
      }
    }
  }

  /** At start-up: checks a stopped process was waiting for go on, and end on their cards. */
  async function resumeVerifications(): Promise<void> {
    for (const pending of await deps.desk.verificationsToResume()) {
      const [card] = pending.cards;
      logger.info('Resuming the wait for an Okta Verify push after a restart', { pendingId: pending.id });
      track(
        (async () => {
          const final = await deps.desk.awaitVerification(pending.id, { signal: stopping.signal });
          if (final && card) await present(final, { channelId: card.channelId, messageTs: card.ts, clickerId: pending.requester.slackUserId ?? '', choice: 'confirm' });
        })(),
        'Resuming an Okta Verify wait failed',
        { pendingId: pending.id },
      );
    }
  }

  /** Actions whose claimer stopped mid-execution say so on their cards and to their requesters. */
  async function reportInterrupted(): Promise<void> {
    for (const { pending, cardText } of await deps.desk.recoverInterrupted()) {
      logger.warn('An action was interrupted by a restart; telling its cards and requester', { pendingId: pending.id });
      let cardsUpdated = 0;
      for (const card of pending.cards) {
        if ((await slack.updateMessage({ channel: card.channelId, ts: card.ts, ...interruptedBlocks(cardText) })).ok) cardsUpdated += 1;
      }
      // A confirmation card sits in the requester's thread; an approval card does not.
      if (pending.origin && (pending.kind === 'approval' || cardsUpdated === 0)) {
        await slack.postMessage({ channel: pending.origin.channelId, threadTs: pending.origin.threadTs, text: escapeText(cardText) });
      }
    }
  }

  return {
    accept(click) {
      if (stopped) return false;
      track(handle(click), 'A card click task failed', { pendingId: click.pendingId });
      return true;
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async stop() {
      stopped = true;
      clearInterval(watch);
      stopping.abort();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async reportInterrupted() {
      await reportInterrupted();
      await resumeVerifications();
    },
    watchInterrupted(intervalMs) {
      watch = setInterval(() => {
        // Also checks another instance left waiting for a push when it stopped (their leases lapsed).
        if (!stopped) track(reportInterrupted().then(resumeVerifications), 'Reporting interrupted actions failed');
      }, intervalMs).unref();
    },
  };
}
