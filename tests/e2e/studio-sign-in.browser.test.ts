// Mastra Studio in real headless Chromium (playwright-core), served in-process by createHonoServer
// with Studio's static build from the `mastra` CLI package: a person opens Studio, signs in with
// Okta through the demo org's sign-in page (no credentials anywhere), and chats with the help desk
// agent as that person; an employee is turned away with the reason.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { noopLogger } from '@mastra/core/logger';
import { createHonoServer } from '@mastra/deployer/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { tempDatabaseUrl } from '../helpers/desk.js';

const CHROMIUM = '/usr/bin/chromium';
const STEP_MS = 20_000;
const STUDIO = join(findProjectRoot(), 'node_modules', 'mastra', 'dist', 'studio');

let app: HelpdeskApp;
let server: ServerType;
let base = '';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run \`bash scripts/ensure-chromium.sh\` (as root) before the tests.`);
  // Where createHonoServer finds Studio's build; and Studio calls the API at the page's own origin.
  vi.stubEnv('MASTRA_STUDIO_PATH', STUDIO);
  vi.stubEnv('MASTRA_AUTO_DETECT_URL', 'true');
  // Studio's model picker asks the server for providers; never let that reach the internet.
  vi.stubEnv('AUTO_BLOCK_EXTERNAL_PROVIDERS', 'true');
  app = await createHelpdeskApp(parseConfig({ DATABASE_URL: tempDatabaseUrl() }, findProjectRoot()), { logger: noopLogger });
  const hono = await createHonoServer(app.mastra, { tools: {}, studio: true });
  server = serve({ fetch: hono.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: STEP_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await app?.stop();
  vi.unstubAllEnvs();
});

const leftLoopback: string[] = [];

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(STEP_MS);
  // Nothing leaves this machine: Studio's page may only talk to this server and the demo org.
  await page.route((url) => url.hostname !== '127.0.0.1', (route) => {
    leftLoopback.push(route.request().url());
    return route.abort();
  });
  return page;
}

/** Studio's sign-in button, then the demo org's page: pick `login`; back on Studio afterwards. */
async function signInThroughStudio(page: Page, login: string): Promise<void> {
  await page.goto(`${base}/agents/helpdesk/chat/new`);
  await page.getByRole('button', { name: 'Sign in with Okta' }).click();
  await page.waitForURL((url) => url.origin === app.demoOktaUrl);
  await page.getByRole('button', { name: new RegExp(`\\(${login.replace(/\./g, '\\.')}\\)`) }).click();
  await page.waitForURL((url) => url.origin === base);
}

it('signs a Helpdesk person in to Studio through the demo org, and the chat acts as them', async () => {
  const page = await newPage();
  await signInThroughStudio(page, 'marcus.lee@acme.example');
  expect(new URL(page.url()).pathname).toMatch(/^\/agents\/helpdesk\//); // back where sign-in started

  // The session is an HttpOnly cookie the page's scripts cannot read, naming Marcus to the server.
  const [session] = (await page.context().cookies(base)).filter((cookie) => cookie.name === 'helpdesk_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('helpdesk_session');
  expect(await (await page.request.get(`${base}/api/auth/me`)).json()).toMatchObject({ email: 'marcus.lee@acme.example' });

  // Marcus is help desk: locking an employee is his to confirm (an unknown requester could only read).
  await page.getByPlaceholder('Enter your message').fill('lock jordan.rivera@acme.example');
  await page.keyboard.press('Enter');
  await page.getByText('Please confirm: Lock Jordan Rivera').waitFor();
  // ...and locking an IT admin is refused as from Marcus, not from whoever the body might claim.
  await page.getByPlaceholder('Enter your message').fill('lock priya.patel@acme.example');
  await page.keyboard.press('Enter');
  await page.getByText(/is one of the IT admins/).waitFor();
  expect(leftLoopback).toEqual([]);
  await page.close();
}, 90_000);

it('turns an employee away at sign-in with the reason, and leaves Studio signed out', async () => {
  const page = await newPage();
  await signInThroughStudio(page, 'jordan.rivera@acme.example');
  expect(decodeURIComponent(page.url())).toContain('only for members of the Okta group IT-Admins or Helpdesk');
  expect((await page.context().cookies(base)).map((cookie) => cookie.name)).not.toContain('helpdesk_session');
  await page.getByRole('button', { name: 'Sign in with Okta' }).waitFor();
  expect((await page.request.get(`${base}/api/agents`)).status()).toBe(401);
  await page.close();
}, 90_000);
