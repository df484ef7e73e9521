// Why a person can't open an app ("I can't open Salesforce"), from what Okta answered in this
// request: which app the words name, whether it is on the person's dashboard, and if not, which
// group grants it. The decisions and their wording are pure; readAppAccess does the few reads they
// need. The one group to request is named only when exactly one group can grant the app: the caller
// asks for it through the desk like any group change (the access request), and nothing is guessed.
import type { Directory, DirectoryApp, DirectoryAppLink, DirectoryGroup, DirectoryUser } from '../okta/index.js';
import { addressee, describeStatus } from './wording.js';

export const APP_ACCESS = ['has_access', 'request_group', 'choose_group', 'in_group_without_app', 'admin_must_assign', 'app_inactive', 'app_unclear'] as const;

export type AppAccessKind = (typeof APP_ACCESS)[number];

/** `requestGroup`: the one group whose membership would give the app, for the caller's access request. */
export type AppAccess = { access: AppAccessKind; summary: string; app?: DirectoryApp; requestGroup?: DirectoryGroup };

/** Most app labels suggested for a name no app has. */
export const MAX_CLOSE_LABELS = 5;
/** Most group names said in one answer. */
const MAX_LISTED_GROUPS = 5;

/** The app the words name: the one whose label is exactly that, else the only app whose name or label starts with it. */
export function pickApp(query: string, matches: readonly DirectoryApp[]): DirectoryApp | undefined {
  const exact = matches.filter((app) => fold(app.label) === fold(query));
  if (exact.length === 1) return exact[0];
  return matches.length === 1 ? matches[0] : undefined;
}

/** The answer when the words name no one app: the apps they could mean, never a guess among them. */
export function appUnclear(query: string, matches: readonly DirectoryApp[], allApps: readonly DirectoryApp[]): AppAccess {
  const name = query.trim().slice(0, 80);
  if (matches.length > 1) {
    return { access: 'app_unclear', summary: `Several apps in Okta match "${name}": ${labelList(matches)}. Which one do you mean?` };
  }
  const close = closeLabels(name, allApps);
  const suggestion = close.length > 0 ? ` Did you mean ${close.join(', ')}?` : ' Check the name on the Okta dashboard.';
  return { access: 'app_unclear', summary: `There is no app called "${name}" in Okta.${suggestion}` };
}

/** Labels that look like `query`: containing it, contained in it, or a typo or two away (per word of 4+ letters too). */
export function closeLabels(query: string, apps: readonly DirectoryApp[]): string[] {
  const q = fold(query);
  if (q.length < 2) return [];
  const near = (label: string) => {
    // Short words ("com" of Salesforce.com) would make almost anything look close.
    const words = [label, ...label.split(/[\s.\-_]+/)].map(fold).filter((word) => word.length > 3);
    return words.some((word) => word.includes(q) || q.includes(word) || editDistance(word, q) <= Math.max(1, Math.floor(q.length / 4)));
  };
  return [...new Set(apps.filter((app) => near(app.label)).map((app) => app.label))].slice(0, MAX_CLOSE_LABELS);
}

export type AppAccessInput = {
  user: DirectoryUser;
  app: DirectoryApp;
  /** The person's dashboard apps. */
  links: readonly DirectoryAppLink[];
  /** Read only when the app is not among the links. */
  userGroups?: readonly DirectoryGroup[];
  appGroups?: readonly DirectoryGroup[];
  /** The requester asks about their own access: "you". */
  self: boolean;
};

