import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { adminUserId, applicantStep, drawPanel, applicantToken, createApplication, createStaff, currentVersion, seedDemo, staffAct, staffToken } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { STAFF_ROLES } = require(path.join(ROOT, 'dist', 'src', 'api', 'reviewer-profile', 'support', 'staff-roles'));

/** The Content Manager scoped by the custom RBAC conditions, and the staff roles synced at boot. */
let app: TestApp;
const tokens: Record<string, string> = {};
let id: string;
const CM = '/content-manager/collection-types';
const cm = (who: string, uid: string, suffix = '') => app.http().get(`${CM}/${uid}${suffix}`).set('Authorization', `Bearer ${tokens[who]}`);
const APPLICATION = 'api::application.application';
const RECORD = 'api::review-record.review-record';

async function step(who: string, body: Record<string, unknown>) {
  const response = await staffAct(app, tokens[who], id, { version: await currentVersion(app, id), ...body });
  expect(response.status).toBe(200);
}

async function permissionsOf(code: string) {
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code } });
  return app.strapi.db.query('admin::permission').findMany({ where: { role: { id: role.id } }, orderBy: { id: 'asc' } });
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'expert']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
  tokens.jiangan = (await createStaff(app, 'jiangan@shenbao.local', 'shenbao-district-reviewer', { role: 'district_reviewer', districtCode: '420102' })).token;
  const jwt = await applicantToken(app);
  id = (await createApplication(app, jwt, 'data-product-2026')).documentId;
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
});
afterAll(async () => {
  await app?.stop();
});

