// Block Kit for the safety model: the confirmation card in the requester's thread, the approval
// card sent to approvers, and what a card becomes once it is clicked. Pure; every piece of text
// that came from people, Okta or the model is escaped here.
import type { ClickChoice } from '../helpdesk/desk.js';
import type { PendingAction } from '../helpdesk/pending-actions.js';
import { describeAction } from '../helpdesk/wording.js';
import { fitMrkdwn, SLACK_LIMITS, splitMrkdwn } from './message-limits.js';
import { escapeText } from './mrkdwn.js';
import { sourcesText } from './sources.js';
import type { OktaCall } from './types.js';

export type { ClickChoice };

/** Our buttons' action ids; a click on anything else is not ours and is ignored. */
export const ACTION_IDS: Record<ClickChoice, string> = {
  confirm: 'helpdesk_confirm',
  cancel: 'helpdesk_cancel',
  approve: 'helpdesk_approve',
  reject: 'helpdesk_reject',
};

export function choiceOf(actionId: string): ClickChoice | undefined {
  return (Object.keys(ACTION_IDS) as ClickChoice[]).find((choice) => ACTION_IDS[choice] === actionId);
}

export type Block = Record<string, unknown>;

const section = (mrkdwn: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(mrkdwn) } });
const context = (mrkdwn: string, blockId?: string): Block => ({
  type: 'context',
  ...(blockId ? { block_id: blockId } : {}),
  elements: [{ type: 'mrkdwn', text: mrkdwn }],
});
const button = (label: string, choice: ClickChoice, pendingId: string, style?: 'primary' | 'danger'): Block => ({
  type: 'button',
  action_id: ACTION_IDS[choice],
  text: { type: 'plain_text', text: label },
  value: pendingId,
  ...(style ? { style } : {}),
});

/** The buttons and their context line carry the pending id in block_id, to find them again on update. */
const actionsBlockId = (pendingId: string) => `${pendingId}:actions`;
const contextBlockId = (pendingId: string) => `${pendingId}:context`;

/** `<@U…>` when the Slack id is known, the escaped email otherwise. */
function personRef(person: { email: string; slackUserId?: string }): string {
  return person.slackUserId ? `<@${person.slackUserId}>` : escapeText(person.email);
}

