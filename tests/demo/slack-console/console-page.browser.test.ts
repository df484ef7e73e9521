// The console page in real headless Chromium (playwright-core): pick a person, DM the bot, see the
// threaded reply and its buttons, click Confirm, see the card update; then @-mention in #it-help;
// then answer Okta Verify pushes on the person's "phone" panel.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConsolePhone, ConsolePush } from '../../../src/demo/slack-console/index.js';
import { PEOPLE, startConsoleServer, type ConsoleServer, type Received } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const STEP_MS = 15_000;
const [, priya] = PEOPLE;

const CARD = [
  { type: 'section', text: { type: 'mrkdwn', text: 'Send a password reset link to *you*? <https://example.com/help|Help>' } },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'Expires in 10 minutes' }] },
  {
    type: 'actions',
    elements: [
      { type: 'button', action_id: 'helpdesk_confirm', value: 'pa_1', style: 'primary', text: { type: 'plain_text', text: 'Confirm' } },
      { type: 'button', action_id: 'helpdesk_cancel', value: 'pa_1', text: { type: 'plain_text', text: 'Cancel' } },
    ],
  },
];

/** Pushes waiting on each person's phone (by email), and every answer the page sent. */
const waitingPushes = new Map<string, ConsolePush[]>();
const phoneAnswers: Array<{ transactionId: string; answer: { pick: number } | 'deny' }> = [];
const phone: ConsolePhone = {
  waiting: (email) => waitingPushes.get(email) ?? [],
  answer(transactionId, answer) {
    phoneAnswers.push({ transactionId, answer });
    for (const [email, pushes] of waitingPushes) waitingPushes.set(email, pushes.filter((push) => push.transactionId !== transactionId));
    return answer === 'deny' ? 'REJECTED' : 'SUCCESS';
  },
};

let server: ConsoleServer;
let browser: Browser;
let page: Page;
let workDir: string;
const clickedActions: string[] = [];
const pageRequests: string[] = [];

/** Plays the bot: 👀 on the message, then a threaded card with Confirm/Cancel, or a plain reply. */
async function botOnEvent(received: Received): Promise<Response | undefined> {
  const { event } = JSON.parse(received.rawBody);
  if (event.text.includes('fail')) return new Response('boom', { status: 500 });
  const slack = server.webClient();
  await slack.reactions.add({ channel: event.channel, timestamp: event.ts, name: 'eyes' });
  const thread_ts = event.thread_ts ?? event.ts;
  if (event.text.includes('password')) await slack.chat.postMessage({ channel: event.channel, thread_ts, text: 'Confirm reset?', blocks: CARD });
  else await slack.chat.postMessage({ channel: event.channel, thread_ts, text: 'VPN is _up_ for everyone.' });
  return undefined;
}

