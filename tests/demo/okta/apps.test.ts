// The demo org's apps through the real Okta SDK and the product's directory: app links follow group
// membership live, apps are found by label prefix, and an app's groups come embedded with ?expand=group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OKTA_TOKEN } from '../../../src/demo/okta/index.js';
import { createDirectory, createOktaClient, type Directory } from '../../../src/okta/index.js';
import { api, groupId, nextLink, startOrg, userId, type RunningOrg } from './helpers.js';

let org: RunningOrg;
let directory: Directory;
beforeAll(async () => {
  org = await startOrg();
  directory = createDirectory(createOktaClient({ orgUrl: org.url, auth: { kind: 'token', token: DEMO_OKTA_TOKEN } }, { maxRetries: 0, requestTimeoutMs: 5_000 }));
});
afterAll(() => org.stop());

const appId = (label: string) => [...org.state.apps.values()].find((app) => app.label === label)!.id;
const labels = (links: Array<{ label: string }>) => links.map((link) => link.label).sort();

describe('apps in the demo org', () => {
  it("lists a person's apps from their groups: Sales gets Salesforce and Zoom, everyone gets Workday", async () => {
    expect(labels(await directory.listAppLinks(userId(org, 'jane.smith@acme.example')))).toEqual(['Salesforce.com', 'Workday', 'Zoom']);
    expect(labels(await directory.listAppLinks(userId(org, 'omar.haddad@acme.example')))).toEqual(['GitHub', 'Tableau Online', 'Workday', 'Zoom']);
  });

  it('answers app links in the AppLink shape, by id or login', async () => {
    const answer = await api(org, 'GET', '/api/v1/users/jane.smith%40acme.example/appLinks');

    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body[0]).sort()).toEqual(
      ['appAssignmentId', 'appInstanceId', 'appName', 'credentialsSetup', 'hidden', 'id', 'label', 'linkUrl', 'logoUrl', 'sortOrder'].sort(),
    );
  });

  it('gives a person the apps of a group as soon as they are added to it', async () => {
    const jane = userId(org, 'jane.smith@acme.example');
    expect(labels(await directory.listAppLinks(jane))).not.toContain('GitHub');

    await directory.addToGroup(jane, groupId(org, 'Engineering'));

    expect(labels(await directory.listAppLinks(jane))).toContain('GitHub');
  });

  it('finds apps by the start of their label or name, case-insensitively', async () => {
    expect(await directory.listApps('sales')).toEqual([{ id: appId('Salesforce.com'), label: 'Salesforce.com', status: 'ACTIVE' }]);
    expect(await directory.listApps('zoom')).toEqual([{ id: appId('Zoom'), label: 'Zoom', status: 'ACTIVE' }]);
    expect(await directory.listApps('Slack')).toEqual([]);
    expect((await directory.listApps()).map((app) => app.label)).toEqual(['Salesforce.com', 'GitHub', 'Zoom', 'Workday', 'Tableau Online']);
  });

  it("pages apps with absolute next links", async () => {
    const first = await api(org, 'GET', '/api/v1/apps?limit=2');
    expect(first.body).toHaveLength(2);
    const second = await api(org, 'GET', nextLink(first.headers)!);
    expect(second.body.map((app: { label: string }) => app.label)).toEqual(['Zoom', 'Workday']);
  });

  it("lists an app's groups, embedding each group only with expand=group", async () => {
    expect((await directory.listAppGroups(appId('Zoom'))).map((group) => group.name)).toEqual(['Engineering', 'Sales']);
    expect(await directory.listAppGroups(appId('Tableau Online'))).toEqual([]);

    const plain = await api(org, 'GET', `/api/v1/apps/${appId('Salesforce.com')}/groups`);
    expect(plain.body).toEqual([expect.objectContaining({ id: groupId(org, 'Sales'), priority: 0, profile: {} })]);
    expect(plain.body[0]._embedded).toBeUndefined();
  });

  it('answers 404 E0000007 for an app it does not have', async () => {
    const answer = await api(org, 'GET', '/api/v1/apps/0oanosuchapp000000000/groups');

    expect(answer.status).toBe(404);
    expect(answer.body.errorCode).toBe('E0000007');
    await expect(directory.listAppGroups('0oanosuchapp000000000')).rejects.toMatchObject({ code: 'okta_not_found' });
  });
});
