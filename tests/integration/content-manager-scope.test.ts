import { listenRecordingRoutes, rawRequest } from '../harness/raw-http';
import { singleVariants } from '../harness/path-variants';
import { TestApp, startStrapi } from '../harness/strapi';
import { OTHER_USCC, applicantStep, applicantToken, createApplication, createStaff, secondApplicant, seedDemo, staffAct, currentVersion, staffToken } from '../harness/workflow';

/**
 * Scope everywhere (issue 21, part 6): a district reviewer reads only its district's applicant
 * organisations, applications and review records in the Content Manager, whichever way it asks:
 * the list, one document, the count, a filter naming another district, the relation pickers, and
 * every spelling of the path. Other roles read organisations as docs/security.md says.
 */
let app: TestApp;
let port: number;
const tokens: Record<string, string> = {};
const CM = '/content-manager/collection-types';
const ORG = 'api::organization.organization';
const APP = 'api::application.application';
const RR = 'api::review-record.review-record';
const JIANGAN = '420102';
let own: { app: string; org: string; record: string };
let other: { app: string; org: string; record: string };

const get = (who: string, path: string) => app.http().get(path).set('Authorization', `Bearer ${tokens[who]}`);
const orgDistrict = async (documentId: string) => (await app.strapi.db.query(ORG).findOne({ where: { documentId }, populate: ['district'] }))?.district?.code;
const appDistrict = async (documentId: string) => (await app.strapi.db.query(APP).findOne({ where: { documentId } }))?.districtCode;

async function submitted(jwt: string) {
  const created = await createApplication(app, jwt, 'dataset-2025-batch-1');
  expect((await applicantStep(app, jwt, created.documentId, 'submit', { version: 0 })).status).toBe(200);
  const row = await app.strapi.db.query(APP).findOne({ where: { documentId: created.documentId }, populate: ['organization'] });
  const record = await app.strapi.db.query(RR).findOne({ where: { application: { id: row.id } } });
  return { app: created.documentId, org: row.organization.documentId, record: record.documentId };
}

beforeAll(async () => {
  app = await startStrapi();
  port = await listenRecordingRoutes(app);
  await seedDemo(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'finance', 'expert', 'institution', 'editor']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
  tokens.jiangan = (await createStaff(app, 'scope.jiangan@shenbao.local', 'shenbao-district-reviewer', { role: 'district_reviewer', districtCode: JIANGAN })).token;
  own = await submitted(await applicantToken(app));
  other = await submitted(await secondApplicant(app));
  const ownDistrict = await appDistrict(own.app);
  expect(ownDistrict).not.toBe(JIANGAN);
  expect(await appDistrict(other.app)).toBe(JIANGAN);
  // a step of the district reviewer's, so its review record names a reviewer too
  expect((await staffAct(app, tokens['district.reviewer'], own.app, { version: await currentVersion(app, own.app), action: 'recommend', opinion: '同意推荐' })).status).toBe(200);
});
afterAll(async () => {
  await app?.stop();
});