/** Plays the bot's interaction handler: records the action and updates the card with chat.update. */
async function botOnInteraction(received: Received): Promise<Response | undefined> {
  const payload = JSON.parse(new URLSearchParams(received.rawBody).get('payload')!);
  clickedActions.push(payload.actions[0].action_id);
  await server.webClient().chat.update({
    channel: payload.container.channel_id, ts: payload.container.message_ts, text: 'Confirmed',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: *Confirmed*: the link is in your DMs.' } }],
  });
  return undefined;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: run \`bash scripts/ensure-chromium.sh\` (as root) before the tests.`);
  }
  server = await startConsoleServer({ onEvent: botOnEvent, onInteraction: botOnInteraction, phone });
  workDir = await mkdtemp(join(tmpdir(), 'slack-console-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: STEP_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  page.setDefaultTimeout(STEP_MS);
  page.on('request', (request) => pageRequests.push(request.url()));
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

it('lets a person DM the bot, see the threaded card, click Confirm and see the updated card', async () => {
  await page.goto(`${server.url}/console`);
  await page.selectOption('#person', priya!.slackUserId);
  await expect.poll(() => page.textContent('#who')).toContain('priya.patel@acme.example');

  await page.fill('#message', 'I forgot my password');
  await page.click('#send');

  const thread = page.locator('.thread');
  await thread.getByRole('button', { name: 'Confirm' }).waitFor();
  const mine = server.slackConsole.state.messages.find((m) => m.user === priya!.slackUserId)!;
  expect(await thread.getAttribute('data-thread-ts')).toBe(mine.ts);
  await page.locator(`.msg[data-ts="${mine.ts}"] .reaction[data-name="eyes"]`).waitFor();
  expect(await thread.locator('.bk-section b').textContent()).toBe('you');
  expect(await thread.locator('.bk-section a').getAttribute('href')).toBe('https://example.com/help');
  expect(await thread.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);

  await thread.getByRole('button', { name: 'Confirm' }).click();

  await thread.getByText('the link is in your DMs.').waitFor();
  expect(clickedActions).toEqual(['helpdesk_confirm']);
  expect(await thread.getByRole('button', { name: 'Confirm' }).count()).toBe(0);
  expect(server.interactions[0]?.signatureValid).toBe(true);
}, 60_000);

it('sends an @Helpdesk mention from #it-help and shows the reply in its thread', async () => {
  await page.click('#nav-it-help');
  await page.click('#mention');
  await page.locator('#message').pressSequentially('is VPN down?');
  await page.keyboard.press('Enter');

  await page.locator('.thread i', { hasText: 'up' }).waitFor();
  const { event } = JSON.parse(server.events.at(-1)!.rawBody);
  expect(event).toMatchObject({ type: 'app_mention', channel: 'CITHELP001', text: '<@UHELPDESK1> is VPN down?' });
  expect(await page.locator(`.msg[data-ts="${event.ts}"] .mention`).textContent()).toBe('@Helpdesk');
}, 60_000);

it('shows typed markup as text and an error banner when /slack/events fails', async () => {
  await page.click('#nav-dm');
  await page.fill('#message', '<img src=x onerror="window.__owned=1"> please fail');
  await page.click('#send');

  await expect.poll(() => page.textContent('#banner'), { timeout: STEP_MS }).toContain('/slack/events answered HTTP 500');
  await page.getByText('<img src=x onerror="window.__owned=1"> please fail').waitFor();
  expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
}, 60_000);

it("shows a push on the acting person's phone, sends the number they pick, and hides the phone again", async () => {
  await page.click('#nav-dm');
  expect(await page.locator('#phone').isHidden()).toBe(true);
  waitingPushes.set(priya!.email, [{ transactionId: 'v2mst.tx1', choices: [12, 47, 83], expiresAt: '2026-12-06T10:05:00.000Z', device: 'iPhone' }]);

  const phonePanel = page.getByRole('complementary', { name: 'Okta Verify on your phone' });
  await phonePanel.getByRole('button', { name: '47' }).click();

  await phonePanel.waitFor({ state: 'hidden' });
  expect(phoneAnswers).toEqual([{ transactionId: 'v2mst.tx1', answer: { pick: 47 } }]);
}, 60_000);

it('denies a push from the phone, and never shows one person the pushes of another', async () => {
  const [other] = PEOPLE.filter((person) => person.slackUserId !== priya!.slackUserId);
  waitingPushes.set(other!.email, [{ transactionId: 'v2mst.theirs', choices: [20, 30, 40], expiresAt: '2026-12-06T10:05:00.000Z', device: 'Pixel' }]);
  waitingPushes.set(priya!.email, [{ transactionId: 'v2mst.tx2', choices: [11, 22, 33], expiresAt: '2026-12-06T10:05:00.000Z', device: 'iPhone' }]);

  const phonePanel = page.getByRole('complementary', { name: 'Okta Verify on your phone' });
  await phonePanel.getByRole('button', { name: '22' }).waitFor();
  expect(await phonePanel.getByRole('button', { name: '30' }).count()).toBe(0);
  await phonePanel.getByRole('button', { name: /not me/ }).click();

  await phonePanel.waitFor({ state: 'hidden' });
  expect(phoneAnswers.at(-1)).toEqual({ transactionId: 'v2mst.tx2', answer: 'deny' });
  const forged = await server.request('/console/phone/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: priya!.slackUserId, transactionId: 'v2mst.theirs', pick: 30 }) });
  expect(forged.status).toBe(404);
  expect(phoneAnswers.map((answer) => answer.transactionId)).not.toContain('v2mst.theirs');
}, 60_000);

it('renders to a non-empty PNG and loads nothing but the console server', async () => {
  const file = join(workDir, 'console.png');
  await page.screenshot({ path: file, fullPage: true });

  const png = await readFile(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.length).toBeGreaterThan(5_000);
  expect(pageRequests.filter((url) => !url.startsWith(server.url))).toEqual([]);
}, 30_000);
