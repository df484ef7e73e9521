// The directory's app reads against Okta-shaped answers (AppLink, Application, ApplicationGroupAssignment
// as in Okta's Management API reference): what was sent, what came back, and failures as coded errors.
import { describe, expect, it } from 'vitest';
import { APP_LINKS_CAP } from '../../src/okta/directory.js';
import { createDirectory, createOktaClient, OktaError, type Directory } from '../../src/okta/index.js';
import { fixture, okta, oktaJson, ORG_URL, SSWS, TOKEN, useMockOkta } from '../helpers/okta.js';

const { server, recorder } = useMockOkta();

function directory(): Directory {
  return createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0, requestTimeoutMs: 5_000 }));
}

const USER = '00ub0oNGTSWTBKOLGLNR';
const APP = '0oa1gjh63g214q0Hq0g4';
const [everyone, testGroup] = fixture('list-user-groups.recorded.json').body as Array<{ id: string; profile: { name: string } }>;

const appLink = (label: string, appInstanceId: string, hidden = false) => ({
  id: '00ub0oNGTSWTBKOLGLNR',
  label,
  linkUrl: `${ORG_URL}/home/salesforce/${appInstanceId}/46`,
  logoUrl: `${ORG_URL}/img/logos/salesforce_logo.png`,
  appName: 'salesforce',
  appInstanceId,
  appAssignmentId: '0ua3omz7weMMMQJERBKY',
  credentialsSetup: false,
  hidden,
  sortOrder: 0,
});

const application = (id: string, label: string, status = 'ACTIVE') => ({
  id,
  name: 'salesforce',
  label,
  status,
  lastUpdated: '2025-01-01T00:00:00.000Z',
  created: '2025-01-01T00:00:00.000Z',
  signOnMode: 'SAML_2_0',
  accessibility: { selfService: false },
  visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
  settings: { app: {} },
  _links: { groups: { href: `${ORG_URL}/api/v1/apps/${id}/groups` } },
});

const assignment = (group: { id: string }, embedded?: unknown) => ({
  id: group.id,
  lastUpdated: '2025-01-01T00:00:00.000Z',
  priority: 0,
  profile: {},
  _links: { group: { href: `${ORG_URL}/api/v1/groups/${group.id}` }, app: { href: `${ORG_URL}/api/v1/apps/${APP}` } },
  ...(embedded ? { _embedded: { group: embedded } } : {}),
});

describe('app reads', () => {
  it("lists a person's app links as plain records", async () => {
    server.use(okta(recorder, 'get', `/api/v1/users/${USER}/appLinks`, () => oktaJson([appLink('Salesforce.com', APP), appLink('Zoom', '0oazoom', true)])));

    const links = await directory().listAppLinks(USER);

    expect(recorder.sent).toEqual([expect.objectContaining({ method: 'GET', path: `/api/v1/users/${USER}/appLinks`, authorization: SSWS })]);
    expect(links).toEqual([
      { appId: APP, label: 'Salesforce.com', appName: 'salesforce', hidden: false },
      { appId: '0oazoom', label: 'Zoom', appName: 'salesforce', hidden: true },
    ]);
  });

  it('refuses to answer from a cut list when a person has more app links than it reads', async () => {
    const links = Array.from({ length: APP_LINKS_CAP + 1 }, (_, i) => appLink(`App ${i}`, `0oa${i}`));
    server.use(okta(recorder, 'get', `/api/v1/users/${USER}/appLinks`, () => oktaJson(links)));

    await expect(directory().listAppLinks(USER)).rejects.toMatchObject({ code: 'okta_unavailable' });
  });

  it('finds apps with q= and a bounded limit, the exact label first', async () => {
    server.use(okta(recorder, 'get', '/api/v1/apps', () => oktaJson([application('0oa1', 'Salesforce Sandbox', 'INACTIVE'), application(APP, 'salesforce')])));

    const apps = await directory().listApps(' Salesforce ');

    expect(recorder.sent).toEqual([expect.objectContaining({ path: '/api/v1/apps', query: { q: 'Salesforce', limit: '200' } })]);
    expect(apps).toEqual([
      { id: APP, label: 'salesforce', status: 'ACTIVE' },
      { id: '0oa1', label: 'Salesforce Sandbox', status: 'INACTIVE' },
    ]);
  });

  it('lists every app when no name is given, and rejects an empty name without calling Okta', async () => {
    server.use(okta(recorder, 'get', '/api/v1/apps', () => oktaJson([application(APP, 'Zoom')])));

    expect(await directory().listApps()).toEqual([{ id: APP, label: 'Zoom', status: 'ACTIVE' }]);
    expect(recorder.sent[0]?.query).toEqual({ limit: '200' });
    await expect(directory().listApps('  ')).rejects.toMatchObject({ code: 'okta_bad_request' });
    expect(recorder.sent).toHaveLength(1);
  });

  it("reads an app's groups from the embedded group, and reads a group Okta did not embed", async () => {
    server.use(
      okta(recorder, 'get', `/api/v1/apps/${APP}/groups`, () => oktaJson([assignment(everyone!, everyone), assignment(testGroup!)])),
      okta(recorder, 'get', `/api/v1/groups/${testGroup!.id}`, () => oktaJson(testGroup)),
    );

    const groups = await directory().listAppGroups(APP);

    expect(recorder.sent.map((r) => [r.path, r.query])).toEqual([
      [`/api/v1/apps/${APP}/groups`, { expand: 'group', limit: '200' }],
      [`/api/v1/groups/${testGroup!.id}`, {}],
    ]);
    expect(groups.map((g) => [g.id, g.name])).toEqual([
      [everyone!.id, 'Everyone'],
      [testGroup!.id, 'Test-User-Group'],
    ]);
  });

  it('turns a missing app into okta_not_found, never into "no groups"', async () => {
    server.use(okta(recorder, 'get', `/api/v1/apps/${APP}/groups`, () => oktaJson(fixture('errors/E0000007.spec-example.json').body, { status: 404 })));

    const failure = await directory().listAppGroups(APP).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OktaError);
    expect(failure).toMatchObject({ code: 'okta_not_found' });
  });
});
