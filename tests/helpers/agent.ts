// The helpdesk agent as the Slack worker runs it (Mastra instance, real desk on a temp database,
// the responder), around mocked Okta: msw with the small org of org.ts and a call recorder.
import { Mastra } from '@mastra/core/mastra';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createHelpdeskAgent, HELPDESK_AGENT_ID } from '../../src/mastra/agents/helpdesk-agent.js';
import { createResponder } from '../../src/mastra/agents/respond.js';
import { createDirectory, createOktaClient } from '../../src/okta/index.js';
import { createTestDesk } from './desk.js';
import type { scriptedModel } from './model.js';
import { ORG_URL, TOKEN, createRecorder, type Recorder } from './okta.js';
import { orgReads } from './org.js';

/** msw for one test file with the org's reads; unhandled requests fail; the recorder is emptied after each test. */
export function useMockOrg(): { server: SetupServer; recorder: Recorder } {
  const server = setupServer();
  const recorder = createRecorder();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  beforeEach(() => server.use(...orgReads(recorder)));
  afterEach(() => {
    server.resetHandlers();
    recorder.sent.length = 0;
  });
  afterAll(() => server.close());
  return { server, recorder };
}

/** The responder the Slack worker uses, on the agent with this model and a fresh desk over mocked Okta. */
export async function createTestResponder(model: ReturnType<typeof scriptedModel>['model']) {
  const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 }));
  const { desk } = await createTestDesk(directory);
  const mastra = new Mastra({ agents: { [HELPDESK_AGENT_ID]: createHelpdeskAgent({ model, tools: { directory, desk } }) }, logger: false });
  return createResponder(mastra.getAgent(HELPDESK_AGENT_ID));
}
