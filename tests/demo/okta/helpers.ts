// Helpers for the demo Okta org tests: start an org on a loopback port, call it with the demo
// token, look up seeded ids, and read the recorded Okta payloads the org must resemble.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoOktaOrg, DEMO_SEED, type DemoOktaOrg, type DemoOktaOrgOptions, type DemoSeed } from '../../../src/demo/okta/index.js';

export type RunningOrg = DemoOktaOrg & { url: string };

/** The demo org's people and groups with an empty System Log: for tests of the events changes leave. */
export const WITHOUT_HISTORY: DemoSeed = { ...DEMO_SEED, history: [] };

export async function startOrg(options: DemoOktaOrgOptions = {}): Promise<RunningOrg> {
  const org = createDemoOktaOrg(options);
  const { url } = await org.start(0, '127.0.0.1');
  return Object.assign(org, { url });
}

export type ApiAnswer = { status: number; headers: Headers; body: any; text: string };

/** One request with `Authorization: SSWS <org token>` unless `authorization` says otherwise. */
export async function api(
  org: RunningOrg,
  method: string,
  path: string,
  options: { authorization?: string | null } = {},
): Promise<ApiAnswer> {
  const authorization = options.authorization === undefined ? `SSWS ${org.token}` : options.authorization;
  const response = await fetch(path.startsWith('http') ? path : `${org.url}${path}`, {
    method,
    headers: { Accept: 'application/json', ...(authorization === null ? {} : { Authorization: authorization }) },
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, body: json, text };
}

export function userId(org: DemoOktaOrg, email: string): string {
  const user = [...org.state.users.values()].find((candidate) => candidate.profile.email === email);
  if (!user) throw new Error(`no seeded user ${email}`);
  return user.id;
}

export function groupId(org: DemoOktaOrg, name: string): string {
  const group = [...org.state.groups.values()].find((candidate) => candidate.name === name);
  if (!group) throw new Error(`no seeded group ${name}`);
  return group.id;
}

export const emailOf = (org: DemoOktaOrg, id: string) => org.state.users.get(id)!.profile.email;

/** The rel="next" URL of a Link header, if any. */
export function nextLink(headers: Headers): string | undefined {
  return /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1];
}

export type RecordedOkta = { status: number; headers: Record<string, string>; body: any };

export function recorded(name: string): RecordedOkta {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'okta', name), 'utf8')) as RecordedOkta;
}

/** An Okta error body without its errorId (random per answer), for comparison with a recording. */
export function withoutErrorId(body: Record<string, unknown>): Record<string, unknown> {
  const { errorId: _errorId, ...rest } = body;
  return rest;
}