describe('a district reviewer in the Content Manager', () => {
  it("lists only its district's organisations, and counts only them", async () => {
    const response = await get('district.reviewer', `${CM}/${ORG}?page=1&pageSize=100`);
    expect(response.status).toBe(200);
    const listed: string[] = response.body.results.map((r: any) => r.documentId);
    expect(listed).toContain(own.org);
    expect(listed).not.toContain(other.org);
    const districts = await Promise.all(listed.map(orgDistrict));
    expect(new Set(districts)).toEqual(new Set([await appDistrict(own.app)]));
    expect(response.body.pagination.total).toBe(listed.length);
    const jiangan = await get('jiangan', `${CM}/${ORG}?page=1&pageSize=100`);
    expect(jiangan.body.results.map((r: any) => r.documentId)).toEqual([other.org]);
  });

  it('opens its own organisation, and gets 403 for one of another district', async () => {
    expect((await get('district.reviewer', `${CM}/${ORG}/${own.org}`)).status).toBe(200);
    const refused = await get('district.reviewer', `${CM}/${ORG}/${other.org}`);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain(OTHER_USCC);
  });

  it('finds nothing of another district by filtering on it', async () => {
    const filters = [
      `${CM}/${ORG}?filters[district][code][$eq]=${JIANGAN}`,
      `${CM}/${ORG}?filters[uscc][$eq]=${OTHER_USCC}`,
      `${CM}/${ORG}?_q=${encodeURIComponent('江岸')}`,
      `${CM}/${APP}?filters[districtCode][$eq]=${JIANGAN}`,
      `${CM}/${APP}?filters[organization][uscc][$eq]=${OTHER_USCC}`,
      `${CM}/${RR}?filters[application][districtCode][$eq]=${JIANGAN}`,
    ];
    for (const path of filters) {
      const response = await get('district.reviewer', path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect({ path, rows: response.body.results.length, total: response.body.pagination.total }).toEqual({ path, rows: 0, total: 0 });
    }
    // an $or cannot widen the condition: it is and-ed with it
    const widened = await get('district.reviewer', `${CM}/${ORG}?filters[$or][0][uscc][$eq]=${OTHER_USCC}&filters[$or][1][id][$gt]=0&pageSize=100`);
    const listed: string[] = widened.body.results.map((r: any) => r.documentId);
    expect(listed).toContain(own.org);
    expect(listed).not.toContain(other.org);
  });

  it("offers only its district's rows in the relation pickers", async () => {
    const organizations = await get('district.reviewer', `/content-manager/relations/${APP}/organization?pageSize=100`);
    expect(organizations.status).toBe(200);
    const offered: string[] = organizations.body.results.map((r: any) => r.documentId);
    expect(offered).toContain(own.org);
    expect(offered).not.toContain(other.org);
    const applications = await get('district.reviewer', `/content-manager/relations/${RR}/application?pageSize=100`);
    expect(applications.status).toBe(200);
    const apps: string[] = applications.body.results.map((r: any) => r.documentId);
    expect(apps).toContain(own.app);
    expect(apps).not.toContain(other.app);
    // searching the picker by another organisation's name finds nothing
    const searched = await get('district.reviewer', `/content-manager/relations/${APP}/organization?_q=${encodeURIComponent('江岸')}`);
    expect(searched.body.results ?? []).toEqual([]);
  });

  it("reads the relations of its own application, and nothing of another district's", async () => {
    const mine = await get('district.reviewer', `/content-manager/relations/${APP}/${own.app}/organization`);
    expect(mine.status).toBe(200);
    expect(mine.body.results.map((r: any) => r.documentId)).toEqual([own.org]);
    for (const field of ['organization', 'district', 'program']) {
      const theirs = await get('district.reviewer', `/content-manager/relations/${APP}/${other.app}/${field}`);
      expect({ field, status: theirs.status }).toEqual({ field, status: 403 });
    }
    const record = await get('district.reviewer', `/content-manager/relations/${RR}/${other.record}/application`);
    expect(record.status).toBe(403);
  });

  it("gets 403 for another district's application and review record", async () => {
    expect((await get('district.reviewer', `${CM}/${APP}/${other.app}`)).status).toBe(403);
    expect((await get('district.reviewer', `${CM}/${RR}/${other.record}`)).status).toBe(403);
    expect((await get('district.reviewer', `${CM}/${APP}/${own.app}`)).status).toBe(200);
  });

  it("never reads another district's organisation, application or record, however the path is spelled", async () => {
    const paths = [`${CM}/${ORG}/${other.org}`, `${CM}/${APP}/${other.app}`, `${CM}/${RR}/${other.record}`, `/content-manager/relations/${APP}/${other.app}/organization`];
    let sent = 0;
    for (const path of paths) {
      for (const variant of singleVariants(path)) {
        const response = await rawRequest(port, 'GET', variant, { headers: { Authorization: `Bearer ${tokens['district.reviewer']}` } });
        sent += 1;
        expect({ variant, status: response.status < 300 ? 'allowed' : response.status < 500 ? 'refused' : 'failed' }).toEqual({ variant, status: 'refused' });
        expect(response.text).not.toContain(OTHER_USCC);
      }
    }
    expect(sent).toBeGreaterThan(400);
  });
});

describe("a district reviewer and the applications' files", () => {
  const fileOf = async (documentId: string) => {
    const row = await app.strapi.db.query(APP).findOne({ where: { documentId } });
    return (await app.strapi.db.query('api::attachment.attachment').findOne({ where: { application: { id: row.id } } })).documentId as string;
  };

  it("downloads its district's files on the desk, and gets 404 for another district's, logging nothing", async () => {
    expect((await get('district.reviewer', `/shenbao/files/${await fileOf(own.app)}`)).status).toBe(200);
    const theirs = await fileOf(other.app);
    const before = await app.strapi.db.query('api::file-access.file-access').count({ where: { attachmentId: theirs } });
    expect((await get('district.reviewer', `/shenbao/files/${theirs}`)).status).toBe(404);
    expect((await get('district.reviewer', `/shenbao/files/${theirs}?inline=1`)).status).toBe(404);
    expect(await app.strapi.db.query('api::file-access.file-access').count({ where: { attachmentId: theirs } })).toBe(before);
    expect((await get('jiangan', `/shenbao/files/${theirs}`)).status).toBe(200);
  });
});

describe('the other roles and organisations', () => {
  it('lets the city reviewer read every organisation', async () => {
    const response = await get('city.reviewer', `${CM}/${ORG}?pageSize=100`);
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: any) => r.documentId)).toEqual(expect.arrayContaining([own.org, other.org]));
  });

  it('gives finance, the institution, the expert and the editor no organisation at all', async () => {
    for (const who of ['finance', 'institution', 'expert', 'editor']) {
      expect({ who, status: (await get(who, `${CM}/${ORG}`)).status }).toEqual({ who, status: 403 });
      expect({ who, status: (await get(who, `${CM}/${ORG}/${own.org}`)).status }).toEqual({ who, status: 403 });
      if (who === 'editor') continue; // reads no application either: the next test
      // The picker of an application's organisation is open to whoever reads applications (finance, the
      // institution, the expert), but Strapi shows a type the caller cannot read by id only: no name, no USCC.
      const picker = await get(who, `/content-manager/relations/${APP}/organization?pageSize=100`);
      if (picker.status === 200) {
        expect({ who, fields: [...new Set(picker.body.results.flatMap((r: any) => Object.keys(r)))].filter((k) => !['id', 'documentId', 'status', 'locale', 'publishedAt', 'updatedAt'].includes(k)) }).toEqual({ who, fields: [] });
        expect(picker.text).not.toContain(OTHER_USCC);
      } else expect({ who, status: picker.status }).toEqual({ who, status: 403 });
    }
  });

  it('refuses a relation picker of a type the caller cannot read with 403 in Chinese, not a 500 (Strapi answered 500)', async () => {
    for (const path of [`/content-manager/relations/${APP}/organization`, `/content-manager/relations/${APP}/${own.app}/organization`, `/content-manager/relations/${ORG}/district`]) {
      const refused = await get('editor', path);
      expect({ path, status: refused.status }).toEqual({ path, status: 403 });
      expect(refused.body).toMatchObject({ data: null, error: { status: 403, message: expect.stringMatching(/无权/) } });
    }
    const expert = await get('expert', `/content-manager/relations/${ORG}/district`);
    expect(expert.status).toBe(403);
  });

  it('gives no role but the super admin the private types: attachments, notifications, file-access logs', async () => {
    for (const uid of ['api::attachment.attachment', 'api::notification.notification', 'api::file-access.file-access']) {
      for (const who of ['district.reviewer', 'city.reviewer', 'finance', 'institution', 'expert', 'editor']) {
        expect({ uid, who, status: (await get(who, `${CM}/${uid}`)).status }).toEqual({ uid, who, status: 403 });
      }
    }
  });
});