describe('RBAC conditions on the Content Manager', () => {
  it("shows a district reviewer its own district's applications, list and detail", async () => {
    const list = await cm('district.reviewer', APPLICATION);
    expect(list.status).toBe(200);
    expect(list.body.results.map((r: any) => r.documentId)).toEqual([id]);
    expect((await cm('district.reviewer', APPLICATION, `/${id}`)).status).toBe(200);
  });

  it('shows a district reviewer of another district an empty list, and refuses the detail', async () => {
    const list = await cm('jiangan', APPLICATION);
    expect(list.status).toBe(200);
    expect(list.body.results).toEqual([]);
    expect(list.body.pagination.total).toBe(0);
    expect([403, 404]).toContain((await cm('jiangan', APPLICATION, `/${id}`)).status);
  });

  it('scopes the review records the same way', async () => {
    expect((await cm('district.reviewer', RECORD)).body.results.length).toBeGreaterThan(0);
    const other = await cm('jiangan', RECORD);
    expect(other.status).toBe(200);
    expect(other.body.results).toEqual([]);
  });

  it('shows institutions and experts only what is assigned to them', async () => {
    expect((await cm('institution', APPLICATION)).body.results).toEqual([]);
    expect((await cm('expert', APPLICATION)).body.results).toEqual([]);
    expect([403, 404]).toContain((await cm('expert', APPLICATION, `/${id}`)).status);
    await step('district.reviewer', { action: 'recommend', opinion: '同意推荐' });
    await step('city.reviewer', { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
    expect((await cm('institution', APPLICATION)).body.results.map((r: any) => r.documentId)).toEqual([id]);
    expect((await cm('institution', APPLICATION, `/${id}`)).status).toBe(200);
    expect((await cm('expert', APPLICATION)).body.results).toEqual([]);
    await step('institution', { action: 'pass', opinion: '复核通过', coiDeclared: true });
    await drawPanel(app, tokens['city.reviewer'], id, { panelSize: 'all' });
    expect((await cm('expert', APPLICATION)).body.results.map((r: any) => r.documentId)).toEqual([id]);
  });

  it('lets the city reviewer read every application', async () => {
    expect((await cm('city.reviewer', APPLICATION)).body.results.map((r: any) => r.documentId)).toEqual([id]);
  });

  it('refuses reviewers any update of an application in the Content Manager', async () => {
    const response = await app.http().put(`${CM}/${APPLICATION}/${id}`).set('Authorization', `Bearer ${tokens['district.reviewer']}`).send({ title: '改名' });
    expect(response.status).toBe(403);
  });
});

describe('staff roles synced at bootstrap', () => {
  it('exist after boot with exactly their defined permissions', async () => {
    for (const role of STAFF_ROLES) {
      const permissions = await permissionsOf(role.code);
      expect(permissions.length).toBeGreaterThan(0);
      // nobody updates or deletes review records; only editors and the credit list are managed
      expect(permissions.filter((p: any) => p.subject === RECORD && !p.action.endsWith('.read'))).toEqual([]);
      if (role.role !== 'editor') expect(permissions.filter((p: any) => p.subject === APPLICATION && !p.action.endsWith('.read'))).toEqual([]);
    }
    const district = await permissionsOf('shenbao-district-reviewer');
    expect(district.find((p: any) => p.subject === APPLICATION).conditions).toEqual(['api::shenbao-own-district']);
    // its district's applicant organisations only (issue 21; tests/integration/content-manager-scope.test.ts)
    expect(district.find((p: any) => p.subject === 'api::organization.organization').conditions).toEqual(['api::shenbao-own-district-organizations']);
    expect((await permissionsOf('shenbao-city-reviewer')).find((p: any) => p.subject === 'api::organization.organization').conditions).toEqual([]);
    expect(district.some((p: any) => p.action === 'api::transition.dataset.district-review.recommend')).toBe(true);
    expect(district.some((p: any) => p.action === 'api::transition.dataset.city-review.confirm')).toBe(false);
    const expert = await permissionsOf('shenbao-expert');
    expect(expert.find((p: any) => p.subject === APPLICATION).conditions).toEqual(['api::shenbao-assigned']);
  });

  it('a second boot changes nothing; a tampered role is brought back to its set', async () => {
    const before: Record<string, unknown> = {};
    for (const role of STAFF_ROLES) before[role.code] = (await permissionsOf(role.code)).map((p: any) => [p.id, p.action, p.subject, p.conditions]);
    // Someone grants a district reviewer the right to edit applications, and removes a stage action.
    const districtRole = await app.strapi.db.query('admin::role').findOne({ where: { code: 'shenbao-district-reviewer' } });
    await app.strapi.service('admin::role').addPermissions(districtRole.id, [{ action: 'plugin::content-manager.explorer.update', subject: APPLICATION, properties: { fields: ['title'] } }]);
    await app.strapi.db.query('admin::permission').deleteMany({ where: { role: { id: districtRole.id }, action: 'api::transition.dataset.district-review.reject' } });
    const untouched = (await permissionsOf('shenbao-city-reviewer')).map((p: any) => [p.id, p.updatedAt]);

    await app.restart();
    for (const who of Object.keys(tokens)) tokens[who] = await staffToken(app, who === 'jiangan' ? 'jiangan@shenbao.local' : `${who}@shenbao.local`);
    expect((await permissionsOf('shenbao-city-reviewer')).map((p: any) => [p.id, p.updatedAt])).toEqual(untouched);
    const district = await permissionsOf('shenbao-district-reviewer');
    expect(district.some((p: any) => p.subject === APPLICATION && p.action.endsWith('.update'))).toBe(false);
    expect(district.some((p: any) => p.action === 'api::transition.dataset.district-review.reject')).toBe(true);
    for (const role of STAFF_ROLES) {
      if (role.code === 'shenbao-district-reviewer') continue;
      expect((await permissionsOf(role.code)).map((p: any) => [p.id, p.action, p.subject, p.conditions])).toEqual(before[role.code]);
    }
    expect(await app.strapi.db.query('admin::role').count({ where: { code: { $startsWith: 'shenbao-' } } })).toBe(STAFF_ROLES.length);
    // The scope still holds after the restart.
    expect((await cm('jiangan', APPLICATION)).body.results).toEqual([]);
  });
});
