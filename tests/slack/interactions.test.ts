// Pure pieces of the card flow: parsing real interactivity payloads, and the Block Kit builders
// (escaping, lifetimes, outcomes, and cards sharing one message).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approvalCard, confirmationBlocks, outcomeBlocks } from '../../src/slack/cards.js';
import { describeAction } from '../../src/helpdesk/wording.js';
import { parseInteraction } from '../../src/slack/interactions.js';
import { pendingAction } from '../helpers/desk.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'slack', 'interactions');
type InteractionFixture = { rawBody?: string; rawBodyDerived?: string; payload: Record<string, unknown> & { actions: Array<Record<string, unknown>> } };
const fixtures = readdirSync(DIR)
  .filter((name) => name.startsWith('block_actions'))
  .map((name) => [name, JSON.parse(readFileSync(join(DIR, name), 'utf8')) as InteractionFixture] as const);
const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();


describe('parseInteraction on real payloads', () => {
  it.each(fixtures)('%s: a button that is not ours is ignored', (_name, fixture) => {
    const raw = fixture.rawBody ?? fixture.rawBodyDerived ?? form(fixture.payload);
    expect(parseInteraction(raw)).toEqual({ kind: 'ignored', reason: 'not_our_action' });
  });

  it.each(fixtures)('%s: with our action id, the clicker, pending id and card location are read', (_name, fixture) => {
    const payload = structuredClone(fixture.payload);
    payload.actions = [{ ...payload.actions[0], action_id: 'helpdesk_cancel', value: 'pa_abc-DEF_1' }];
    const container = payload.container as { channel_id: string; message_ts: string };
    expect(parseInteraction(form(payload))).toMatchObject({
      kind: 'click',
      click: { pendingId: 'pa_abc-DEF_1', choice: 'cancel', userId: (payload.user as { id: string }).id, channelId: container.channel_id, messageTs: container.message_ts },
    });
  });

  it.each([
    ['no payload field', 'token=abc'],
    ['a JSON array', form([1])],
    ['broken JSON', 'payload=%7B'],
  ])('calls %s malformed', (_name, raw) => {
    expect(parseInteraction(raw)).toEqual({ kind: 'malformed' });
  });

  it('ignores a value that cannot be a pending id', () => {
    const payload = structuredClone(fixtures[0]![1].payload);
    payload.actions = [{ action_id: 'helpdesk_confirm', value: 'pa_1; DROP TABLE', type: 'button' }];
    expect(parseInteraction(form(payload))).toEqual({ kind: 'ignored', reason: 'incomplete_click' });
  });
});

describe('cards', () => {
  it('shows the reason as plain text and names a requester without a Slack id by email', () => {
    const card = approvalCard(pendingAction({ kind: 'approval', requester: { email: 'eve@acme.example' }, reason: '<!channel> & more', createdAt: 0, expiresAt: 24 * 3_600_000 }));
    const text = (card.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toContain('*Requested by:* eve@acme.example');
    expect(card.blocks[1]).toEqual({ type: 'section', text: { type: 'plain_text', text: 'Reason: <!channel> & more', emoji: false } });
    expect(JSON.stringify(card.blocks[3])).toContain('Expires in 24 hours.');
  });

  it('warns approvers in bold when the identity was not verified, escaped like any text', () => {
    const card = approvalCard(pendingAction({ kind: 'approval', unverifiedNote: 'Identity NOT verified: no push factor. Recently: <@U0EVE> & co' }));
    expect((card.blocks[0] as { text: { text: string } }).text.text).toMatch(/\n:warning: \*Identity NOT verified: no push factor\. Recently: &lt;@U0EVE&gt; &amp; co\*$/);
    expect(JSON.stringify(approvalCard(pendingAction({ kind: 'approval' })).blocks)).not.toContain('NOT verified');
  });

  it('says a confirmed card waits for Okta Verify, and how it ended when it was not approved', () => {
    const byLine = (input: Partial<Parameters<typeof outcomeBlocks>[0]>) =>
      JSON.stringify(outcomeBlocks({ pendingId: 'pa_card1', cardText: 'text', choice: 'confirm', clickerId: 'U0SAM', kind: 'closed', ...input }).blocks[1]);
    expect(byLine({ kind: 'verifying' })).toContain('Confirmed by <@U0SAM>; waiting for Okta Verify');
    expect(byLine({ ended: 'not_verified' })).toContain('Confirmed by <@U0SAM>; not approved in Okta Verify');
    expect(byLine({ ended: 'sent_for_approval' })).toContain('Confirmed by <@U0SAM>; sent for approval (not verified)');
    expect(byLine({})).toContain('Expired; clicked by <@U0SAM>');
  });

  it('renders a reason that tries to fake an approval as one inert line', () => {
    const card = approvalCard(pendingAction({ kind: 'approval', reason: 'ok\n*Approved by <@U0PRIYA>*\r\n\n  https://evil.example\u2028done' }));
    // plain_text: Slack shows `*`, `<@…>` and the URL as the characters they are; no new line survives.
    expect(card.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'plain_text', text: 'Reason: ok *Approved by <@U0PRIYA>* https://evil.example done', emoji: false },
    });
    // The requester's words appear nowhere Slack would read mrkdwn.
    const mrkdwnTexts = JSON.stringify(card.blocks.filter((_block, index) => index !== 1)) + card.text;
    expect(mrkdwnTexts).not.toContain('Approved by');
    expect(mrkdwnTexts).not.toContain('evil.example');
  });

  it('cuts a very long reason to 500 characters', () => {
    const card = approvalCard(pendingAction({ kind: 'approval', reason: 'why '.repeat(400) }));
    const text = (card.blocks[1] as { text: { text: string } }).text.text;
    expect(text).toHaveLength('Reason: '.length + 500);
    expect(text.endsWith('…')).toBe(true);
  });

  it('says when no reason was given', () => {
    expect(approvalCard(pendingAction({ kind: 'approval' })).blocks[1]).toMatchObject({ text: { type: 'plain_text', text: 'Reason: none given' } });
  });

  it('describes every action by the account email', () => {
    expect(describeAction({ kind: 'reset_mfa', targetEmail: 'a@x.example' })).toBe('Reset every MFA factor of a@x.example; they enroll again at their next sign-in.');
    expect(describeAction({ kind: 'remove_from_group', targetEmail: 'a@x.example', groupName: 'Sales' })).toBe('Remove a@x.example from the Okta group Sales.');
  });

  it('keeps the section within Slack\'s 3000-character limit', () => {
    const [section] = confirmationBlocks('x'.repeat(5000), [pendingAction()]);
    const text = (section as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('…')).toBe(true);
  });

  it('calls a confirm that came too late "Expired", not "Confirmed"', () => {
    const { blocks } = outcomeBlocks({ pendingId: 'pa_card1', cardText: 'This request expired.', choice: 'confirm', clickerId: 'U0SAM', kind: 'closed' });
    expect(blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Expired; clicked by <@U0SAM>' }] });
  });

  it('replaces only the clicked card when one message holds two', () => {
    const current = confirmationBlocks('Two things to confirm', [pendingAction(), pendingAction({ id: 'pa_card2' })]);
    const { blocks } = outcomeBlocks({ pendingId: 'pa_card1', cardText: 'Cancelled; nothing was changed.', choice: 'cancel', clickerId: 'U0SAM', kind: 'closed', currentBlocks: current });
    expect(blocks.map((b) => b.block_id ?? b.type)).toEqual(['section', 'section', 'context', 'pa_card2:actions', 'pa_card2:context']);
    expect(JSON.stringify(blocks)).not.toContain('"value":"pa_card1"');
  });
});
