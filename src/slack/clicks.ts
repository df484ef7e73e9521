// Runs card clicks in the background after the route's ack, tracked so shutdown and tests can wait
// for them: the clicker's email (users.info asked afresh, since a click changes accounts), then the
// desk decides and executes, then the card is replaced with its outcome, the requester is told in
// their thread, and a reset link goes privately to its owner. An executed action's card and the
// requester's notice show the Okta calls of the click. A refusal is shown only to the clicker; the card stays.
import type { IMastraLogger } from '@mastra/core/logger';
import type { ClickResult, Desk } from '../helpdesk/desk.js';
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
  /** From now until stop, also every `intervalMs`: another instance on the same database may stop mid-click. */
  watchInterrupted(intervalMs: number): void;
};

export type ClickRunnerDeps = {
  slack: Pick<SlackApi, 'lookupEmail' | 'postEphemeral' | 'updateMessage' | 'postMessage'>;
  desk: Pick<Desk, 'click' | 'recoverInterrupted'>;
  delivery: Pick<Delivery, 'resetLink' | 'ownerNotice'>;
  logger: IMastraLogger;
};

export function createClickRunner(deps: ClickRunnerDeps): ClickRunner {
  const { slack, logger } = deps;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let watch: NodeJS.Timeout | undefined;

  /** Keeps a background task visible to idle() and stop(); failures are logged. */
  function track(task: Promise<void>, failure: string, details: Record<string, unknown> = {}): void {
    const tracked: Promise<void> = task
      .catch((error: unknown) => logger.error(failure, { ...details, error: errorNameOf(error) }))
      .finally(() => running.delete(tracked));
    running.add(tracked);
  }

  const tellClicker = async (click: CardClick, text: string) => {
    await slack.postEphemeral({ channel: click.channelId, user: click.userId, text: escapeText(text) });
  };

  async function handle(click: CardClick): Promise<void> {
    const who = await slack.lookupEmail(click.userId, { fresh: true });
    if (!who.ok) {
      logger.warn('A card click without a usable clicker email was refused', { pendingId: click.pendingId, reason: who.reason });
      await tellClicker(click, identitySentence(who, CLICK_WORDING.noEmail));
      return;
    }
    let result: ClickResult;
    try {
      result = await deps.desk.click(click.pendingId, click.choice, { slackUserId: click.userId, email: who.email });
    } catch (error) {
      logger.error('A card click failed', { pendingId: click.pendingId, choice: click.choice, error: errorNameOf(error) });
      await tellClicker(click, CLICK_WORDING.failed);
      return;
    }
    if (result.kind === 'refused') {
      logger.info('A card click was refused', { pendingId: click.pendingId, choice: click.choice });
      await tellClicker(click, result.message);
      return;
    }

    // The link first, so the card and the requester's notice can say truthfully if it did not arrive.
    let linkNote: string | undefined;
    if (result.kind === 'executed' && result.outcome.resetLinkReference) {
      const sent = await deps.delivery.resetLink(result.outcome.resetLinkReference);
      if (!sent.delivered) linkNote = sent.notice;
    }
    const withNote = (text: string) => (linkNote ? `${text} ${linkNote}` : text);

    const oktaCalls = result.kind === 'executed' ? result.oktaCalls : undefined;
    const decision = { pendingId: click.pendingId, cardText: withNote(result.cardText), choice: click.choice, clickerId: click.userId, kind: result.kind, oktaCalls };
    const updated = await slack.updateMessage({ channel: click.channelId, ts: click.messageTs, ...outcomeBlocks({ ...decision, currentBlocks: click.messageBlocks }) });
    if (!updated.ok) await tellClicker(click, withNote(result.cardText));
    // The other approvers' copies of an approval card show the decision too, not stale buttons.
    const otherCopies = result.pending.cards.filter((copy) => copy.channelId !== click.channelId || copy.ts !== click.messageTs);
    for (const copy of otherCopies) await slack.updateMessage({ channel: copy.channelId, ts: copy.ts, ...outcomeBlocks(decision) });
    logger.info('A card click was handled', { pendingId: click.pendingId, choice: click.choice, result: result.kind, copiesUpdated: otherCopies.length });

    // The owner hears about a change someone else made; a failed DM never hides the outcome above.
    if (result.kind === 'executed' && result.ownerNotice) await deps.delivery.ownerNotice(result.ownerNotice);

    if (result.requesterNotice) {
      const origin = result.pending.origin;
      if (!origin) logger.warn('No thread to tell the requester the outcome in', { pendingId: click.pendingId });
      else {
        const [notice] = withSources([{ text: escapeText(withNote(result.requesterNotice)) }], oktaCalls);
        await slack.postMessage({ channel: origin.channelId, threadTs: origin.threadTs, ...notice });
      }
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
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    reportInterrupted,
    watchInterrupted(intervalMs) {
      watch = setInterval(() => {
        if (!stopped) track(reportInterrupted(), 'Reporting interrupted actions failed');
      }, intervalMs).unref();
    },
  };
}
