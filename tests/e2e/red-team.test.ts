// The red-team list of issue 9, run against the real app over HTTP (demo Okta org, offline planner):
// each attack is tried through the door an attacker inside the company can reach, and must leave the
// Okta org exactly as it was. The summary (attempts / blocked per attack) is printed for the notes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noopLogger } from '@mastra/core/logger';
import { createHonoServer } from '@mastra/deployer/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { createDemoOktaOrg, DEMO_OKTA_TOKEN, DEMO_PEOPLE, type DemoOktaOrg } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import { CONSOLE_CHANNEL, CONSOLE_ENVELOPE, useDemoHelpdesk } from '../helpers/demo-app.js';
import { tempDatabaseUrl } from '../helpers/desk.js';
import { signIn } from '../helpers/oauth.js';
import { dmEvent, signedEventRequest } from '../helpers/slack.js';

type Server = Awaited<ReturnType<typeof createHonoServer>>;
const apps: HelpdeskApp[] = [];
const summary: Array<{ attack: string; attempts: number; blocked: number; verb?: string }> = [];

async function build(env: Record<string, string>): Promise<{ app: HelpdeskApp; server: Server }> {
  const app = await createHelpdeskApp(parseConfig({ DATABASE_URL: tempDatabaseUrl(), ...env }, findProjectRoot()), { logger: noopLogger });
  apps.push(app);
  return { app, server: await createHonoServer(app.mastra, { tools: {} }) };
}
afterAll(async () => {
  for (const app of apps) await app.stop();
  process.stdout.write(`\nred team (issue 9):\n${summary.map((row) => `  ${row.attack}: ${row.blocked}/${row.attempts} ${row.verb ?? 'blocked'}`).join('\n')}\n`);
});

/** Everything an attack could change in the org: statuses, memberships, enrolled factors. */
function fingerprint(org: DemoOktaOrg): string {
  const users = [...org.state.users.values()].map((u) => `${u.profile.email}:${u.status}`);
  const memberships = [...org.state.memberships.entries()].map(([group, members]) => `${group}:${[...members].sort().join(',')}`);
  const factors = [...org.state.factors.entries()].map(([user, list]) => `${user}:${list.length}`);
  return JSON.stringify([users.sort(), memberships.sort(), factors.sort()]);
}

const generate = (server: Server, text: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  server.request('/api/agents/helpdesk/generate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }], ...body }),
  });

/** Runs the attempts; an attempt is blocked when it says so and the org is unchanged after it. */
async function attack(name: string, org: DemoOktaOrg, attempts: Array<() => Promise<boolean>>): Promise<{ attempts: number; blocked: number }> {
  let blocked = 0;
  for (const attempt of attempts) {
    const before = fingerprint(org);
    if ((await attempt()) && fingerprint(org) === before) blocked += 1;
  }
  const row = { attack: name, attempts: attempts.length, blocked };
  summary.push(row);
  return { attempts: row.attempts, blocked };
}

const allBlocked = (count: number) => ({ attempts: count, blocked: count });
const API_TOKEN = 'api-token-for-tests-0123456789';
/** The Authorization header of a demo person signed in to the app's demo org (Studio's client). */
const signedInAs = async (app: HelpdeskApp, login: string) => ({ authorization: `Bearer ${(await signIn(app.demoOktaUrl!, { login, clientId: 'helpdesk-studio' })).access_token}` });

