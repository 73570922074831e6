import path from 'path';
import { LEGAL_FORMS, LEGAL_FORM_LABELS, isLegalPerson } from '../../src/domain/legal-person';
import { usccCheckCharacter } from '../../src/domain/uscc';
import { applicantJwt } from '../harness/auth';
import { ROOT, usePostgres } from '../harness/env';
import { PortalBrowser } from '../harness/portal-browser';
import { FORM_FIELDS } from '../harness/portal-forms';
import { TestApp, startStrapi } from '../harness/strapi';
import { PASSWORD, SIGNED, applicantStep, createApplication, seedDemo, staffToken } from '../harness/workflow';

/**
 * 第四条 (支持对象须具有独立法人资格) on a real server: binding an organisation on the portal, an
 * organisation registered before the form was asked stating it, and submission, by every route.
 * Each refusal is a 4xx with the Chinese reason and the field, and writes nothing.
 */
let app: TestApp;
const ORG = 'api::organization.organization';
const APPLICATION = 'api::application.application';
const SLUG = 'dataset-2025-batch-1';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resetLimits = () => require(path.join(ROOT, 'dist', 'src', 'portal', 'rate-limit')).resetLimits();

/** A valid USCC starting with the two given characters, registered in 武昌区, numbered n. */
const uscc = (prefix: string, n: number) => {
  const first17 = `${prefix}420106MA4L${String(n).padStart(5, '0')}`;
  return first17 + usccCheckCharacter(first17);
};

let users = 0;
async function registered() {
  users += 1;
  resetLimits();
  const browser = new PortalBrowser(app);
  const email = `legal${users}@example.com`;
  const response = await browser.post('/register', { email, password: PASSWORD, passwordConfirm: PASSWORD });
  expect(response.status).toBe(302);
  return { browser, email };
}

/** An applicant whose organisation row is as given: as one registered before the form was asked, or edited in the Content Manager. */
async function applicantOf(org: Record<string, unknown>) {
  const { browser, email } = await registered();
  const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } });
  const district = await app.strapi.db.query('api::district.district').findOne({ where: { code: '420106' } });
  await app.strapi.documents(ORG).create({ data: { name: `武汉法人资格测试${users}有限公司`, district: district.documentId, users: [user.documentId], ...org } as any });
  return { browser, jwt: await applicantJwt(app, email, PASSWORD) };
}

/** What a refused request must leave as it was. */
async function footprint(documentId: string) {
  const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } });
  return {
    row: { state: row.state, version: row.version, serialNo: row.serialNo, eligibility: row.eligibility, updatedAt: String(row.updatedAt) },
    applications: await app.strapi.db.query(APPLICATION).count(),
    records: await app.strapi.db.query('api::review-record.review-record').count(),
    organizations: await app.strapi.db.query(ORG).count(),
  };
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.stop();
});

describe(`第四条 on ${usePostgres() ? 'PostgreSQL' : 'SQLite'}: binding an organisation on the portal`, () => {
  const district = async () => (await app.strapi.db.query('api::district.district').findOne({ where: { code: '420106' } })).documentId as string;
  let n = 100;
  const form = async (fields: Record<string, string>) => ({
    name: '武汉法人资格科技有限公司',
    uscc: uscc('91', (n += 1)),
    district: await district(),
    contactName: '李四',
    contactPhone: '13912345678',
    ...fields,
  });
  const refused = async (fields: Record<string, string>, message: string, field = 'legalForm') => {
    const { browser } = await registered();
    const before = await app.strapi.db.query(ORG).count();
    const response = await browser.post('/me/organization', await form(fields));
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
    expect(response.text).toContain(`href="#f-${field}"`);
    expect(await app.strapi.db.query(ORG).count()).toBe(before);
  };

  it.each(LEGAL_FORMS.filter((form) => !isLegalPerson(form)).map((form) => [LEGAL_FORM_LABELS[form], form]))('refuses %s with the article\'s reason', async (label, legalForm) => {
    await refused({ legalForm, ...(legalForm === 'individual_business' ? { uscc: uscc('92', 1) } : {}) }, `单位类型为“${label}”`);
    await refused({ legalForm }, '第四条：支持对象须具有独立法人资格');
  });

  it('refuses a USCC whose codes contradict the stated form, saying what the code says', async () => {
    await refused({ legalForm: 'limited_liability_company', uscc: uscc('92', 2) }, '单位类型：统一社会信用代码第1、2位“92”表示个体工商户，与所填单位类型“有限责任公司”不一致');
    await refused({ legalForm: 'public_institution' }, '统一社会信用代码第1、2位“91”表示企业，与所填单位类型“事业单位”不一致');
    await refused({ legalForm: 'social_group', uscc: uscc('12', 3) }, '“12”表示事业单位，与所填单位类型“社会团体”不一致');
  });

  it('refuses a branch by its name, no form chosen, and a form that is not on the list', async () => {
    await refused({ legalForm: 'limited_liability_company', name: '某集团有限公司武汉分公司' }, '分支机构不具有独立法人资格', 'name');
    await refused({ legalForm: '' }, '请选择单位类型');
    for (const legalForm of ['enterprise', '__proto__', '有限责任公司']) await refused({ legalForm }, '单位类型不在可选范围内');
  });

  it('binds a legal person with its form, a social group included (the programme decides at submission)', async () => {
    for (const [legalForm, code] of [['limited_liability_company', '91'], ['public_institution', '12'], ['social_group', '51']]) {
      const { browser } = await registered();
      const fields = await form({ legalForm, uscc: uscc(code, 200 + users) });
      const response = await browser.post('/me/organization', fields);
      expect(response.status).toBe(302);
      expect((await app.strapi.db.query(ORG).findOne({ where: { uscc: fields.uscc } })).legalForm).toBe(legalForm);
      expect((await browser.get('/me/organization')).text).toContain(`<dd>${LEGAL_FORM_LABELS[legalForm as keyof typeof LEGAL_FORM_LABELS]}</dd>`);
    }
  });
});

