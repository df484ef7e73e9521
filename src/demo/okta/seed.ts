// The seeded demo org (acme.example): who is in it, in which state and groups. Plain data, so the
// README and the local Slack console can list the same people the demo Okta org serves.
import type { DemoApp, DemoLogEntry, DemoPerson, DemoSeed } from './types.js';

export const DEMO_DOMAIN = 'acme.example';

export const DEMO_GROUPS: DemoSeed['groups'] = [
  { name: 'IT-Admins', description: 'IT administrators: the admin role in the help desk' },
  { name: 'Helpdesk', description: 'Help desk staff: the helpdesk role' },
  { name: 'Engineering', description: 'Engineering department' },
  { name: 'Sales', description: 'Sales department' },
  { name: 'Contractors', description: null },
];

type PersonInput = Omit<DemoPerson, 'email' | 'slackName' | 'employeeType' | 'mobilePhone'> &
  Partial<Pick<DemoPerson, 'employeeType' | 'mobilePhone'>>;

function person(input: PersonInput): DemoPerson {
  const handle = `${input.firstName}.${input.lastName}`.toLowerCase();
  return {
    employeeType: 'Employee',
    mobilePhone: null,
    ...input,
    email: `${handle}@${DEMO_DOMAIN}`,
    slackName: handle,
  };
}

export const DEMO_PEOPLE: DemoPerson[] = [
  person({
    firstName: 'Priya', lastName: 'Patel', title: 'IT Administrator', department: 'IT',
    role: 'IT admin (admin role)', status: 'ACTIVE', groups: ['IT-Admins'], factors: ['push', 'totp'],
    mobilePhone: '+1-555-0101',
  }),
  person({
    firstName: 'Marcus', lastName: 'Lee', title: 'Help Desk Analyst', department: 'IT',
    role: 'help desk (helpdesk role)', status: 'ACTIVE', groups: ['Helpdesk'], factors: ['push'],
    mobilePhone: '+1-555-0102',
  }),
  person({
    firstName: 'Jordan', lastName: 'Rivera', title: 'Software Engineer', department: 'Engineering',
    role: 'employee', status: 'ACTIVE', groups: ['Engineering'], factors: ['push', 'totp'],
  }),
  person({
    firstName: 'Omar', lastName: 'Haddad', title: 'Engineering Manager', department: 'Engineering',
    role: 'employee', status: 'ACTIVE', groups: ['Engineering'], factors: ['push', 'sms'],
    mobilePhone: '+1-555-0104',
  }),
  person({
    firstName: 'Jane', lastName: 'Smith', title: 'Account Executive', department: 'Sales',
    role: 'employee, not in Engineering', status: 'ACTIVE', groups: ['Sales'], factors: ['push', 'sms'],
    mobilePhone: '+1-555-0105',
  }),
  person({
    firstName: 'Alex', lastName: 'Kim', title: 'Data Engineer', department: 'Engineering',
    role: 'locked out after failed sign-ins', status: 'LOCKED_OUT', groups: ['Engineering'], factors: ['push'],
  }),
  person({
    firstName: 'Sam', lastName: 'Taylor', title: 'Sales Representative', department: 'Sales',
    role: 'suspended (on leave)', status: 'SUSPENDED', groups: ['Sales'], factors: ['totp'],
  }),
  person({
    firstName: 'Chris', lastName: 'Morgan', title: 'Contract UX Designer', department: 'Design',
    employeeType: 'Contractor', role: 'contractor', status: 'ACTIVE', groups: ['Contractors'], factors: ['sms'],
    mobilePhone: '+1-555-0108',
  }),
  person({
    firstName: 'Dana', lastName: 'Whitfield', title: 'Sales Operations Analyst', department: 'Sales',
    role: 'password expired', status: 'PASSWORD_EXPIRED', groups: ['Sales'], factors: ['push'],
  }),
  person({
    firstName: 'Riley', lastName: 'Chen', title: 'Software Engineer', department: 'Engineering',
    role: 'new hire, not activated yet', status: 'STAGED', groups: ['Engineering'], factors: [],
  }),
  person({
    firstName: 'Taylor', lastName: 'Brooks', title: 'Sales Representative', department: 'Sales',
    role: 'former employee (deactivated)', status: 'DEPROVISIONED', groups: [], factors: [],
  }),
  person({
    firstName: 'Noah', lastName: 'Fischer', title: 'Contract Data Engineer', department: 'Engineering',
    employeeType: 'Contractor', role: 'contractor, not signed in for 45 days', status: 'ACTIVE', groups: ['Contractors'], factors: ['totp'],
    lastSignInDaysAgo: 45,
  }),
];

