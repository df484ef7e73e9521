// The offline planner's rules against a table of realistic Slack phrasings: each row is its own test,
// and the table's accuracy is printed and must be 100%.
import { afterAll, describe, expect, it } from 'vitest';
import { planRequest, type PlannerDecision } from '../../../src/demo/planner/intents.js';

const JANE = 'jane.doe@acme.example';
const BOB = 'bob.lee@acme.example';
const ALEX = 'alex.kim@acme.example';
const DANA = 'dana.whitfield@acme.example';

type Expected = { tool: string; input: Record<string, string | number> } | 'text';
type Row = { say: string; expect: Expected; recentEmail?: string };

const tool = (name: string, input: Record<string, string | number> = {}): Expected => ({ tool: name, input });

const TABLE: Row[] = [
  // help, greetings and things it cannot do
  { say: 'help', expect: 'text' },
  { say: 'what can you do?', expect: 'text' },
  { say: 'hi', expect: 'text' },
  { say: 'hello!', expect: 'text' },
  { say: 'order me a pizza', expect: 'text' },
  { say: "what's the weather in Paris?", expect: 'text' },
  { say: 'tell me a joke', expect: 'text' },
  { say: `delete ${JANE}'s account`, expect: 'text' },
  { say: 'create a new group called Test', expect: 'text' },
  // passwords
  { say: 'I forgot my password', expect: tool('resetPassword', { person: 'me' }) },
  { say: 'can u reset my pasword pls', expect: tool('resetPassword', { person: 'me' }) },
  { say: 'my password expired and I can’t remember it', expect: tool('resetPassword', { person: 'me' }) },
  { say: `Please reset the password for ${JANE}, thanks!`, expect: tool('resetPassword', { person: JANE }) },
  { say: `reset password <mailto:${BOB}|${BOB}>`, expect: tool('resetPassword', { person: BOB }) },
  { say: '<@U0BOT> reset my password', expect: tool('resetPassword', { person: 'me' }) },
  { say: "reset Jane's password", expect: tool('resetPassword', { person: 'Jane' }) },
  { say: 'reset the password of Alex Kim', expect: tool('resetPassword', { person: 'Alex Kim' }) },
  // a mention, as the Slack layer passes it on: the person's verified email in its place
  { say: `reset the password of ${ALEX}`, expect: tool('resetPassword', { person: ALEX }) },
  // a mention the Slack layer could not match to an email: ask, never the requester
  { say: 'reset the password of <@U0ALEX>', expect: 'text' },
  { say: 'lock <@U0ALEX|alex>', expect: 'text' },
  { say: `reset MFA for Taylor Brooks`, expect: tool('resetMfa', { person: 'Taylor Brooks' }) },
  { say: 'reset her password', expect: 'text' },
  // lock
  { say: 'lock my account, I lost my laptop', expect: tool('lockAccount', { person: 'me' }) },
  { say: `please lock ${JANE}, she lost her laptop`, expect: tool('lockAccount', { person: JANE }) },
  { say: `suspend ${BOB} asap`, expect: tool('lockAccount', { person: BOB }) },
  { say: 'my laptop was stolen', expect: tool('lockAccount', { person: 'me' }) },
  { say: "lock Bob's account", expect: tool('lockAccount', { person: 'Bob' }) },
  { say: "lock Dana Whitfield's account", expect: tool('lockAccount', { person: 'Dana Whitfield' }) },
  { say: "please lock dana whitfield's account", expect: tool('lockAccount', { person: 'whitfield' }) },
  { say: 'lock her account', recentEmail: BOB, expect: tool('lockAccount', { person: BOB }) },
  // unlock
  { say: 'unlock my account', expect: tool('unlockAccount', { person: 'me' }) },
  { say: `can you unlcok ${JANE}?`, expect: tool('unlockAccount', { person: JANE }) },
  { say: `unsuspend ${BOB}`, expect: tool('unlockAccount', { person: BOB }) },
  { say: 'unlock jane', expect: tool('unlockAccount', { person: 'jane' }) },
  { say: 'please unlock Riley Chen', expect: tool('unlockAccount', { person: 'Riley Chen' }) },
  // MFA
  { say: 'reset my MFA', expect: tool('resetMfa', { person: 'me' }) },
  { say: 'I got a new phone and need to set up Okta Verify again', expect: tool('resetMfa', { person: 'me' }) },
  { say: `reset 2FA for ${JANE}`, expect: tool('resetMfa', { person: JANE }) },
  { say: 'my authenticator app stopped working', expect: tool('resetMfa', { person: 'me' }) },
  // groups of someone
  { say: 'what groups am I in?', expect: tool('listUserGroups', { person: 'me' }) },
  { say: `what access does ${BOB} have?`, expect: tool('listUserGroups', { person: BOB }) },
  { say: `list the groups for <mailto:${JANE}|${JANE}>`, expect: tool('listUserGroups', { person: JANE }) },
  { say: 'which groups is Jane in', expect: tool('listUserGroups', { person: 'Jane' }) },
  { say: 'what groups is Jordan in?', expect: tool('listUserGroups', { person: 'Jordan' }) },
  { say: 'what groups is Alex Kim in?', expect: tool('listUserGroups', { person: 'Alex Kim' }) },
  // add to / remove from a group
  { say: `add ${JANE} to Engineering`, expect: tool('addUserToGroup', { person: JANE, groupName: 'Engineering' }) },
  { say: `Could you please add ${BOB} to the Data Science group?`, expect: tool('addUserToGroup', { person: BOB, groupName: 'Data Science' }) },
  { say: 'add me to Sales Ops please', expect: tool('addUserToGroup', { person: 'me', groupName: 'Sales Ops' }) },
  { say: 'I need access to the Finance group', expect: tool('addUserToGroup', { person: 'me', groupName: 'Finance' }) },
  { say: `give ${BOB} access to Salesforce Admins`, expect: tool('addUserToGroup', { person: BOB, groupName: 'Salesforce Admins' }) },
  { say: 'add me to Research and Development', expect: tool('addUserToGroup', { person: 'me', groupName: 'Research and Development' }) },
  { say: 'and add her to Sales too', recentEmail: JANE, expect: tool('addUserToGroup', { person: JANE, groupName: 'Sales' }) },
  { say: 'add Bob to Sales', expect: tool('addUserToGroup', { person: 'Bob', groupName: 'Sales' }) },
  { say: 'add Alex Kim to Engineering', expect: tool('addUserToGroup', { person: 'Alex Kim', groupName: 'Engineering' }) },
  { say: `remove ${JANE} from Marketing`, expect: tool('removeUserFromGroup', { person: JANE, groupName: 'Marketing' }) },
  { say: 'take me off the Design Reviewers group', expect: tool('removeUserFromGroup', { person: 'me', groupName: 'Design Reviewers' }) },
  { say: 'revoke my access to Finance', expect: tool('removeUserFromGroup', { person: 'me', groupName: 'Finance' }) },
  { say: 'remove Bob from Sales', expect: tool('removeUserFromGroup', { person: 'Bob', groupName: 'Sales' }) },
  // find a group
  { say: 'is there a Sales group?', expect: tool('findGroup', { name: 'Sales' }) },
  { say: 'find group Eng', expect: tool('findGroup', { name: 'Eng' }) },
  { say: 'does the Marketing group exist', expect: tool('findGroup', { name: 'Marketing' }) },
  { say: 'is there a group called "Data Science"?', expect: tool('findGroup', { name: 'Data Science' }) },
  // who is / status
  { say: 'who is Jane?', expect: tool('findUser', { query: 'Jane' }) },
  { say: 'find Bob Lee', expect: tool('findUser', { query: 'Bob Lee' }) },
  { say: 'look up jane', expect: tool('findUser', { query: 'jane' }) },
  { say: `who is ${JANE}`, expect: tool('getUserDetails', { person: JANE }) },
  { say: `status of ${BOB}`, expect: tool('getUserDetails', { person: BOB }) },
  { say: `is ${JANE} locked?`, expect: tool('getUserDetails', { person: JANE }) },
  { say: 'is Jane locked out?', expect: tool('findUser', { query: 'Jane' }) },
  { say: 'am I locked out?', expect: tool('getUserDetails', { person: 'me' }) },
  { say: 'check my account status', expect: tool('getUserDetails', { person: 'me' }) },
  { say: 'when did I last change my password?', expect: tool('getUserDetails', { person: 'me' }) },
  { say: 'search for jane.doe@', expect: tool('findUser', { query: 'jane.doe@' }) },
  { say: 'reset password for the new hire', expect: 'text' },
  { say: 'I want to join the Platform Team group', expect: tool('addUserToGroup', { person: 'me', groupName: 'Platform Team' }) },
  { say: 'thanks!', expect: 'text' },
  // sign-in trouble: the diagnosis, never an Unlock card for an account that may not be locked
  { say: `why can't ${ALEX} sign in?`, expect: tool('diagnoseSignIn', { person: ALEX }) },
  { say: `${ALEX} can't log in`, expect: tool('diagnoseSignIn', { person: ALEX }) },
  { say: "I'm locked out", expect: tool('diagnoseSignIn', { person: 'me' }) },
  { say: 'i’m locked out of okta, can you help?', expect: tool('diagnoseSignIn', { person: 'me' }) },
  { say: "why can't I log in?", expect: tool('diagnoseSignIn', { person: 'me' }) },
  { say: "Hey, can't sign in to Okta, what's wrong?", expect: tool('diagnoseSignIn', { person: 'me' }) },
  { say: `what's going on with ${DANA}'s account?`, expect: tool('diagnoseSignIn', { person: DANA }) },
  { say: `whats going on with ${DANA}`, expect: tool('diagnoseSignIn', { person: DANA }) },
  { say: `show me the recent sign-in failures for ${ALEX}`, expect: tool('diagnoseSignIn', { person: ALEX }) },
  { say: 'show me my failed logins', expect: tool('diagnoseSignIn', { person: 'me' }) },
  { say: "what's going on with my account?", expect: tool('diagnoseSignIn', { person: 'me' }) },
  { say: 'I have trouble signing in', expect: tool('diagnoseSignIn', { person: 'me' }) },
  { say: 'his login is not working', recentEmail: BOB, expect: tool('diagnoseSignIn', { person: BOB }) },
  { say: "jane can't log in", expect: tool('diagnoseSignIn', { person: 'jane' }) },
  { say: "why can't Jane sign in?", expect: tool('diagnoseSignIn', { person: 'Jane' }) },
  { say: "what's going on with Jane?", expect: tool('diagnoseSignIn', { person: 'Jane' }) },
  { say: "Alex Kim can't sign in", expect: tool('diagnoseSignIn', { person: 'Alex Kim' }) },
  { say: "why can't Alex Kim log in?", expect: tool('diagnoseSignIn', { person: 'Alex Kim' }) },
  { say: "what's going on with Dana Whitfield?", expect: tool('diagnoseSignIn', { person: 'Dana Whitfield' }) },
  { say: "I'm locked out, please unlock me", expect: tool('unlockAccount', { person: 'me' }) },
  { say: "I can't log in, I forgot my password", expect: tool('resetPassword', { person: 'me' }) },
  { say: "can't sign-in with my authenticator", expect: tool('diagnoseSignIn', { person: 'me' }) },
  { say: 'my authenticator app stopped working and I cannot log in', expect: tool('resetMfa', { person: 'me' }) },
  { say: 'someone hacked my account, lock it', expect: tool('lockAccount', { person: 'me' }) },
  { say: 'reset the password for my colleague Bob', expect: 'text' },
  { say: 'my manager said to reset my password', expect: tool('resetPassword', { person: 'me' }) },
  { say: 'add the new intern to Sales', expect: 'text' },
  { say: 'what is her status', recentEmail: JANE, expect: tool('getUserDetails', { person: JANE }) },
  // directory queries (help desk and admins): many people, selected by status, group, department, sign-in
  { say: 'who is locked out right now?', expect: tool('queryUsers', { status: 'LOCKED_OUT' }) },
  { say: "who's locked out?", expect: tool('queryUsers', { status: 'LOCKED_OUT' }) },
  { say: 'which Engineering users have not signed in for 30 days?', expect: tool('queryUsers', { department: 'Engineering', lastSignInBefore: 30 }) },
  { say: "list Sales people who haven't logged in in 2 weeks", expect: tool('queryUsers', { department: 'Sales', lastSignInBefore: 14 }) },
  { say: 'which users signed in within the last 7 days', expect: tool('queryUsers', { lastSignInAfter: 7 }) },
  { say: 'members of Contractors', expect: tool('queryUsers', { group: 'Contractors' }) },
  { say: 'who is in the Engineering group?', expect: tool('queryUsers', { group: 'Engineering' }) },
  { say: 'suspended users in Sales', expect: tool('queryUsers', { status: 'SUSPENDED', department: 'Sales' }) },
  { say: 'show me all accounts with expired passwords', expect: tool('queryUsers', { status: 'PASSWORD_EXPIRED' }) },
  // ...and questions about one person stay with the tools for one person
  { say: 'am I locked out?', expect: tool('getUserDetails', { person: 'me' }) },
  { say: 'who is Jordan?', expect: tool('findUser', { query: 'Jordan' }) },
  // app access: app names, not groups, and whose access
  { say: "I can't open Salesforce", expect: tool('checkAppAccess', { person: 'me', app: 'Salesforce' }) },
  { say: 'I need access to Zoom', expect: tool('checkAppAccess', { person: 'me', app: 'Zoom' }) },
  { say: `can ${ALEX} use GitHub?`, expect: tool('checkAppAccess', { person: ALEX, app: 'GitHub' }) },
  { say: `why can't ${ALEX} get into Zoom?`, expect: tool('checkAppAccess', { person: ALEX, app: 'Zoom' }) },
  { say: 'can Alex Kim use GitHub?', expect: tool('checkAppAccess', { person: 'Alex Kim', app: 'GitHub' }) },
  { say: "I can't log into the Tableau Online app", expect: tool('checkAppAccess', { person: 'me', app: 'Tableau Online' }) },
  { say: 'why cant i access workday', expect: tool('checkAppAccess', { person: 'me', app: 'workday' }) },
  { say: "I can't get into Okta", expect: tool('diagnoseSignIn', { person: 'me' }) },
];