describe('an organisation registered before the form was asked', () => {
  it('is refused at submission, by the API and by the portal, until it states its form on 单位信息', async () => {
    const { browser, jwt } = await applicantOf({ uscc: uscc('91', 300) });
    const { documentId } = await createApplication(app, jwt, SLUG);
    const before = await footprint(documentId);

    const api = await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
    expect(api.status).toBe(409);
    expect(api.body.error.details).toMatchObject({ code: 'legal_form_missing', field: 'organization.legalForm' });
    expect(api.body.error.message).toBe('申报单位尚未填写单位类型，请先到“单位信息”页面补充单位类型');
    const signed = Object.fromEntries(Object.keys(SIGNED).map((key) => [`a.${key}`, 'true']));
    const portal = await browser.postMultipart(`/me/applications/${documentId}/edit`, { intent: 'submit', ...FORM_FIELDS, ...signed });
    expect(portal.status).toBe(400);
    expect(portal.text).toContain('请先到“单位信息”页面补充单位类型');
    // The portal saves what was typed before it submits (pages/applications.ts); nothing else moved.
    expect(await footprint(documentId)).toEqual({ ...before, row: { ...before.row, updatedAt: expect.any(String) } });

    // 单位信息 asks for the form, and refuses one without legal personality or one the USCC contradicts.
    const page = await browser.get('/me/organization');
    expect(page.text).toContain('补充单位类型');
    expect(page.text).toContain('<optgroup label="非法人组织（不具有法人资格，不能申报）">');
    const org = async () => (await app.strapi.db.query(ORG).findOne({ where: { uscc: uscc('91', 300) } })).legalForm;
    for (const [legalForm, message] of [
      ['partnership', '单位类型为“合伙企业”（非法人组织），不具有独立法人资格，不能申报（第四条：支持对象须具有独立法人资格）'],
      ['public_institution', '统一社会信用代码第1、2位“91”表示企业，与所填单位类型“事业单位”不一致'],
      ['', '请选择单位类型'],
    ]) {
      const response = await browser.post('/me/organization/legal-form', { legalForm });
      expect(response.status).toBe(400);
      expect(response.text).toContain(message);
      expect(await org()).toBeNull();
    }
    expect((await browser.post('/me/organization/legal-form', { legalForm: 'joint_stock_company', next: `/me/applications/${documentId}/edit` })).headers.location).toBe(`/me/applications/${documentId}/edit`);
    expect(await org()).toBe('joint_stock_company');
    // Stated once; a change goes through the district.
    expect((await browser.post('/me/organization/legal-form', { legalForm: 'limited_liability_company' })).status).toBe(409);
    expect(await org()).toBe('joint_stock_company');

    // Now it submits, and the eligibility snapshot records the form; reviewers see it.
    expect((await applicantStep(app, jwt, documentId, 'submit', { version: 0 })).status).toBe(200);
    const detail = await app.http().get(`/shenbao/applications/${documentId}`).set('Authorization', `Bearer ${await staffToken(app, 'city.reviewer@shenbao.local')}`);
    expect(detail.body.data.eligibility.legalForm).toBe('joint_stock_company');
    expect(detail.body.data.organization.legalForm).toBe('joint_stock_company');
  });

  it('the demo\'s own organisation gets its form from the seed, once', async () => {
    const demo = () => app.strapi.db.query(ORG).findOne({ where: { uscc: '91420100MA4K12345K' } });
    await app.strapi.db.query(ORG).update({ where: { uscc: '91420100MA4K12345K' }, data: { legalForm: null } });
    await seedDemo(app, { calendarStandIns: false });
    expect((await demo()).legalForm).toBe('limited_liability_company');
  });

  it('gets the form its USCC proves at boot, and only that', async () => {
    const rows = [uscc('12', 400), uscc('92', 401), uscc('51', 402), uscc('91', 403)];
    for (const code of rows) await app.strapi.db.query(ORG).create({ data: { name: `旧单位${code}`, uscc: code, documentId: `legacy${code.toLowerCase()}` } });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await require(path.join(ROOT, 'dist', 'src', 'api', 'organization', 'support', 'proven-legal-forms')).recordProvenLegalForms(app.strapi);
    const forms = await Promise.all(rows.map(async (code) => (await app.strapi.db.query(ORG).findOne({ where: { uscc: code } })).legalForm));
    expect(forms).toEqual(['public_institution', 'individual_business', 'social_group', null]);
  });
});