const email = (handle: string) => `${handle}@${DEMO_DOMAIN}`;
const PRIYA = { email: email('priya.patel') };
const WRONG_PASSWORD = { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } as const;

/**
 * The recent past that explains each seeded trouble (times relative to the org's start, so "2 hours
 * ago" stays true): Alex's failed sign-ins and lockout, Dana's expired password, Sam suspended by
 * Priya, Chris's failed MFA checks, Riley created and never activated, Taylor deactivated.
 */
export const DEMO_HISTORY: DemoLogEntry[] = [
  ...[135, 133, 131, 129, 127].map((minutesAgo): DemoLogEntry => ({
    email: email('alex.kim'), eventType: 'user.session.start', displayMessage: 'User login to Okta', minutesAgo, actor: 'self', outcome: WRONG_PASSWORD,
  })),
  { email: email('alex.kim'), eventType: 'user.account.lock', displayMessage: 'Max sign in attempts exceeded', minutesAgo: 126, actor: 'self', changesStatus: true },
  { email: email('dana.whitfield'), eventType: 'user.account.expire_password', displayMessage: 'Expire password for Okta user', minutesAgo: 26 * 60, actor: 'okta', changesStatus: true },
  { email: email('sam.taylor'), eventType: 'user.lifecycle.suspend', displayMessage: 'Suspend Okta user', minutesAgo: 3 * 24 * 60, actor: PRIYA, changesStatus: true },
  ...[52, 47, 41].map((minutesAgo): DemoLogEntry => ({
    email: email('chris.morgan'), eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', minutesAgo, actor: 'self', outcome: WRONG_PASSWORD,
  })),
  { email: email('riley.chen'), eventType: 'user.lifecycle.create', displayMessage: 'Create Okta user', minutesAgo: 2 * 24 * 60, actor: PRIYA },
  { email: email('taylor.brooks'), eventType: 'user.lifecycle.deactivate', displayMessage: 'Deactivate Okta user', minutesAgo: 5 * 24 * 60, actor: PRIYA, changesStatus: true },
];

/**
 * The apps people ask about, and which group grants each: Salesforce comes with Sales, GitHub with
 * Engineering, Zoom with either, Workday with everyone; Tableau only by direct assignment (to Omar),
 * so no group request can grant it.
 */
export const DEMO_APPS: DemoApp[] = [
  { name: 'salesforce', label: 'Salesforce.com', signOnMode: 'SAML_2_0', status: 'ACTIVE', groups: ['Sales'], people: [] },
  { name: 'github', label: 'GitHub', signOnMode: 'SAML_2_0', status: 'ACTIVE', groups: ['Engineering'], people: [] },
  { name: 'zoomus', label: 'Zoom', signOnMode: 'SAML_2_0', status: 'ACTIVE', groups: ['Engineering', 'Sales'], people: [] },
  { name: 'workday', label: 'Workday', signOnMode: 'SAML_2_0', status: 'ACTIVE', groups: ['Everyone'], people: [] },
  { name: 'tableau_online', label: 'Tableau Online', signOnMode: 'OPENID_CONNECT', status: 'ACTIVE', groups: [], people: [email('omar.haddad')] },
];

export const DEMO_SEED: DemoSeed = { domain: DEMO_DOMAIN, groups: DEMO_GROUPS, people: DEMO_PEOPLE, history: DEMO_HISTORY, apps: DEMO_APPS };