function asExpected(decision: PlannerDecision): Expected {
  return decision.kind === 'text' ? 'text' : { tool: decision.toolName, input: decision.input };
}

let correct = 0;

describe('offline planner intents', () => {
  it('has a table of at least 40 phrasings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TABLE)('"$say" → $expect', (row) => {
    const got = asExpected(planRequest(row.say, { recentEmail: row.recentEmail }));
    if (JSON.stringify(got) === JSON.stringify(row.expect)) correct += 1;
    expect(got).toEqual(row.expect);
  });

  afterAll(() => {
    const accuracy = (100 * correct) / TABLE.length;
    process.stdout.write(`offline planner accuracy: ${correct}/${TABLE.length} (${accuracy.toFixed(1)}%)\n`);
  });

  it('names the person in the tool call, so the tool looks the name up and the requester is never assumed', () => {
    expect(planRequest("reset Jane's password")).toEqual({ kind: 'tool', toolName: 'resetPassword', input: { person: 'Jane' } });
  });

  it('asks who is meant for a Slack mention it cannot match to an email', () => {
    expect(planRequest('<@U0BOT> unlock <@U0ALEX>')).toEqual({ kind: 'text', text: expect.stringContaining('Who do you mean?') });
  });

  it('answers unsupported requests with what it can do', () => {
    const decision = planRequest('order me a pizza');
    expect(decision.kind === 'text' && decision.text).toMatch(/can't help with that[\s\S]*password reset link[\s\S]*unlock an account/);
  });
});