/** "10 minutes", "24 hours": the card's lifetime as stored, independent of any clock. */
function lifetimeOf(pending: Pick<PendingAction, 'createdAt' | 'expiresAt'>): string {
  const minutes = Math.max(1, Math.round((pending.expiresAt - pending.createdAt) / 60_000));
  if (minutes >= 120 && minutes % 60 === 0) return `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * One card message: the answer text, then Confirm/Cancel and "Only <@U…> can confirm" for each
 * pending confirmation. `answerMrkdwn` is already Slack mrkdwn; replyMessages keeps it and the
 * number of cards within Slack's limits.
 */
export function confirmationBlocks(answerMrkdwn: string, confirmations: PendingAction[]): Block[] {
  return [
    section(answerMrkdwn),
    ...confirmations.flatMap((pending) => [
      {
        type: 'actions',
        block_id: actionsBlockId(pending.id),
        elements: [button('Confirm', 'confirm', pending.id, 'primary'), button('Cancel', 'cancel', pending.id)],
      },
      context(`Only ${personRef(pending.requester)} can confirm. Expires in ${lifetimeOf(pending)}.`, contextBlockId(pending.id)),
    ]),
  ];
}

/** One message of a thread reply; `confirmationIds` are the pending actions whose card it carries. */
export type ReplyMessage = { text: string; blocks?: Block[]; confirmationIds?: string[] };

/** Thread messages one answer may take; past this the text is cut with TOO_LONG_NOTE. */
export const MAX_ANSWER_MESSAGES = 5;

export const TOO_LONG_NOTE = '_This answer was too long for Slack, so I cut it here. Ask me about the part you still need._';

/** A card message holds a section plus two blocks per confirmation. */
const CARDS_PER_MESSAGE = Math.floor((SLACK_LIMITS.blocks - 1) / 2);

/**
 * The thread messages for an answer, in posting order, each within Slack's limits: the text in
 * pieces of at most 3,000 characters (at most MAX_ANSWER_MESSAGES of them, the last one then ending
 * with TOO_LONG_NOTE), and the confirmation cards under the last piece, 24 to a message. Every
 * confirmation gets its card: nothing pending is ever left without its buttons.
 */
export function replyMessages(answerMrkdwn: string, confirmations: PendingAction[]): ReplyMessage[] {
  const pieces = splitMrkdwn(answerMrkdwn);
  if (pieces.length > MAX_ANSWER_MESSAGES) {
    const last = fitMrkdwn(pieces[MAX_ANSWER_MESSAGES - 1] ?? '', SLACK_LIMITS.sectionText - TOO_LONG_NOTE.length - 2);
    pieces.splice(MAX_ANSWER_MESSAGES - 1, Infinity, `${last}\n\n${TOO_LONG_NOTE}`);
  }
  if (pieces.length === 0) pieces.push(answerMrkdwn);
  if (confirmations.length === 0) return pieces.map((text) => ({ text }));
  const groups: PendingAction[][] = [];
  for (let start = 0; start < confirmations.length; start += CARDS_PER_MESSAGE) groups.push(confirmations.slice(start, start + CARDS_PER_MESSAGE));
  const lastText = pieces.pop() ?? '';
  return [
    ...pieces.map((text) => ({ text })),
    ...groups.map((group, index) => {
      const text = index === 0 ? lastText : `More to confirm (${index + 1} of ${groups.length}).`;
      return { text, blocks: confirmationBlocks(text, group), confirmationIds: group.map((pending) => pending.id) };
    }),
  ];
}

/** The longest reason a card shows; the rest is cut with "…". */
const REASON_LIMIT = 500;

/**
 * The requester's free-text reason as one inert line: every run of whitespace (newlines included)
 * becomes one space and it is shown as plain_text, where `*`, `_`, `<@U…>`, `<!channel>` and links
 * are literal characters, so a reason cannot fake an "Approved by" line, a mention or a link.
 */
function reasonBlock(reason: string | undefined): Block {
  const line = (reason ?? '').replace(/\s+/g, ' ').trim();
  const shown = line.length > REASON_LIMIT ? `${line.slice(0, REASON_LIMIT - 1)}…` : line;
  return { type: 'section', text: { type: 'plain_text', text: `Reason: ${shown || 'none given'}`, emoji: false } };
}

/**
 * The card approvers see: who asks, what exactly will happen, to which account, and why. The
 * message is posted with unfurl_links/unfurl_media false (SlackApi.postMessage), so nothing in it
 * is fetched or previewed.
 */
export function approvalCard(pending: PendingAction): { text: string; blocks: Block[] } {
  const { requester, action } = pending;
  const what = describeAction(action);
  const requesterLine = requester.slackUserId ? `<@${requester.slackUserId}> (${escapeText(requester.email)})` : escapeText(requester.email);
  return {
    text: escapeText(`Approval needed: ${what} Requested by ${requester.email}.`),
    blocks: [
      section(
        [
          '*Approval needed*',
          `*Requested by:* ${requesterLine}`,
          `*What will happen:* ${escapeText(what)}`,
          `*Account:* ${escapeText(action.targetEmail)}`,
          ...(pending.unverifiedNote ? [`:warning: *${escapeText(pending.unverifiedNote)}*`] : []),
        ].join('\n'),
      ),
      reasonBlock(pending.reason),
      {
        type: 'actions',
        block_id: actionsBlockId(pending.id),
        elements: [button('Approve', 'approve', pending.id, 'primary'), button('Reject', 'reject', pending.id, 'danger')],
      },
      context(`Nothing happens until someone allowed to approve clicks. Expires in ${lifetimeOf(pending)}.`, contextBlockId(pending.id)),
    ],
  };
}

const VERBS: Record<ClickChoice, string> = { confirm: 'Confirmed', cancel: 'Cancelled', approve: 'Approved', reject: 'Rejected' };

/**
 * The clicked card's new content: the outcome, who clicked and the Okta calls of the click (in the
 * same context block, so a message of many cards never grows), no buttons. When the message also
 * holds other still-open cards, only this card's buttons are replaced and the rest is kept.
 */
export function outcomeBlocks(input: {
  pendingId: string;
  cardText: string;
  choice: ClickChoice;
  clickerId: string;
  /** `closed` after confirm/approve means the request had expired (or its Okta Verify check failed); `verifying`: waiting for the phone. */
  kind: 'closed' | 'executed' | 'verifying';
  /** How a closed confirmation ended when it did not expire: its Okta Verify check failed, or it went for approval. */
  ended?: 'not_verified' | 'sent_for_approval';
  currentBlocks?: unknown[];
  oktaCalls?: readonly OktaCall[];
}): { text: string; blocks: Block[] } {
  const clicked = `<@${input.clickerId}>`;
  const closedAs = { not_verified: `Confirmed by ${clicked}; not approved in Okta Verify`, sent_for_approval: `Confirmed by ${clicked}; sent for approval (not verified)` };
  const expired = input.kind === 'closed' && (input.choice === 'confirm' || input.choice === 'approve');
  const byLine =
    input.kind === 'verifying' ? `Confirmed by ${clicked}; waiting for Okta Verify`
    : input.ended ? closedAs[input.ended]
    : expired ? `Expired; clicked by ${clicked}`
    : `${VERBS[input.choice]} by ${clicked}`;
  const sources = sourcesText(input.oktaCalls);
  const outcome = [section(escapeText(input.cardText)), context(sources ? `${byLine}\n${sources}` : byLine)];
  const current = (input.currentBlocks ?? []).filter((block): block is Block => typeof block === 'object' && block !== null);
  const blockIdOf = (block: Block) => (typeof block.block_id === 'string' ? block.block_id : '');
  const mine = new Set([actionsBlockId(input.pendingId), contextBlockId(input.pendingId)]);
  const othersOpen = current.some((block) => block.type === 'actions' && !mine.has(blockIdOf(block)) && /^pa_[\w-]+:actions$/.test(blockIdOf(block)));
  if (!othersOpen) return { text: escapeText(input.cardText), blocks: outcome };
  const blocks = current.flatMap((block) => {
    if (blockIdOf(block) === actionsBlockId(input.pendingId)) return outcome;
    return blockIdOf(block) === contextBlockId(input.pendingId) ? [] : [block];
  });
  return { text: escapeText(input.cardText), blocks };
}

/** A card whose action was interrupted by a restart: the honest state, no buttons. */
export function interruptedBlocks(cardText: string): { text: string; blocks: Block[] } {
  return { text: escapeText(cardText), blocks: [section(escapeText(cardText)), context('Interrupted by a restart')] };
}
