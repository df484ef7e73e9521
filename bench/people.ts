// The bench's cast and requests: the demo org's people with the console's stable Slack ids, and one scenario per supported action (who asks, in which words).
import { DEMO_PEOPLE } from '../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../src/demo/slack-console/index.js';
import type { BenchPerson } from './fake-slack.js';

export const PEOPLE: BenchPerson[] = peopleFromDemoOrg(DEMO_PEOPLE).map(({ slackUserId, email }) => ({ slackUserId, email }));

/** The Slack user id of a demo person by the first part of their email ('jordan.rivera'). */
export function slackIdOf(handle: string): string {
  const person = PEOPLE.find((p) => p.email.startsWith(`${handle}@`));
  if (!person) throw new Error(`no demo person ${handle}`);
  return person.slackUserId;
}

export type Scenario = { action: string; text: string; requester: string; selfService: boolean };

/** Self-service requests come from employees; lookups of others from the help desk, who may make them. */
export const SCENARIOS: Scenario[] = [
  { action: 'reset password', text: 'reset my password', requester: 'jordan.rivera', selfService: true },
  { action: 'lock account', text: 'lock my account', requester: 'omar.haddad', selfService: true },
  { action: 'unlock account', text: 'unlock my account', requester: 'alex.kim', selfService: true },
  { action: 'reset MFA', text: 'reset my MFA', requester: 'jane.smith', selfService: true },
  { action: 'list my groups', text: 'what groups am I in', requester: 'jordan.rivera', selfService: true },
  { action: 'add to group', text: 'add me to Engineering', requester: 'jane.smith', selfService: true },
  { action: 'remove from group', text: 'remove me from Sales', requester: 'dana.whitfield', selfService: true },
  { action: 'find user', text: 'who is jordan', requester: 'marcus.lee', selfService: false },
  { action: 'account status', text: 'what is the status of jordan.rivera@acme.example', requester: 'marcus.lee', selfService: false },
  { action: 'help', text: 'help', requester: 'chris.morgan', selfService: true },
  { action: 'app access', text: "I can't open Salesforce", requester: 'jordan.rivera', selfService: true },
];

/** Troubleshooting requests, one per seeded trouble that the diagnosis can fix or must not "fix". */
export const DIAGNOSIS_SCENARIOS: Scenario[] = [
  { action: 'diagnose: locked out', text: "why can't alex.kim@acme.example sign in?", requester: 'marcus.lee', selfService: false },
  { action: "diagnose: \"I'm locked out\" (active)", text: "I'm locked out", requester: 'jordan.rivera', selfService: true },
  { action: 'diagnose: expired password', text: "why can't I log in?", requester: 'dana.whitfield', selfService: true },
  { action: 'diagnose: suspended', text: "why can't I sign in?", requester: 'sam.taylor', selfService: true },
  { action: 'diagnose: MFA failures', text: "what's going on with chris.morgan@acme.example?", requester: 'marcus.lee', selfService: false },
];

/**
 * Requests whose warm path makes no Okta call (the confirmation cards and help), plus one read: the
 * demo org enforces Okta's 600-per-minute rate limit, and the load runs send thousands of events.
 */
export const LOAD_MIX: Scenario[] = SCENARIOS.filter((s) => ['reset password', 'lock account', 'unlock account', 'help'].includes(s.action));
export const STORM_MIX: Scenario[] = [...LOAD_MIX, SCENARIOS.find((s) => s.action === 'list my groups')!];
