// Shapes shared by the local Slack console: its people, its options and the messages it keeps.

/** An Okta Verify push waiting on a demo person's phone: the three numbers shown, never the right one. */
export type ConsolePush = { transactionId: string; choices: number[]; expiresAt: string; device: string };

/** The demo org's Okta Verify, as the console's "phone" panel uses it (DemoOktaOrg['phone']). */
export type ConsolePhone = {
  waiting(email: string): ConsolePush[];
  answer(transactionId: string, answer: { pick: number } | 'deny'): string | undefined;
};

/** A demo person you can act as in the console; the Slack user id is what events carry. */
export type ConsolePerson = { slackUserId: string; name: string; email: string; title?: string };

export type SlackConsoleOptions = {
  people: ConsolePerson[];
  /** Signs the events and interactions the console sends; never sent to the browser. */
  signingSecret: string;
  /** Base URL of the server hosting /slack/events, e.g. http://127.0.0.1:4111 (known after listen). */
  serverUrl: () => string;
  botUserId?: string;
  teamId?: string;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now?: () => number;
  /** The demo org's Okta Verify pushes: the page shows the acting person's "phone" (absent with a live Okta org). */
  phone?: ConsolePhone;
};

/** Fixed identities of the fake workspace, filled from the options and defaults. */
export type ConsoleIds = {
  botUserId: string;
  botId: string;
  appId: string;
  teamId: string;
  itHelpChannelId: string;
};

export type ConsoleReaction = { name: string; users: string[] };

/** A message as the console keeps it: Slack's fields plus what the page needs to draw it. */
export type ConsoleMessage = {
  channel: string;
  ts: string;
  threadTs?: string;
  user: string;
  text: string;
  blocks?: unknown[];
  /** Set for chat.postEphemeral and ephemeral response_url answers: only this user sees it. */
  ephemeralFor?: string;
  /** Whether the bot posted it (carries bot_id/app_id in Slack's shapes). */
  fromBot: boolean;
  reactions: ConsoleReaction[];
  deleted?: boolean;
  /** Feed position of the last change; the page asks for everything after its cursor. */
  seq: number;
};
