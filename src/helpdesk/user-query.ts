// Admin read queries ("who is locked out right now?", "members of Contractors"): a typed query is
// run by the directory exactly as given, and the answer is written by code: a compact table of
// fields Okta holds (name, email, status, department, last sign-in), split into pages of PAGE_ROWS,
// an honest "first N of M" when more matched, and the query in words. The Okta calls it was read
// from are the answer's sources (the Slack reply's sources line, the MCP answer's last lines).
import { LIST_CAP, type Directory, type DirectoryUser, type OktaCall, type OktaUserStatus, type UserQuery, type UserQueryResult } from '../okta/index.js';
import { personName, timeInWords } from './wording.js';

/** Rows per page of the table: one page fits one Slack message. */
export const PAGE_ROWS = 20;
/** Most rows one answer shows (three pages), so the whole answer stays within one reply's messages. */
export const MAX_ROWS = 3 * PAGE_ROWS;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A point in time as a person says it: a number of days before now, or a date (YYYY-MM-DD, its start in UTC). */
export type PointInTime = number | string;

export type UserQueryRequest = {
  status?: OktaUserStatus;
  group?: string;
  department?: string;
  lastSignInBefore?: PointInTime;
  lastSignInAfter?: PointInTime;
  /** Rows to show, 1..MAX_ROWS (default MAX_ROWS). */
  limit?: number;
};

export type UserQueryAnswer = {
  summary: string;
  /** Rows in the table. */
  shown: number;
  /** The Okta requests the table was read from, in order. */
  calls: OktaCall[];
};

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00.000Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

/** The ISO time a point in time stands for. */
export function timeOf(point: PointInTime, now: number): string {
  return typeof point === 'number' ? new Date(now - point * DAY_MS).toISOString() : `${point}T00:00:00.000Z`;
}

/** The directory query for a request: relative days become times, as of `now`. */
export function toDirectoryQuery(request: UserQueryRequest, now: number): UserQuery {
  return {
    status: request.status,
    department: request.department,
    groupName: request.group,
    lastLoginBefore: request.lastSignInBefore === undefined ? undefined : timeOf(request.lastSignInBefore, now),
    lastLoginAfter: request.lastSignInAfter === undefined ? undefined : timeOf(request.lastSignInAfter, now),
  };
}

export async function runUserQuery(directory: Directory, request: UserQueryRequest, now: number): Promise<UserQueryAnswer> {
  const query = toDirectoryQuery(request, now);
  const result = await directory.queryUsers(query, Math.min(request.limit ?? MAX_ROWS, MAX_ROWS));
  return { summary: queryAnswerText(query, result, now), shown: result.users.length, calls: result.calls };
}

/** The reply: what matched (honestly bounded), the table in pages, then the query in words. */
export function queryAnswerText(query: UserQuery, result: UserQueryResult, now: number): string {
  const queryLine = `Query: ${describeQuery(query, now)}.`;
  if (result.group === null) return `There is no Okta group named "${oneLine(query.groupName ?? '')}".\n\n${queryLine}`;
  const { users, matched, complete } = result;
  const unread = complete ? '' : ` Okta has more than the ${LIST_CAP} users I looked at, so there may be further matches.`;
  const matches = matched === 1 ? '1 person matches' : `${matched} people match`;
  const heading =
    matched === 0 ? `Nobody matches.${unread}`
    : users.length < matched ? `${matches}; here are the first ${users.length}.${unread}`
    : `${matches}.${unread}`;
  return [heading, ...userTablePages(users, now), queryLine].join('\n\n');
}

const COLUMNS = ['Name', 'Email', 'Status', 'Department', 'Last sign-in'] as const;

/**
 * The table as Markdown code blocks of at most PAGE_ROWS rows each, columns aligned across pages;
 * past one page each block is titled with its rows ("Rows 21-40 of 57").
 */
export function userTablePages(users: readonly DirectoryUser[], now: number): string[] {
  if (users.length === 0) return [];
  const rows = users.map((user) => [personName(user), user.email, user.status, user.department ?? '', user.lastLogin ? timeInWords(user.lastLogin, now) : 'never'].map(oneLine));
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const pages: string[] = [];
  for (let start = 0; start < rows.length; start += PAGE_ROWS) {
    const page = rows.slice(start, start + PAGE_ROWS);
    const title = rows.length > PAGE_ROWS ? `Rows ${start + 1}-${start + page.length} of ${rows.length}:\n` : '';
    pages.push(`${title}\`\`\`\n${[line(COLUMNS), ...page.map(line)].join('\n')}\n\`\`\``);
  }
  return pages;
}

/** The query in words, as run: every term, and the rule for accounts that never signed in or were deactivated. */
export function describeQuery(query: UserQuery, now: number): string {
  const terms = [
    query.groupName !== undefined ? `members of the group "${oneLine(query.groupName)}"` : 'all users',
    ...(query.status ? [`status ${query.status}`] : []),
    ...(query.department !== undefined ? [`department "${oneLine(query.department)}"`] : []),
    ...(query.lastLoginBefore ? [`last sign-in before ${timeInWords(query.lastLoginBefore, now)}, or never (accounts created before then)`] : []),
    ...(query.lastLoginAfter ? [`last sign-in since ${timeInWords(query.lastLoginAfter, now)}`] : []),
  ];
  const deactivated = query.status ? '' : '; deactivated accounts left out';
  return `${terms.join(', ')}${deactivated}`;
}

/** A value on one line that cannot close a code block or an inline code span. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/`/g, "'").trim();
}
