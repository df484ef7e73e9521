// The offline planner's rules against a table of realistic Slack phrasings: each row is its own test,
// and the table's accuracy is printed and must be 100%.
import { afterAll, describe, expect, it } from 'vitest';
import { planRequest, type PlannerDecision } from '../../../src/demo/planner/intents.js';

const JANE = 'jane.doe@acme.example';
const BOB = 'bob.lee@acme.example';
const ALEX = 'alex.kim@acme.example';
const DANA = 'dana.whitfield@acme.example';

type Expected = { tool: string; input: Record<string, string> } | 'text';
type Row = { say: string; expect: Expected; recentEmail?: string };

const tool = (name: string, input: Record<string, string> = {}): Expected => ({ tool: name, input });

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
  { say: 'I forgot my password', expect: tool('resetPassword') },
  { say: 'can u reset my pasword pls', expect: tool('resetPassword') },
  { say: 'my password expired and I can’t remember it', expect: tool('resetPassword') },
  { say: `Please reset the password for ${JANE}, thanks!`, expect: tool('resetPassword', { email: JANE }) },
  { say: `reset password <mailto:${BOB}|${BOB}>`, expect: tool('resetPassword', { email: BOB }) },
  { say: '<@U0BOT> reset my password', expect: tool('resetPassword') },
  { say: "reset Jane's password", expect: 'text' },
  { say: 'reset her password', expect: 'text' },
  // lock
  { say: 'lock my account, I lost my laptop', expect: tool('lockAccount') },
  { say: `please lock ${JANE}, she lost her laptop`, expect: tool('lockAccount', { email: JANE }) },
  { say: `suspend ${BOB} asap`, expect: tool('lockAccount', { email: BOB }) },
  { say: 'my laptop was stolen', expect: tool('lockAccount') },
  { say: "lock Bob's account", expect: 'text' },
  { say: 'lock her account', recentEmail: BOB, expect: tool('lockAccount', { email: BOB }) },
  // unlock
  { say: 'unlock my account', expect: tool('unlockAccount') },
  { say: `can you unlcok ${JANE}?`, expect: tool('unlockAccount', { email: JANE }) },
  { say: `unsuspend ${BOB}`, expect: tool('unlockAccount', { email: BOB }) },
  { say: 'unlock jane', expect: 'text' },
  // MFA
  { say: 'reset my MFA', expect: tool('resetMfa') },
  { say: 'I got a new phone and need to set up Okta Verify again', expect: tool('resetMfa') },
  { say: `reset 2FA for ${JANE}`, expect: tool('resetMfa', { email: JANE }) },
  { say: 'my authenticator app stopped working', expect: tool('resetMfa') },
  // groups of someone
  { say: 'what groups am I in?', expect: tool('listUserGroups') },
  { say: `what access does ${BOB} have?`, expect: tool('listUserGroups', { email: BOB }) },
  { say: `list the groups for <mailto:${JANE}|${JANE}>`, expect: tool('listUserGroups', { email: JANE }) },
  { say: 'which groups is Jane in', expect: 'text' },
  // add to / remove from a group
  { say: `add ${JANE} to Engineering`, expect: tool('addUserToGroup', { email: JANE, groupName: 'Engineering' }) },
  { say: `Could you please add ${BOB} to the Data Science group?`, expect: tool('addUserToGroup', { email: BOB, groupName: 'Data Science' }) },
  { say: 'add me to Sales Ops please', expect: tool('addUserToGroup', { groupName: 'Sales Ops' }) },
  { say: 'I need access to the Finance group', expect: tool('addUserToGroup', { groupName: 'Finance' }) },
  { say: `give ${BOB} access to Salesforce Admins`, expect: tool('addUserToGroup', { email: BOB, groupName: 'Salesforce Admins' }) },
  { say: 'add me to Research and Development', expect: tool('addUserToGroup', { groupName: 'Research and Development' }) },
  { say: 'and add her to Sales too', recentEmail: JANE, expect: tool('addUserToGroup', { email: JANE, groupName: 'Sales' }) },
  { say: 'add Bob to Sales', expect: 'text' },
  { say: `remove ${JANE} from Marketing`, expect: tool('removeUserFromGroup', { email: JANE, groupName: 'Marketing' }) },
  { say: 'take me off the Design Reviewers group', expect: tool('removeUserFromGroup', { groupName: 'Design Reviewers' }) },
  { say: 'revoke my access to Finance', expect: tool('removeUserFromGroup', { groupName: 'Finance' }) },
  { say: 'remove Bob from Sales', expect: 'text' },
  // find a group
  { say: 'is there a Sales group?', expect: tool('findGroup', { name: 'Sales' }) },
  { say: 'find group Eng', expect: tool('findGroup', { name: 'Eng' }) },
  { say: 'does the Marketing group exist', expect: tool('findGroup', { name: 'Marketing' }) },
  { say: 'is there a group called "Data Science"?', expect: tool('findGroup', { name: 'Data Science' }) },
  // who is / status
  { say: 'who is Jane?', expect: tool('findUser', { query: 'Jane' }) },
  { say: 'find Bob Lee', expect: tool('findUser', { query: 'Bob Lee' }) },
  { say: 'look up jane', expect: tool('findUser', { query: 'jane' }) },
  { say: `who is ${JANE}`, expect: tool('getUserDetails', { email: JANE }) },
  { say: `status of ${BOB}`, expect: tool('getUserDetails', { email: BOB }) },
  { say: `is ${JANE} locked?`, expect: tool('getUserDetails', { email: JANE }) },
  { say: 'is Jane locked out?', expect: tool('findUser', { query: 'Jane' }) },
  { say: 'am I locked out?', expect: tool('getUserDetails') },
  { say: 'check my account status', expect: tool('getUserDetails') },
  { say: 'when did I last change my password?', expect: tool('getUserDetails') },
  { say: 'search for jane.doe@', expect: tool('findUser', { query: 'jane.doe@' }) },
  { say: 'reset password for the new hire', expect: 'text' },
  { say: 'I want to join the Platform Team group', expect: tool('addUserToGroup', { groupName: 'Platform Team' }) },
  { say: 'thanks!', expect: 'text' },
  // sign-in trouble: the diagnosis, never an Unlock card for an account that may not be locked
  { say: `why can't ${ALEX} sign in?`, expect: tool('diagnoseSignIn', { email: ALEX }) },
  { say: `${ALEX} can't log in`, expect: tool('diagnoseSignIn', { email: ALEX }) },
  { say: "I'm locked out", expect: tool('diagnoseSignIn') },
  { say: 'i’m locked out of okta, can you help?', expect: tool('diagnoseSignIn') },
  { say: "why can't I log in?", expect: tool('diagnoseSignIn') },
  { say: "Hey, can't sign in to Okta, what's wrong?", expect: tool('diagnoseSignIn') },
  { say: `what's going on with ${DANA}'s account?`, expect: tool('diagnoseSignIn', { email: DANA }) },
  { say: `whats going on with ${DANA}`, expect: tool('diagnoseSignIn', { email: DANA }) },
  { say: `show me the recent sign-in failures for ${ALEX}`, expect: tool('diagnoseSignIn', { email: ALEX }) },
  { say: 'show me my failed logins', expect: tool('diagnoseSignIn') },
  { say: "what's going on with my account?", expect: tool('diagnoseSignIn') },
  { say: 'I have trouble signing in', expect: tool('diagnoseSignIn') },
  { say: 'his login is not working', recentEmail: BOB, expect: tool('diagnoseSignIn', { email: BOB }) },
  { say: "jane can't log in", expect: 'text' },
  { say: "why can't Jane sign in?", expect: 'text' },
  { say: "what's going on with Jane?", expect: 'text' },
  { say: "I'm locked out, please unlock me", expect: tool('unlockAccount') },
  { say: "I can't log in, I forgot my password", expect: tool('resetPassword') },
  { say: "can't sign-in with my authenticator", expect: tool('diagnoseSignIn') },
  { say: 'my authenticator app stopped working and I cannot log in', expect: tool('resetMfa') },
  { say: 'someone hacked my account, lock it', expect: tool('lockAccount') },
  { say: 'reset the password for my colleague Bob', expect: 'text' },
  { say: 'my manager said to reset my password', expect: tool('resetPassword') },
  { say: 'add the new intern to Sales', expect: 'text' },
  { say: 'what is her status', recentEmail: JANE, expect: tool('getUserDetails', { email: JANE }) },
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

  it('asks for the work email by name when someone is named without one', () => {
    const decision = planRequest("reset Jane's password");
    expect(decision).toEqual({ kind: 'text', text: expect.stringContaining("What is Jane's work email address?") });
  });

  it('answers unsupported requests with what it can do', () => {
    const decision = planRequest('order me a pizza');
    expect(decision.kind === 'text' && decision.text).toMatch(/can't help with that[\s\S]*password reset link[\s\S]*unlock an account/);
  });
});