describe('at submission, whatever the organisation row says', () => {
  // Rows the portal never writes but the Content Manager or an old import could.
  it.each([
    ['a partnership', { legalForm: 'partnership', uscc: uscc('91', 500) }, 403, 'not_legal_person', 'organization.legalForm', '单位类型为“合伙企业”（非法人组织），不具有独立法人资格，不能申报（第四条：支持对象须具有独立法人资格）'],
    ['an individual business', { legalForm: 'individual_business', uscc: uscc('92', 501) }, 403, 'not_legal_person', 'organization.legalForm', '单位类型为“个体工商户”，不具有独立法人资格'],
    ['a company whose USCC says 个体工商户', { legalForm: 'limited_liability_company', uscc: uscc('92', 502) }, 400, 'legal_form_contradicts_uscc', 'organization.legalForm', '统一社会信用代码第1、2位“92”表示个体工商户，与所填单位类型“有限责任公司”不一致'],
    ['a branch by its name', { legalForm: 'limited_liability_company', uscc: uscc('91', 503), name: '某集团有限公司武汉分公司' }, 403, 'branch_by_name', 'organization.name', '分支机构不具有独立法人资格'],
    ['a government organ', { legalForm: 'state_organ', uscc: uscc('11', 504) }, 403, 'legal_form_not_accepted', 'organization.legalForm', '单位类型“机关法人”不在本资金项目的支持对象范围内（支持对象：有限责任公司、股份有限公司、其他企业法人、事业单位）'],
    ['a social group the programme does not support', { legalForm: 'social_group', uscc: uscc('51', 505) }, 403, 'legal_form_not_accepted', 'organization.legalForm', '单位类型“社会团体”不在本资金项目的支持对象范围内'],
  ])('refuses %s, writing nothing', async (_name, org, status, code, field, message) => {
    const { jwt } = await applicantOf(org);
    const { documentId } = await createApplication(app, jwt, SLUG);
    const before = await footprint(documentId);
    const response = await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ data: null, error: { status, message: expect.stringContaining(message), details: { code, field } } });
    expect(await footprint(documentId)).toEqual(before);
  });

  it('lets a social group in once the programme supports it', async () => {
    const { jwt } = await applicantOf({ legalForm: 'social_group', uscc: uscc('51', 600) });
    const { documentId } = await createApplication(app, jwt, SLUG);
    const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
    expect((await applicantStep(app, jwt, documentId, 'submit', { version: 0 })).status).toBe(403);
    await app.strapi.documents('api::program.program').update({ documentId: program.documentId, data: { acceptsSocialGroups: true } as any });
    try {
      const response = await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
      expect(response.status).toBe(200);
      expect((await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })).eligibility.legalForm).toBe('social_group');
    } finally {
      await app.strapi.documents('api::program.program').update({ documentId: program.documentId, data: { acceptsSocialGroups: false } as any });
    }
  });
});

describe('the admin panel', () => {
  it('labels the form and the programme\'s settings in Chinese', async () => {
    const token = await staffToken(app, 'city.reviewer@shenbao.local');
    const config = async (uid: string) => (await app.http().get(`/content-manager/content-types/${uid}/configuration`).set('Authorization', `Bearer ${token}`)).body.data.contentType.metadatas;
    expect((await config(ORG)).legalForm.edit.label).toBe('单位类型');
    const program = await config('api::program.program');
    expect([program.effectiveOn.edit.label, program.endsOn.edit.label, program.endsOnNote.edit.label, program.acceptsSocialGroups.edit.label]).toEqual([
      '施行日期',
      '失效日期',
      '失效时间说明（未定失效日期时显示）',
      '社会团体可申报',
    ]);
  });
});
