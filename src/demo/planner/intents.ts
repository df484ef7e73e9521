// The offline planner's rules: one request text in, one decision out (a helpdesk tool call with its
// arguments, or an honest text answer). Pure and deterministic; the model adapter (model.ts) reads
// the prompt and turns the decision into a language-model answer.
import type { OktaUserStatus } from '../../okta/types.js';

export type HelpdeskToolKey =
  | 'findUser'
  | 'getUserDetails'
  | 'diagnoseSignIn'
  | 'checkAppAccess'
  | 'listUserGroups'
  | 'findGroup'
  | 'addUserToGroup'
  | 'removeUserFromGroup'
  | 'resetPassword'
  | 'lockAccount'
  | 'unlockAccount'
  | 'resetMfa'
  | 'queryUsers';

/** A tool's arguments: texts, and numbers such as a count of days. */
export type ToolInput = Record<string, string | number>;

export type PlannerDecision =
  | { kind: 'tool'; toolName: HelpdeskToolKey; input: ToolInput }
  | { kind: 'text'; text: string };

export type PlanContext = {
  /** The most recent email earlier in the conversation: what "her", "him", "them" refer to. */
  recentEmail?: string;
};

/** What the help desk can do, one line per capability, keyed by the tool that does it. */
const CAPABILITIES: ReadonlyArray<readonly [HelpdeskToolKey, string]> = [
  ['findUser', 'look someone up ("who is Jane?")'],
  ['getUserDetails', 'check an account\'s status ("am I locked out?")'],
  ['diagnoseSignIn', 'find out why someone can\'t sign in ("why can\'t I log in?")'],
  ['checkAppAccess', 'find out why someone can\'t open an app ("I can\'t open Salesforce")'],
  ['listUserGroups', 'list someone\'s groups ("what groups am I in?")'],
  ['findGroup', 'find a group ("is there a Sales group?")'],
  ['addUserToGroup', 'add someone to a group ("add me to Engineering")'],
  ['removeUserFromGroup', 'remove someone from a group'],
  ['resetPassword', 'send a password reset link'],
  ['lockAccount', 'lock an account (lost laptop, suspected compromise)'],
  ['unlockAccount', 'unlock an account'],
  ['resetMfa', 'reset MFA (new phone, lost authenticator)'],
  ['queryUsers', 'list users for the help desk ("who is locked out right now?", "members of Contractors")'],
];

/** An honest list of what can be done, limited to the tools actually available when given. */
export function capabilitiesText(available?: ReadonlySet<string>): string {
  const lines = CAPABILITIES.filter(([tool]) => !available || available.has(tool)).map(([, line]) => `• ${line}`);
  if (lines.length === 0) return 'I cannot act on Okta accounts right now.';
  return `I can help with Okta accounts:\n${lines.join('\n')}\nFor anyone other than yourself, give me their work email or full name.`;
}

const HELP = (): PlannerDecision => ({ kind: 'text', text: capabilitiesText() });
const GREETING = (): PlannerDecision => ({ kind: 'text', text: `Hi! ${capabilitiesText()}` });
const UNSUPPORTED = (): PlannerDecision => ({ kind: 'text', text: `Sorry, I can't help with that here. ${capabilitiesText()}` });

// ---------------------------------------------------------------------------------------------
// Text helpers

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/** What a Slack user mention the Slack layer could not turn into an email becomes: someone, not the requester. */
const UNRESOLVED_MENTION = '@someone';

/**
 * Slack markup to plain text: mailto links, mentions, labelled links, curly quotes. A mention at the
 * start addresses the bot; any other user mention is a person the Slack layer could not match to an
 * email (it replaces the ones it can), so it becomes an unresolved person, never "me".
 */