/** Whether the person has the app, and if not, what would give it to them. */
export function appAccess({ user, app, links, userGroups = [], appGroups = [], self }: AppAccessInput): AppAccess {
  const a = addressee(user, self);
  const has = self ? 'have' : 'has';
  const lacks = `${a.Name} ${self ? "don't" : "doesn't"} have access to ${app.label}`;
  if (app.status !== 'ACTIVE') {
    return { access: 'app_inactive', app, summary: `${app.label} is turned off in Okta, so nobody can open it from Okta right now; one of the IT admins must turn it on again.` };
  }
  if (links.some((link) => link.appId === app.id)) {
    const account =
      user.status === 'ACTIVE'
        ? `If it still won't open, sign out of Okta and in again; if that doesn't help, ask me why ${a.name} can't sign in.`
        : `But ${a.whose} account is ${describeStatus(user.status)}, which stops every app: ask me why ${a.name} can't sign in.`;
    return { access: 'has_access', app, summary: `${a.Name} already ${has} access to ${app.label} in Okta (it is on ${a.whose} Okta dashboard). ${account}` };
  }
  const joined = appGroups.filter((group) => userGroups.some((mine) => mine.id === group.id));
  if (joined.length > 0) {
    return {
      access: 'in_group_without_app',
      app,
      summary: `${a.Name} ${a.is} in ${groupList(joined, 'and')}, which gives ${app.label}, but Okta does not list the app for ${a.name}; one of the IT admins must check its assignment in Okta.`,
    };
  }
  // Only Okta's own groups can be joined through the help desk (directory-mastered and built-in ones cannot).
  const requestable = appGroups.filter((group) => group.type === 'OKTA_GROUP');
  if (requestable.length === 0) {
    const how = appGroups.length === 0 ? 'is given to people one by one, not through a group' : `comes only with ${groupList(appGroups, 'or')}, which the help desk cannot change`;
    return { access: 'admin_must_assign', app, summary: `${lacks}: in Okta it ${how}, so there is no group to request; one of the IT admins must assign it to ${a.name}.` };
  }
  const [only] = requestable;
  if (requestable.length === 1 && only) {
    return { access: 'request_group', app, requestGroup: only, summary: `${lacks}: it comes with the Okta group ${only.name}, and ${a.name} ${a.is} not in it.` };
  }
  const example = self ? `add me to ${requestable[0]?.name}` : `add ${user.email} to ${requestable[0]?.name}`;
  return {
    access: 'choose_group',
    app,
    summary: `${lacks}: it comes with any one of the Okta groups ${groupList(requestable, 'or')}. Ask me for the one that fits (for example "${example}").`,
  };
}

/** Reads what the answer needs: the app, then the person's apps, and only if it is not there, the groups. */
export async function readAppAccess(directory: Directory, user: DirectoryUser, query: string, self: boolean): Promise<AppAccess> {
  const matches = await directory.listApps(query);
  const app = pickApp(query, matches);
  if (!app) return appUnclear(query, matches, matches.length > 1 ? [] : await directory.listApps());
  if (app.status !== 'ACTIVE') return appAccess({ user, app, links: [], self });
  const links = await directory.listAppLinks(user.id);
  if (links.some((link) => link.appId === app.id)) return appAccess({ user, app, links, self });
  const [userGroups, appGroups] = await Promise.all([directory.listUserGroups(user.id), directory.listAppGroups(app.id)]);
  return appAccess({ user, app, links, userGroups, appGroups, self });
}

function labelList(apps: readonly DirectoryApp[]): string {
  const shown = apps.slice(0, MAX_CLOSE_LABELS).map((app) => app.label);
  return apps.length > shown.length ? `${shown.join(', ')} and ${apps.length - shown.length} more` : shown.join(', ');
}

/** "Sales", "Engineering or Sales", "A, B, C, D, E and others" (an app can have hundreds of groups). */
function groupList(groups: readonly DirectoryGroup[], conjunction: 'and' | 'or'): string {
  const names = groups.map((group) => group.name);
  if (names.length > MAX_LISTED_GROUPS) return `${names.slice(0, MAX_LISTED_GROUPS).join(', ')} and others`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${conjunction} ${names.at(-1)}`;
}

function fold(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/** Levenshtein distance, for "Salesfroce" -> Salesforce.com. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
