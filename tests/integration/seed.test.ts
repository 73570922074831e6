import fs from 'fs';
import path from 'path';
import workingDayVectors from '../../../shared/vectors/working-days.json';
import { WorkingCalendar, expandHolidayNotice } from '../../src/domain/calendar';
import { STAFF_ROLES } from '../../src/api/reviewer-profile/support/staff-roles';
import { DEMO_APPLICANT, DEMO_STAFF } from '../../src/seed/data/staff';
import { adminToken, applicantJwt } from '../harness/auth';
import { ROOT, SHARED } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seed } = require(path.join(ROOT, 'dist', 'src', 'seed'));
const PASSWORD = 'Seed-Test-2026';

let app: TestApp;
let firstRun: { created: Record<string, number>; logins: Array<{ email: string }> };
beforeAll(async () => {
  app = await startStrapi();
  firstRun = await seed(app.strapi, { password: PASSWORD, now: new Date('2026-11-28T02:00:00Z') });
});
afterAll(async () => {
  await app?.stop();
});

const count = (uid: string, params: object = {}) => (app.strapi.documents(uid as any) as any).count(params);

describe('the demo seed', () => {
  it('creates the reference data, the content and the accounts', async () => {
    expect(await count('api::district.district')).toBe(17);
    expect(await count('api::district.district', { filters: { kind: 'functional_zone' } })).toBe(4);
    expect(await count('api::program.program')).toBe(2);
    expect(await count('api::consultation.consultation', { status: 'published' })).toBe(1);
    expect(await count('api::task-spec.task-spec', { status: 'published' })).toBe(2);
    expect(await count('api::article.article', { status: 'published' })).toBe(4);
    expect(await count('api::reviewer-profile.reviewer-profile')).toBe(DEMO_STAFF.filter((staff) => staff.profile).length);
    expect(firstRun.logins.map((login) => login.email)).toEqual([...DEMO_STAFF.map((s) => s.email), DEMO_APPLICANT.email]);
  });

  it('is idempotent: a second run creates nothing and changes no count', async () => {
    const before = await Promise.all(['api::district.district', 'api::calendar-day.calendar-day', 'api::organization.organization'].map((uid) => count(uid)));
    const secondRun = await seed(app.strapi, { password: PASSWORD });
    expect(secondRun.created).toEqual({});
    const after = await Promise.all(['api::district.district', 'api::calendar-day.calendar-day', 'api::organization.organization'].map((uid) => count(uid)));
    expect(after).toEqual(before);
    expect(await app.strapi.db.query('admin::user').count()).toBe(DEMO_STAFF.length);
    expect(await app.strapi.db.query('admin::role').count({ where: { code: { $startsWith: 'shenbao-' } } })).toBe(STAFF_ROLES.length);
    expect(await count('api::task-spec.task-spec', { status: 'published' })).toBe(2);
  });

  it('seeds exactly the State Council calendar of the shared vectors', async () => {
    const rows = await app.strapi.documents('api::calendar-day.calendar-day').findMany({ limit: 1000 } as any);
    const expected = Object.entries(workingDayVectors.calendar).flatMap(([year, notice]) => expandHolidayNotice(Number(year), notice));
    const key = (entry: { date: string; kind: string }) => `${entry.date}:${entry.kind}`;
    expect(rows.map((row: any) => key(row)).sort()).toEqual(expected.map(key).sort());
    const calendar = new WorkingCalendar(rows.map((row: any) => ({ date: row.date, kind: row.kind })));
    for (const vector of workingDayVectors.cases.filter((c) => !c.end.startsWith('error'))) {
      expect(calendar.nthWorkingDay(vector.start, vector.working_days)).toBe(vector.end);
    }
  });

  it('configures both programmes with the policy award rule and contacts', async () => {
    const programs = await app.strapi.documents('api::program.program').findMany({ populate: ['annualBudgets'], sort: 'sortOrder:asc' });
    expect(programs.map((p) => [p.key, p.ratioBp, Number(p.capFen), p.roundingMode, p.capScope])).toEqual([
      ['dataset', 3000, 200_000_000, 'floor', 'per_project'],
      ['data_product', 3000, 200_000_000, 'floor', 'per_project'],
    ]);
    expect(programs.map((p) => p.contactEmail)).toEqual(['ssjjsjzlc@163.com', '1203063280@qq.com']);
    expect(programs.every((p) => (p.annualBudgets ?? []).length === 3)).toBe(true);
  });

  it('publishes the consultation notice from the policy text, word for word', async () => {
    const copy = fs.readFileSync(path.join(ROOT, 'src', 'seed', 'data', 'wuhan-data-fund-draft-2025.txt'), 'utf8');
    expect(copy).toBe(fs.readFileSync(path.join(SHARED, 'policy', 'wuhan-data-fund-draft-2025.txt'), 'utf8'));
    const consultation = await app.strapi.documents('api::consultation.consultation').findFirst({ status: 'published', populate: ['topics'] });
    expect(consultation!.title).toBe(copy.trim().split('\n')[0]);
    expect(new Date(consultation!.deadline as string).toISOString()).toBe('2025-04-18T15:59:00.000Z');
    expect(new Date(consultation!.issuedAt as string).toISOString()).toBe('2025-03-17T16:00:00.000Z');
    expect(consultation!.topics!.map((t) => [t.topic, t.email])).toEqual([
      ['dataset', 'ssjjsjzlc@163.com'],
      ['data_product', '1203063280@qq.com'],
    ]);
    const draftText = JSON.stringify(consultation!.draftBody);
    expect(draftText).toContain('第十四条 本办法由市数据局负责解释');
    // a sentence the PDF split across a page break is whole again
    expect(draftText).toContain('近三年无重大安全事故');
  });

  it('opens the calls around the day the demo was first seeded, with their form definitions', async () => {
    const specs = await app.strapi.documents('api::task-spec.task-spec').findMany({ status: 'published', populate: ['program', 'buildTasks', 'materials'], sort: 'slug:asc' });
    for (const spec of specs) {
      expect(new Date(spec.opensAt as string).getTime()).toBeLessThan(Date.parse('2026-11-28T02:00:00Z'));
      expect(new Date(spec.closesAt as string).getTime()).toBeGreaterThan(Date.parse('2026-11-28T02:00:00Z'));
      expect((spec.formDefinition as any).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(spec.materials!.length).toBeGreaterThanOrEqual(4);
    }
    const dataset = specs.find((s) => s.slug === 'dataset-2025-batch-1')!;
    expect(dataset.program!.key).toBe('dataset');
    expect(dataset.buildTasks!.length).toBe(3);
  });

  it('gives every staff role a working admin login with its own role', async () => {
    for (const staff of DEMO_STAFF) {
      const token = await adminToken(app, staff.email, PASSWORD);
      const me = await app.http().get('/admin/users/me').set('Authorization', `Bearer ${token}`);
      expect(me.status).toBe(200);
      expect(me.body.data.roles.map((r: { code: string }) => r.code)).toEqual([staff.roleCode]);
    }
  });

  it('lets editors manage content and keeps other staff out of it', async () => {
    const articles = '/content-manager/collection-types/api::article.article';
    const editor = await adminToken(app, 'editor@shenbao.local', PASSWORD);
    expect((await app.http().get(articles).set('Authorization', `Bearer ${editor}`)).status).toBe(200);
    const reviewer = await adminToken(app, 'district.reviewer@shenbao.local', PASSWORD);
    expect((await app.http().get(articles).set('Authorization', `Bearer ${reviewer}`)).status).toBe(403);
    const applications = '/content-manager/collection-types/api::application.application';
    expect((await app.http().get(applications).set('Authorization', `Bearer ${reviewer}`)).status).toBe(200);
    expect((await app.http().get(applications).set('Authorization', `Bearer ${editor}`)).status).toBe(403);
  });

  it('refuses a demo login with the wrong password', async () => {
    const response = await app.http().post('/admin/login').send({ email: 'editor@shenbao.local', password: 'wrong-password-1A' });
    expect(response.status).toBe(400);
  });

  it('links the demo applicant to its organisation in its district', async () => {
    const jwt = await applicantJwt(app, DEMO_APPLICANT.email, PASSWORD);
    expect(jwt).toEqual(expect.any(String));
    const organization = await app.strapi.documents('api::organization.organization').findFirst({
      filters: { uscc: DEMO_APPLICANT.organization.uscc },
      populate: ['users', 'district'],
    });
    expect(organization!.district!.code).toBe('donghu_hitech');
    expect(organization!.users!.map((u) => u.email)).toEqual([DEMO_APPLICANT.email]);
  });
});
