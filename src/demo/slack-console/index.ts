// The local Slack console, used when SLACK_BOT_TOKEN is unset: a fake Slack Web API under
// /console/api/ and a page at /console that talks to the product's real /slack routes.
import type { ApiRoute } from '@mastra/core/server';
import { createConsoleActions } from './actions.js';
import { consoleRoutes } from './routes.js';
import { createConsoleState, type ConsoleState } from './state.js';
import type { ConsoleIds, SlackConsoleOptions } from './types.js';
import { createWebApi } from './web-api.js';

export { peopleFromDemoOrg } from './people.js';
export type { ConsoleState } from './state.js';
export type { ConsoleMessage, ConsolePerson, ConsolePhone, ConsolePush, ConsoleReaction, SlackConsoleOptions } from './types.js';

export type SlackConsole = {
  routes: ApiRoute[];
  /** Base URL for @slack/web-api's `slackApiUrl`: `${serverUrl()}/console/api/`. */
  apiUrl: () => string;
  state: ConsoleState;
  ids: ConsoleIds;
};

export function createSlackConsole(options: SlackConsoleOptions): SlackConsole {
  const now = options.now ?? Date.now;
  const ids: ConsoleIds = {
    botUserId: options.botUserId ?? 'UHELPDESK1',
    botId: 'BHELPDESK1',
    appId: 'ACONSOLE01',
    teamId: options.teamId ?? 'TCONSOLE01',
    itHelpChannelId: 'CITHELP001',
  };
  const state = createConsoleState(now);
  const { people, signingSecret, serverUrl } = options;
  const callApi = createWebApi({ state, ids, people });
  const actions = createConsoleActions({ state, ids, people, signingSecret, serverUrl, now });
  const page = { people, botUserId: ids.botUserId, itHelpChannelId: ids.itHelpChannelId, phone: options.phone !== undefined };
  return {
    routes: consoleRoutes({ state, callApi, actions, page, phone: options.phone, people }),
    apiUrl: () => `${serverUrl()}/console/api/`,
    state,
    ids,
  };
}
