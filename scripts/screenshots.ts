// `npm run screenshots`: real runs of the product, photographed in headless Chromium for the README:
// the Slack console before and after a confirmation click, and Mastra Studio with the agent.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noopLogger } from '@mastra/core/logger';
import { chromium, type Browser } from 'playwright-core';
import { createHelpdeskApp } from '../src/app.js';
import { findProjectRoot, parseConfig } from '../src/config.js';
import { DEMO_PEOPLE } from '../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../src/demo/slack-console/index.js';
import { serveHelpdesk } from '../src/server.js';
import { freePort } from '../tests/helpers/net.js';

const root = findProjectRoot();
const out = (name: string) => join(root, 'screenshots', name);
const tempDatabase = () => `file:${join(mkdtempSync(join(tmpdir(), 'screenshots-')), 'helpdesk.db')}`;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function consoleShots(browser: Browser): Promise<void> {
  const config = parseConfig({ PORT: String(await freePort()), DATABASE_URL: tempDatabase() }, root);
  const app = await createHelpdeskApp(config, { logger: noopLogger });
  const server = await serveHelpdesk(app, config);
  try {
    const jordan = peopleFromDemoOrg(DEMO_PEOPLE).find((p) => p.email.startsWith('jordan.rivera@'))!;
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await page.goto(`${server.url}/console`);
    await page.selectOption('#person', jordan.slackUserId);
    await page.fill('#message', 'My laptop was stolen, please lock my account');
    await page.click('#send');
    const thread = page.locator('.thread').last();
    await thread.getByRole('button', { name: 'Confirm' }).waitFor();
    await page.screenshot({ path: out('console-card.png') });
    log('wrote screenshots/console-card.png');
    await thread.getByRole('button', { name: 'Confirm' }).click();
    await thread.getByText('every Okta session was ended').waitFor();
    await page.screenshot({ path: out('console-confirmed.png') });
    log('wrote screenshots/console-confirmed.png');
  } finally {
    await server.close();
    await app.stop();
  }
}

async function studioShot(browser: Browser): Promise<void> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATABASE_URL: tempDatabase(), MASTRA_TELEMETRY_DISABLED: '1' };
  const studio = spawn(join(root, 'node_modules/.bin/mastra'), ['dev'], { cwd: root, env, stdio: 'ignore', detached: true });
  try {
    // Studio calls the API at the configured host (127.0.0.1); on "localhost" the browser refuses the fetch.
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    while (!(await fetch(`${base}/api/auth/capabilities`).then((r) => r.ok).catch(() => false))) {
      if (Date.now() > deadline) throw new Error('Mastra Studio did not start within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/agents/helpdesk/chat`);
    // Studio is behind Okta sign-in: Marcus (help desk) signs in on the demo org's page.
    await page.getByRole('button', { name: 'Sign in with Okta' }).click({ timeout: 60_000 });
    await page.getByRole('button', { name: /\(marcus\.lee@acme\.example\)/ }).click({ timeout: 60_000 });
    await page.waitForURL((url) => url.origin === base);
    const composer = page.locator('textarea').first();
    await composer.waitFor({ timeout: 60_000 });
    await composer.fill('What groups is jordan.rivera@acme.example in?');
    await composer.press('Enter');
    await page.getByText(/Jordan Rivera is in 2 Okta groups: .+\./).first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(2000); // Studio fades streamed text in
    await page.screenshot({ path: out('studio-agent.png') });
    log('wrote screenshots/studio-agent.png');
  } finally {
    if (studio.pid) process.kill(-studio.pid, 'SIGTERM');
  }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await consoleShots(browser);
  await studioShot(browser);
} finally {
  await browser.close();
}
process.exit(0);