export function normalizeSlackText(raw: string): string {
  return raw
    .replace(/^(?:\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>)+/, ' ')
    .replace(/<mailto:([^|>]+)(?:\|[^>]*)?>/gi, '$1')
    .replace(/<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g, ` ${UNRESOLVED_MENTION} `)
    .replace(/<[#!][^>]*>/g, ' ')
    .replace(/<(https?:[^|>]+)\|([^>]*)>/gi, '$2')
    .replace(/<(https?:[^>]+)>/gi, '$1')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every email address in a text, lower-cased, in order of appearance. */
export function extractEmails(text: string): string[] {
  return [...normalizeSlackText(text).matchAll(EMAIL)].map((match) => match[0].toLowerCase());
}

const SELF = /\b(i|i'm|im|i've|i'd|me|my|myself|mine)\b/i;
// Object and possessive forms only: "they told me to..." is about the requester.
const PRONOUN = /\b(her|him|them|his|their|she|he|that person|this person|same person|that user|this user|same user)\b/i;
// Words that follow a verb or "for" without being a person's name.
const NOT_A_NAME = new Set(
  `i me my myself mine we us our you your it its this that these those the a an some any all out up in on off back down
   account accounts password passwords pw pwd mfa 2fa otp factor factors authenticator okta verify login log sign access
   user users person people everyone everybody someone somebody group groups team please pls plz now again asap today
   here there what who why how when where let one and or but so because since with to from for of at by about just
   really also too again quick quickly immediately urgently right new hire employee contractor status details info
   laptop phone device computer session sessions lock unlock unlcok suspend unsuspend reactivate reset add put remove
   take kick drop give list show check tell find`.split(/\s+/),
);

const PASSWORD_WORD = /pass?wo?r?ds?|passwrods?|\bpwd\b|\bpw\b/i;
const MFA_WORD = /\b(mfa|2fa|two[- ]?factor|multi[- ]?factor|authenticator|okta verify|otp|totp|security key|yubikey)\b/i;

function isNameWord(word: string): boolean {
  const lower = word.toLowerCase();
  return /^[a-z][a-z'-]*$/i.test(word) && !NOT_A_NAME.has(lower) && !PASSWORD_WORD.test(lower) && !MFA_WORD.test(lower) && !SELF.test(lower);
}

// Someone other than the requester, described but not named ("my colleague", "the new hire").
const PERSON_NOUN =
  /\b(?:my|our|the|a|an|this|that|for)\s+(?:new\s+)?(colleague|coworker|co-worker|teammate|manager|boss|new hire|hire|intern|contractor|starter|employee|someone|somebody|user)\b(?!\s+(told|said|asked|approved|wants|says|suggested))/i;

const NAME_WORD = "[a-z][a-z'-]*";
/** One to three name words before a verb: "Jane", "Alex Kim". */
const NAME_WORDS = `((?:${NAME_WORD}\\s+){0,2}?${NAME_WORD})`;

// "is Jane in...", "does Bob have...", "why can't Alex Kim log in"
const SUBJECT = new RegExp(`\\b(?:is|does|has|did|can'?t|cannot|can|won'?t)\\s+${NAME_WORDS}\\s+(?:in|have|has|belong|belongs|log|sign|get|access|still)\\b`, 'i');

type Target =
  | { kind: 'self' }
  | { kind: 'email'; email: string }
  | { kind: 'named'; name: string }
  | { kind: 'unknown-person' };

/** A run of name words ("Alex Kim") that are all plausible names, never a sentence's filler. */
function isName(words: string): boolean {
  return words.split(/\s+/).every((word) => isNameWord(word) && !NOT_A_SUBJECT.has(word.toLowerCase()));
}

/**
 * The whole name around one name word a pattern found at `index`: a capitalized word takes its
 * capitalized neighbours ("lock Dana Whitfield's" -> Dana Whitfield, at most three words); a
 * lower-case word stays alone (the directory then matches it as a first or last name).
 */
function fullName(text: string, index: number, word: string): string {
  const capitalizedName = (w: string) => /^[A-Z]/.test(w) && isNameWord(w);
  if (!capitalizedName(word)) return word;
  const name = [word];
  for (const before of text.slice(0, index).split(/\s+/).filter(Boolean).reverse()) {
    if (name.length === 3 || !capitalizedName(before)) break;
    name.unshift(before);
  }
  for (const after of text.slice(index + word.length).split(/\s+/).filter(Boolean)) {
    const bare = /^([A-Za-z][a-z'-]*?)(?:'s)?[?!.,;:]*$/.exec(after)?.[1];
    if (name.length === 3 || !bare || !capitalizedName(bare)) break;
    name.push(bare);
    if (bare !== after) break;
  }
  return name.join(' ');
}

/** The full name at the first match of `pattern` (group 1 is one name word), when it is a name. */
function nameAt(text: string, pattern: RegExp): string | undefined {
  for (const match of text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))) {
    const word = match[1] ?? '';
    if (isNameWord(word)) return fullName(text, match.index + match[0].indexOf(word), word);
  }
  return undefined;
}

/**
 * Whose account a request is about, in order: a Slack mention nobody could match (ask), an email in
 * the text, a pronoun for the person of an earlier turn, someone named ("Jane's", "for Alex Kim",
 * "unlock Dana Whitfield", "is Jordan in"), else the requester.
 */
function resolveTarget(text: string, context: PlanContext): Target {
  if (text.includes(UNRESOLVED_MENTION)) return { kind: 'unknown-person' };
  const email = extractEmails(text)[0];
  if (email) return { kind: 'email', email };
  if (PRONOUN.test(text)) return context.recentEmail ? { kind: 'email', email: context.recentEmail } : { kind: 'unknown-person' };
  if (PERSON_NOUN.test(text)) return { kind: 'unknown-person' };
  const subject = SUBJECT.exec(text)?.[1];
  const name =
    nameAt(text, /\b([a-z][a-z-]*)'s\b/i) ??
    (subject && isName(subject) ? subject : undefined) ??
    nameAt(text, /\b(?:for|of)\s+([a-z][a-z'-]*)/i) ??
    nameAt(text, /\b(?:lock|unlock|unlcok|suspend|unsuspend|reactivate|reset|add|put|remove|take|kick|drop|give)\s+([a-z][a-z'-]*)/i);
  return name ? { kind: 'named', name } : { kind: 'self' };
}

function askWho(): PlannerDecision {
  return { kind: 'text', text: 'Who do you mean? Give me their work email or full name, so I act on the right account.' };
}

/** The person argument every person tool takes: "me" is said explicitly, never implied. */
function personOf(target: Exclude<Target, { kind: 'unknown-person' }>): string {
  if (target.kind === 'self') return 'me';
  return target.kind === 'email' ? target.email : target.name;
}

/** A tool about one person: the requester ("me"), someone by email or name, or a question back. */
function personTool(toolName: HelpdeskToolKey, text: string, context: PlanContext, extra: Record<string, string> = {}): PlannerDecision {
  const target = resolveTarget(text, context);
  if (target.kind === 'unknown-person') return askWho();
  return { kind: 'tool', toolName, input: { person: personOf(target), ...extra } };
}

const FILLER_TAIL =
  /\s+(?:please|pls|plz|thanks|thank you|thx|ty|too|as well|also|asap|now|today|right away|for\b|because|since|so\b|if\b|when\b).*$/i;

/** A group name as the user wrote it: cut at punctuation and filler, without "the ... group/team". */
function cleanGroupName(raw: string): string {
  let name = raw
    .replace(EMAIL, ' ')
    .split(/[?!,;:()]|\.(?:\s|$)/)[0]!
    .replace(/["'`*_]/g, '')
    .trim();
  name = name.replace(FILLER_TAIL, '').trim();
  for (let previous = ''; previous !== name; ) {
    previous = name;
    name = name.replace(/^(?:the|a|an|our|group|groups|team)\s+/i, '').trim();
  }
  // One trailing kind word only: "the Platform Team group" is the group "Platform Team".
  return name.replace(/\s+(?:group|groups|team|channel|access)$/i, '').trim();
}

function groupTool(toolName: 'addUserToGroup' | 'removeUserFromGroup', text: string, clause: RegExpExecArray, context: PlanContext): PlannerDecision {
  const groupName = cleanGroupName(clause[2] ?? '');
  if (!groupName) return { kind: 'text', text: 'Which group do you mean? Please give me its exact name.' };
  // Whose membership: read from the text without the group clause, so the group is never a "name".
  const person = text.slice(0, clause.index) + clause[1];
  return personTool(toolName, person, context, { groupName });
}

// ---------------------------------------------------------------------------------------------
// The rules, first match wins. Each rule: a test on the normalized text, then the decision.

type Rule = { intent: string; when: (text: string) => RegExpExecArray | boolean | null; plan: (text: string, match: RegExpExecArray | null, context: PlanContext) => PlannerDecision };

const ADD_CLAUSE = /^(.*?\b(?:add|put)\b.*?\b)(?:to|into|in|on)\s+(.+)$/i;
const ACCESS_CLAUSE = /^(.*?)\baccess\s+(?:to|in|on|for)\s+(.+)$/i;
const JOIN_CLAUSE = /^(.*?)\bjoin\s+(.+)$/i;
const REMOVE_CLAUSE = /^(.*?\b(?:remove|take|kick|drop|pull|revoke)\b.*?\b)(?:from|off|out of|to)\s+(.+)$/i;

const RULES: Rule[] = [
  {
    intent: 'unsupported admin work',
    when: (t) => /\b(create|make|delete|rename|destroy|deactivate|offboard|deprovision)\b.*\b(groups?|accounts?|users?)\b/i.test(t),
    plan: UNSUPPORTED,
  },
  {
    intent: 'help',
    when: (t) =>
      /^(help|\?|commands|menu|options)[\s!.?]*$/i.test(t) ||
      /\bwhat (else )?can (you|u) do\b|\bwhat do you do\b|\bhow (can|do) (you|u) help\b|\bwhat are you able to\b|\bhow does this work\b|\bwhat can i ask\b/i.test(t),
    plan: HELP,
  },
  {
    intent: 'directory query (who is locked out, which Engineering users have not signed in for 30 days, members of X)',
    when: (t) => directoryQuery(t) !== undefined,
    plan: (t) => ({ kind: 'tool', toolName: 'queryUsers', input: directoryQuery(t)! }),
  },
  {
    intent: 'app access (I can\'t open Salesforce, can X use GitHub?)',
    when: appClause,
    plan: (t, m, c) => appTool(t, m!, c),
  },
  {
    intent: 'status question (is X locked? when did...)',
    when: (t) => /^(?:is|are|am|was)\s+(.+?)\s+(?:still\s+)?(?:locked|suspended|active|blocked|disabled|deactivated|enabled)\b/i.exec(t) || /^when (?:did|was)\b/i.test(t),
    plan: (t, m, c) => statusOf(t, m?.[1], c),
  },
  {
    intent: 'remove from a group',
    when: (t) => (/\b(group|team|access)\b/i.test(t) || /\b(remove|kick|drop)\b/i.test(t)) && !PASSWORD_WORD.test(t) && !MFA_WORD.test(t) ? REMOVE_CLAUSE.exec(t) : null,
    plan: (t, m, c) => groupTool('removeUserFromGroup', t, m!, c),
  },
  {
    intent: 'add to a group',
    when: (t) => {
      if (PASSWORD_WORD.test(t) || MFA_WORD.test(t)) return null;
      return ADD_CLAUSE.exec(t) ?? ACCESS_CLAUSE.exec(t) ?? JOIN_CLAUSE.exec(t);
    },
    plan: (t, m, c) => groupTool('addUserToGroup', t, m!, c),
  },
  {
    intent: 'reset MFA',
    when: (t) =>
      (MFA_WORD.test(t) && /\b(reset|clear|new|lost|lose|re-?enroll|re-?register|set ?up|setup|not working|isn'?t working|doesn'?t work|stopped|broken|broke|remove|replace|wipe|change|again|fix)\b/i.test(t)) ||
      /\bnew phone\b|\b(lost|broke|broken|stolen|replaced|dropped)\b.{0,15}\bphone\b|\bphone\b.{0,15}\b(lost|broken|stolen|died|dead)\b/i.test(t),
    plan: (t, _m, c) => personTool('resetMfa', t, c),
  },
  {
    intent: 'reset password',
    when: (t) =>
      PASSWORD_WORD.test(t) &&
      /\b(forgot|forget|forgotten|reset|change|new|expired|expire|remember|lost|recover|locked|help|need|wrong|not working|doesn'?t work)\b/i.test(t),
    plan: (t, _m, c) => personTool('resetPassword', t, c),
  },
  {
    intent: 'sign-in trouble (why can\'t X sign in, I\'m locked out, what\'s going on with X)',
    when: (t) =>
      SIGN_IN_TROUBLE.test(t) || (/\b(locked out|lockout|locked me out|locked-out)\b/i.test(t) && !UNLOCK_WORD.test(t)),
    plan: (t, _m, c) => diagnoseTool(t, c),
  },
  {
    intent: 'unlock',
    when: (t) => /\bremove (the |my )?lock\b|\b(un-?lock|unlcok|unlokc|unsuspend|un-suspend|reactivate|re-?enable|locked out|lockout|locked me out|locked-out)\b/i.test(t),
    plan: (t, _m, c) => personTool('unlockAccount', t, c),
  },
  {
    intent: 'lock',
    when: (t) =>
      /\b(lock|lcok|suspend|disable|freeze)\b/i.test(t) ||
      /\b(lost|stolen|missing|left)\b.{0,25}\b(laptop|computer|macbook|device)\b|\b(laptop|computer|macbook|device)\b.{0,15}\b(stolen|lost|missing)\b|\b(compromised|hacked|phished)\b/i.test(t),
    plan: (t, _m, c) => personTool('lockAccount', t, c),
  },
  {
    intent: 'find a group',
    when: (t) =>
      extractEmails(t).length === 0 &&
      !SELF.test(t) &&
      !PRONOUN.test(t) &&
      /\bis there (a|an|any)\b.*\bgroups?\b|\b(find|search|look ?up|lookup|show)\b.*\bgroups?\b|\bgroups? (named|called|starting with|like)\b|\bdoes\b.*\bgroups?\b.*\bexist\b|\bany groups?\b/i.test(t),
    plan: (t) => findGroup(t),
  },
  {
    intent: 'groups of someone',
    when: (t) =>
      /\b(groups?|memberships?|member of|access|apps)\b/i.test(t) &&
      /\b(what|which|list|show|tell|see|check|give me|do i have|does|have|am i in|is .+ in)\b/i.test(t),
    plan: (t, _m, c) => personTool('listUserGroups', t, c),
  },
  {
    intent: 'account status',
    when: (t) =>
      /\b(status|last (logged|signed) ?in|check (on )?(my |the |his |her |their )?account|account (details|info))\b/i.test(t) ||
      /^who am i\b/i.test(t),
    plan: (t, _m, c) => statusOf(t, undefined, c),
  },
  {
    intent: 'who is / find someone',
    when: (t) => /\b(?:who is|who's|whos|find|look ?up|lookup|search for|search)\s+(.+)$/i.exec(t),
    plan: (_t, m, c) => findPerson(m?.[1] ?? '', c),
  },
  {
    intent: 'thanks',
    when: (t) => /^(thanks|thank you|thx|ty|cheers|great|perfect|ok|okay|cool)\b[\s!.a-z]{0,20}$/i.test(t) && !/\b(but|can|could|please)\b/i.test(t),
    plan: () => ({ kind: 'text', text: "You're welcome! Ask me any time you need help with your Okta account." }),
  },
  {
    intent: 'greeting',
    when: (t) => /^(hi|hello|hey|yo|hiya|good (morning|afternoon|evening))\b[\s!.?a-z]{0,12}$/i.test(t),
    plan: GREETING,
  },
];

const SIGN_IN_TROUBLE =
  /\bwhy (?:can'?t|cannot|can not)\b.*\b(?:log|sign)\b|\b(?:can'?t|cannot|can not|unable to|not able to|won'?t let me)\s+(?:(?:log|sign)\b|get (?:in|into)\b)|\bwhat'?s (?:going on|wrong|up|happening) with\b|\b(?:recent )?(?:sign|log)-?\s?in (?:failures|attempts|errors|history|problems|trouble)\b|\bfailed (?:sign|log)-?\s?ins?\b|\b(?:trouble|problems?) (?:signing|logging) in\b|\b(?:sign|log) ?in (?:is )?(?:failing|broken|not working)\b/i;
const UNLOCK_WORD = /\b(un-?lock|unlcok|unlokc|unsuspend|un-suspend|reactivate|re-?enable|remove (the |my )?lock)\b/i;
const NOT_A_SUBJECT = new Set(['hi', 'hello', 'hey', 'yo', 'so', 'ok', 'okay', 'um', 'help', 'why', 'still']);

const SIGN_IN_SUBJECT = new RegExp(`^${NAME_WORDS}\\s+(?:can'?t|cannot|can not|is|isn'?t|has|got|keeps)\\b`, 'i');

/**
 * Apps people often name. The offline planner cannot ask Okta which apps exist, so after "access to",
 * "use" or "open" these words mean an app, and anything else stays a group ("access to Finance").
 */
const KNOWN_APPS = new Set(
  ['salesforce', 'zoom', 'github', 'gitlab', 'workday', 'slack', 'jira', 'confluence', 'gmail', 'google drive', 'google workspace', 'office 365',
   'microsoft 365', 'outlook', 'dropbox', 'zendesk', 'aws', 'figma', 'notion', 'docusign', 'servicenow', 'tableau', 'hubspot'],
);
/** "can't open X" is app trouble whatever X is, unless X is Okta itself or the account (that is sign-in trouble). */
const APP_TROUBLE = /^(.*?\b(?:can'?t|cannot|can not|unable to|not able to)\s+)(?:open|launch|load|access|get in ?to|(?:log|sign) ?in ?to)\s+(.+)$/i;
const APP_ASK = /^(.*?)\b(?:access to|access|use|open|get in ?to|(?:log|sign) ?in ?to)\s+(.+)$/i;
const NOT_AN_APP = /^(?:okta|it|this|that|anything|my account|account|the account|my computer|my laptop|my email account)$/i;

/** The app named after an access verb (group 2), with the words before it (group 1), or null. */
function appClause(text: string): RegExpExecArray | null {
  if (PASSWORD_WORD.test(text) || MFA_WORD.test(text)) return null;
  const trouble = APP_TROUBLE.exec(text);
  if (trouble && !NOT_AN_APP.test(cleanAppName(trouble[2] ?? ''))) return trouble;
  const ask = APP_ASK.exec(text);
  return ask && KNOWN_APPS.has(cleanAppName(ask[2] ?? '').toLowerCase()) ? ask : null;
}

/** The app as written, without "my", "the" and a trailing "app" or "account". */
function cleanAppName(raw: string): string {
  return cleanGroupName(raw).replace(/^(?:my|our)\s+/i, '').replace(/\s+(?:app|application|account)$/i, '').trim();
}

const APP_SUBJECT = new RegExp(`^(?:why\\s+)?(?:can'?t|cannot|can|does|doesn'?t|is|isn'?t)\\s+${NAME_WORDS}\\s+(?:not\\s+)?(?:use|open|access|get|have)\\b`, 'i');

/** Whose access: the person named as the subject ("can Alex Kim use GitHub?"), else resolveTarget's, read without the app. */
function appTool(text: string, clause: RegExpExecArray, context: PlanContext): PlannerDecision {
  const app = cleanAppName(clause[2] ?? '');
  const before = clause[1] ?? '';
  const subject = APP_SUBJECT.exec(text)?.[1];
  if (subject && isName(subject) && extractEmails(before).length === 0) return { kind: 'tool', toolName: 'checkAppAccess', input: { person: subject, app } };
  return personTool('checkAppAccess', before, context, { app });
}

/** Sign-in trouble is about the person named first ("Alex Kim can't log in") or after "with", else resolveTarget's. */
function diagnoseTool(text: string, context: PlanContext): PlannerDecision {
  const subject = SIGN_IN_SUBJECT.exec(text)?.[1];
  const named = subject && isName(subject) ? subject : nameAt(text, /\bwith\s+([a-z][a-z'-]*)/i);
  if (named && extractEmails(text).length === 0 && !PRONOUN.test(text) && !text.includes(UNRESOLVED_MENTION)) {
    return { kind: 'tool', toolName: 'diagnoseSignIn', input: { person: named } };
  }
  return personTool('diagnoseSignIn', text, context);
}

/** "Is Jane locked?" has no email: looking her up by name also answers with her status. */
function statusOf(text: string, subject: string | undefined, context: PlanContext): PlannerDecision {
  const target = resolveTarget(subject ?? text, context);
  if (target.kind === 'unknown-person') return askWho();
  if (target.kind === 'email') return { kind: 'tool', toolName: 'getUserDetails', input: { person: target.email } };
  if (target.kind === 'named') return { kind: 'tool', toolName: 'findUser', input: { query: target.name } };
  const words = subject?.trim().split(/\s+/) ?? [];
  if (words.length > 0 && words.length <= 3 && words.every(isNameWord)) return { kind: 'tool', toolName: 'findUser', input: { query: words.join(' ') } };
  return { kind: 'tool', toolName: 'getUserDetails', input: { person: 'me' } };
}

function findGroup(text: string): PlannerDecision {
  const patterns = [
    /\bgroups? (?:named|called|starting with|like)\s+(.+)$/i,
    /\b(?:is there|are there|find|search for|search|look ?up|lookup|show|does)\s+(?:a|an|any|the|me)?\s*(.+?)\s+groups?\b/i,
    /\bgroups?\s+(.+)$/i,
  ];
  for (const pattern of patterns) {
    const name = cleanGroupName(pattern.exec(text)?.[1] ?? '');
    if (name && !/^(exist|exists|for|with|of)\b/i.test(name)) return { kind: 'tool', toolName: 'findGroup', input: { name } };
  }
  return { kind: 'text', text: 'Which group are you looking for? Tell me its name or how it starts.' };
}

function findPerson(rest: string, context: PlanContext): PlannerDecision {
  const email = extractEmails(rest)[0];
  if (email) return { kind: 'tool', toolName: 'getUserDetails', input: { person: email } };
  const query = rest
    .split(/[?!,;:]|\.(?:\s|$)/)[0]!
    .replace(/^(?:the\s+)?(?:user|person|employee|colleague|someone|somebody)(?:\s+(?:named|called))?\s+/i, '')
    .replace(/\s+(?:please|pls|for me|in okta|in the directory)\s*$/i, '')
    .trim();
  if (/^(me|myself|i)$/i.test(query)) return { kind: 'tool', toolName: 'getUserDetails', input: { person: 'me' } };
  if (query.includes(UNRESOLVED_MENTION)) return askWho();
  if (PRONOUN.test(query) && query.split(/\s+/).length <= 2) {
    return context.recentEmail ? { kind: 'tool', toolName: 'getUserDetails', input: { person: context.recentEmail } } : askWho();
  }
  const words = query.split(/\s+/).filter(Boolean);
  const emailPrefix = /^[a-z][a-z0-9._%+-]*@[a-z0-9.-]*$/i.test(query);
  const looksLikeName = words.length >= 1 && words.length <= 3 && words.every(isNameWord);
  return query.length >= 2 && (emailPrefix || looksLikeName) ? { kind: 'tool', toolName: 'findUser', input: { query } } : UNSUPPORTED();
}

// Directory queries: a question about people in general (who, which, list, members...), never about
// the requester, with at least one thing to select by.
const ABOUT_MANY = /\b(?:who(?:'s| is| are)?|which|list|show|all|any(?:one|body)|everyone|everybody|users|people|accounts|members)\b/i;
const ABOUT_ME = /\b(?:i|i'm|im|i've|my|myself)\b/i;
const QUERY_STATUSES: ReadonlyArray<readonly [RegExp, OktaUserStatus]> = [
  [/\blocked[- ]?out\b/i, 'LOCKED_OUT'],
  [/\bsuspended\b/i, 'SUSPENDED'],
  [/\b(?:deactivated|deprovisioned)\b/i, 'DEPROVISIONED'],
  [/\b(?:staged|not (?:yet )?activated)\b/i, 'STAGED'],
  [/\bexpired passwords?\b|\bpasswords? (?:has |have )?expired\b/i, 'PASSWORD_EXPIRED'],
];
const PEOPLE_NOUN = '(?:users|people|employees|accounts|staff|folks)';
const MEMBERS_OF = /\bmembers? of\s+(.+)$|\bwho(?:'s| is| are) in\s+(?:the\s+)?(.+?)\s+group\b/i;
/** "Engineering users", "users in Sales", "in the Sales department": a capitalized name, not a status word. */
const DEPARTMENT = new RegExp(
  `\\b([A-Z][\\w&-]*)\\s+${PEOPLE_NOUN}\\b|\\b${PEOPLE_NOUN}\\s+(?:in|from)\\s+(?:the\\s+)?([A-Z][\\w&-]*)|\\bin\\s+(?:the\\s+)?([A-Z][\\w&-]*)\\s+department\\b`,
);
const NOT_A_DEPARTMENT = /^(?:which|who|all|any|list|show|the|suspended|locked|deactivated|staged|active|inactive|new|okta)$/i;
const SPAN = '(\\d+)\\s+(days?|weeks?|months?)';
const NOT_SIGNED_IN = new RegExp(`(?:\\bnot|n't|\\bnever|\\bno)\\b.{0,20}\\b(?:sign(?:ed)?|log(?:ged)?)[- ]?in\\b.{0,25}?${SPAN}|\\binactive\\b.{0,10}?${SPAN}`, 'i');
const SIGNED_IN = new RegExp(`\\b(?:signed|logged)[- ]?in\\b.{0,25}?\\b(?:last|past|within)\\s+${SPAN}`, 'i');
const DAYS_PER = { day: 1, week: 7, month: 30 } as const;

function daysOf(match: RegExpExecArray | null): number | undefined {
  const [amount, unit] = (match?.slice(1) ?? []).filter((part) => part !== undefined);
  if (!amount || !unit) return undefined;
  return Number(amount) * DAYS_PER[unit.toLowerCase().replace(/s$/, '') as keyof typeof DAYS_PER];
}

/** The typed query a question about many people asks for, or undefined when it is not one. */
function directoryQuery(text: string): ToolInput | undefined {
  if (!ABOUT_MANY.test(text) || ABOUT_ME.test(text) || extractEmails(text).length > 0) return undefined;
  const query: ToolInput = {};
  const status = QUERY_STATUSES.find(([pattern]) => pattern.test(text))?.[1];
  if (status) query.status = status;
  const members = MEMBERS_OF.exec(text);
  const group = members ? cleanGroupName(members[1] ?? members[2] ?? '') : '';
  if (group) query.group = group;
  const department = DEPARTMENT.exec(text)?.slice(1).find((part) => part !== undefined);
  if (department && !NOT_A_DEPARTMENT.test(department) && !group) query.department = department;
  const before = daysOf(NOT_SIGNED_IN.exec(text));
  const after = before === undefined ? daysOf(SIGNED_IN.exec(text)) : undefined;
  if (before !== undefined) query.lastSignInBefore = before;
  if (after !== undefined) query.lastSignInAfter = after;
  return Object.keys(query).length > 0 ? query : undefined;
}

/** The decision for one request (Slack markup allowed). */
export function planRequest(message: string, context: PlanContext = {}): PlannerDecision {
  const text = normalizeSlackText(message);
  if (!text) return HELP();
  for (const rule of RULES) {
    const matched = rule.when(text);
    if (matched) return rule.plan(text, matched === true ? null : matched, context);
  }
  return UNSUPPORTED();
}

/** The rule names in order, for documentation and tests. */
export const INTENT_NAMES: readonly string[] = RULES.map((rule) => rule.intent);