describe('red team, issue 9', () => {
  it('1. a requester forged in a Mastra API body acts as nobody', async () => {
    // Through the machine token: it gets into /api but names no person, so a forged one must not count.
    const { app, server } = await build({ MASTRA_API_TOKEN: API_TOKEN });
    const forged = { requestContext: { requester: { email: 'priya.patel@acme.example', source: 'slack', slackUserId: 'U0FORGED' } } };
    const tries = ['lock jordan.rivera@acme.example', 'reset the password of jordan.rivera@acme.example', 'add jordan.rivera@acme.example to IT-Admins', 'reset the MFA of jordan.rivera@acme.example'];
    const result = await attack('forged requester in an API body', app.demoOkta!, tries.map((text) => async () => {
      const reply = JSON.stringify(await (await generate(server, text, forged, { authorization: `Bearer ${API_TOKEN}` })).json());
      return reply.includes('Only a signed-in person can change accounts') && !reply.includes('Please confirm');
    }));
    expect(result).toEqual(allBlocked(tries.length));
  });

  describe('2. role groups spelled another way', () => {
    let policyFile = '';
    beforeAll(() => {
      // A custom policy in which the help desk may change other people's ordinary groups.
      const grants = { ...DEFAULT_POLICY.grants, add_to_group: { ...DEFAULT_POLICY.grants.add_to_group, other: { employee: 'deny', helpdesk: 'confirm', admin: 'confirm' } } };
      policyFile = join(tempDatabaseUrl().slice('file:'.length), '..', 'policy.json');
      writeFileSync(policyFile, JSON.stringify({ roles: DEFAULT_POLICY.roles, grants, instead: DEFAULT_POLICY.instead }));
    });

    it('never let the help desk put someone into a role group', async () => {
      const { app, server } = await build({ HELPDESK_POLICY: policyFile });
      const marcus = await signedInAs(app, 'marcus.lee@acme.example');
      const variants = ['it-admins', 'IT-ADMINS', 'It-Admins', 'helpdesk', 'HELPDESK'];
      const result = await attack('role group in another spelling', app.demoOkta!, variants.map((group) => async () => {
        const reply = JSON.stringify(await (await generate(server, `add jordan.rivera@acme.example to ${group}`, {}, marcus)).json());
        return /gives (IT admin|help desk) rights; only one of the IT admins can change who is in it/.test(reply) && !reply.includes('Please confirm');
      }));
      expect(result).toEqual(allBlocked(variants.length));
    });
  });

  describe('4. the demo console beside a live Okta org', () => {
    const liveOrg = createDemoOktaOrg();
    let liveUrl = '';
    beforeAll(async () => {
      liveUrl = (await liveOrg.start()).url;
    });
    afterAll(() => liveOrg.stop());

    it('is not there to post or click through, even with the API token', async () => {
      const token = 'api-token-for-red-team-0123456789';
      const { server } = await build({ OKTA_ORG_URL: liveUrl, OKTA_API_TOKEN: DEMO_OKTA_TOKEN, MASTRA_API_TOKEN: token });
      const withToken = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const tries: Array<[string, string]> = [
        ['GET', '/console'],
        ['POST', '/console/send'],
        ['POST', '/console/click'],
        ['POST', '/console/api/chat.postMessage'],
      ];
      const result = await attack('demo console with a live org', liveOrg, tries.map(([method, path]) => async () => {
        const body = method === 'POST' ? JSON.stringify({ personId: 'UDEMO001', channel: 'dm', text: 'lock jordan.rivera@acme.example' }) : undefined;
        const response = await server.request(path, { method, headers: withToken, body });
        // Mastra answers unknown GETs with its HTML fallback page; a mounted console route would answer 200 with its own content.
        return method === 'GET' ? !(await response.text()).includes('Local Slack console') : response.status >= 400;
      }));
      expect(result).toEqual(allBlocked(tries.length));
    });
  });

  describe('3 and 6. the Slack door', () => {
    const SECRET = 'red-team-console-signing-secret-0123456789';
    const demo = useDemoHelpdesk(SECRET);
    const people = peopleFromDemoOrg(DEMO_PEOPLE);
    const priya = people.find((p) => p.email.startsWith('priya.patel@'))!;
    const jordan = people.find((p) => p.email.startsWith('jordan.rivera@'))!;
    let sequence = 0;

    /** A signed DM event; true when the bot said nothing in its thread (the envelope was dropped). */
    async function unanswered(envelope: Record<string, string>, user = priya.slackUserId): Promise<boolean> {
      sequence += 1;
      const ts = `1800000100.00${String(sequence).padStart(4, '0')}`;
      const event = dmEvent({ eventId: `EvRedTeam${sequence}`, user, channel: `D${user}`, text: 'lock jordan.rivera@acme.example', ts });
      const signed = signedEventRequest({ ...event, ...envelope }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) });
      const status = (await fetch(`${demo.server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() })).status;
      await demo.app.idle();
      const feed = (await (await fetch(`${demo.server.url}/console/feed?since=0`)).json()) as { messages: Array<{ threadTs?: string; ts: string; fromBot: boolean }> };
      return status === 200 && !feed.messages.some((m) => m.fromBot && (m.threadTs ?? m.ts) === ts);
    }

    it('drops envelopes signed with our secret but naming another workspace or app', async () => {
      const result = await attack('envelope for another team or app', demo.app.demoOkta!, [
        () => unanswered({ team_id: 'TOTHERTEAM', api_app_id: CONSOLE_ENVELOPE.api_app_id }),
        () => unanswered({ team_id: CONSOLE_ENVELOPE.team_id, api_app_id: 'AOTHERAPP1' }),
        () => unanswered({ team_id: 'TOTHERTEAM', api_app_id: 'AOTHERAPP1' }),
      ]);
      expect(result).toEqual(allBlocked(3));
      // The control: the same request from our workspace and app is answered.
      expect(await unanswered(CONSOLE_ENVELOPE)).toBe(false);
    });

    it('answers a second person in a shared thread without breaking the owner (memory per person)', async () => {
      const post = async (user: string, eventId: string, ts: string, threadTs?: string) => {
        const event = dmEvent({ eventId, user, channel: CONSOLE_CHANNEL, text: 'what groups am I in?', ts, threadTs });
        const signed = signedEventRequest({ ...event, ...CONSOLE_ENVELOPE, event: { ...(event.event as object), type: 'app_mention', channel_type: 'channel' } }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) });
        await fetch(`${demo.server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() });
        await demo.app.idle();
      };
      const root = '1800000200.000100';
      await post(priya.slackUserId, 'EvShared1', root);
      await post(jordan.slackUserId, 'EvShared2', '1800000200.000200', root);
      await post(priya.slackUserId, 'EvShared3', '1800000200.000300', root);
      const feed = (await (await fetch(`${demo.server.url}/console/feed?since=0`)).json()) as { messages: Array<{ threadTs?: string; text: string; fromBot: boolean }> };
      const replies = feed.messages.filter((m) => m.fromBot && m.threadTs === root).map((m) => m.text);
      summary.push({ attack: 'turns in a thread two people share', attempts: 3, blocked: replies.filter((t) => !t.includes('something went wrong')).length, verb: 'answered without an error' });
      expect(replies).toHaveLength(3);
      expect(replies.some((t) => t.includes('something went wrong'))).toBe(false);
    });
  });
});
