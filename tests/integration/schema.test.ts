import fs from 'fs';
import path from 'path';
import { DATASET_WORKFLOW } from '../../src/domain/workflow';
import { ROOT, usePostgres } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';

const CONTENT_TYPES = [
  'program', 'task-spec', 'application', 'review-record', 'organization', 'district', 'reviewer-profile',
  'article', 'consultation', 'consultation-feedback', 'publicity', 'objection', 'disbursement',
  'performance-report', 'credit-record', 'calendar-day', 'workflow', 'notification',
];
const DRAFT_AND_PUBLISH = ['article', 'task-spec', 'consultation'];

let app: TestApp;
beforeAll(async () => {
  app = await startStrapi();
});
afterAll(async () => {
  await app?.stop();
});

describe(`the content model on ${usePostgres() ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('registers every content type of DESIGN.md section 4 with a Chinese display name', () => {
    for (const name of CONTENT_TYPES) {
      const contentType = app.strapi.contentType(`api::${name}.${name}` as any);
      expect(contentType).toBeDefined();
      expect(contentType.info.displayName).toMatch(/\p{Script=Han}/u);
    }
  });

  it('uses draft and publish for editorial content only', () => {
    const withDraftAndPublish = CONTENT_TYPES.filter(
      (name) => app.strapi.contentType(`api::${name}.${name}` as any).options?.draftAndPublish,
    );
    expect(withDraftAndPublish.sort()).toEqual([...DRAFT_AND_PUBLISH].sort());
  });

  it('stores every money field as a big integer of fen', () => {
    const schemas = [...Object.values(app.strapi.contentTypes), ...Object.values(app.strapi.components)].filter(
      (schema: any) => schema.uid.startsWith('api::') || !schema.uid.includes('::'),
    );
    const moneyFields = schemas.flatMap((schema: any) =>
      Object.entries(schema.attributes)
        .filter(([name]) => name.endsWith('Fen'))
        .map(([name, attribute]: [string, any]) => ({ field: `${schema.uid}.${name}`, type: attribute.type })),
    );
    expect(moneyFields.map((f) => f.field).sort()).toEqual([
      'api::application.application.awardFen',
      'api::application.application.claimedBaseFen',
      'api::application.application.recognisedBaseFen',
      'api::disbursement.disbursement.amountFen',
      'api::program.program.capFen',
      'api::review-record.review-record.amountFen',
      'finance.annual-budget.amountFen',
    ]);
    expect(moneyFields.filter((f) => f.type !== 'biginteger')).toEqual([]);
  });

  it('keeps review records pointing at their application, with no inverse side to edit', () => {
    const record = app.strapi.contentType('api::review-record.review-record');
    expect(record.attributes.application).toMatchObject({ type: 'relation', relation: 'manyToOne', target: 'api::application.application' });
    expect((record.attributes.application as any).inversedBy).toBeUndefined();
    const application = app.strapi.contentType('api::application.application');
    const pointsBack = Object.values(application.attributes).filter((a: any) => a.target === 'api::review-record.review-record');
    expect(pointsBack).toEqual([]);
  });

  it('refuses a second organisation with the same USCC', async () => {
    const documents = app.strapi.documents('api::organization.organization');
    const data = { name: '甲公司', uscc: '91420100MA4K12345K', legalForm: 'limited_liability_company' as const };
    await documents.create({ data });
    await expect(documents.create({ data: { ...data, name: '乙公司' } })).rejects.toThrow(/unique/i);
    expect(await documents.count({ filters: { uscc: data.uscc } })).toBe(1);
  });

  it('refuses a second workflow definition with the same key and version', async () => {
    const documents = app.strapi.documents('api::workflow.workflow');
    const definition = { ...DATASET_WORKFLOW, key: 'unique_probe' };
    const data = { key: 'unique_probe', version: 1, name: '唯一性检查', definition: definition as any, lifecycle: 'draft' as const };
    await documents.create({ data });
    // The driver's error comes from outside Jest's realm, so match its message, not its class.
    await expect(documents.create({ data })).rejects.toMatchObject({ message: expect.stringMatching(/unique/i) });
    expect(await documents.count({ filters: { key: 'unique_probe' } })).toBe(1);
    await documents.create({ data: { ...data, version: 2, definition: { ...definition, version: 2 } as any } });
    expect(await documents.count({ filters: { key: 'unique_probe' } })).toBe(2);
  });

  it('creates the query indexes of every migration after the schema sync', async () => {
    const dir = path.join(ROOT, 'database', 'migrations');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const indexNames = fs.readdirSync(dir).flatMap((file: string) => require(path.join(dir, file)).indexNames ?? []);
    const knex = app.strapi.db.connection;
    const rows = usePostgres()
      ? (await knex.raw(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()`)).rows
      : await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index'`);
    const existing = new Set(rows.map((row: { name: string }) => row.name));
    expect(indexNames.length).toBeGreaterThanOrEqual(25);
    expect(indexNames.filter((name: string) => !existing.has(name))).toEqual([]);
  });

  it('answers the inbox query by state from an index', async () => {
    const knex = app.strapi.db.connection;
    const query = `SELECT id FROM applications WHERE district_code = 'donghu_hitech' AND state = 'district_review' ORDER BY state_changed_at LIMIT 50`;
    if (usePostgres()) {
      await knex.raw('SET enable_seqscan = off');
      const plan = (await knex.raw(`EXPLAIN ${query}`)).rows.map((row: any) => row['QUERY PLAN']).join('\n');
      await knex.raw('RESET enable_seqscan');
      expect(plan).toContain('applications_district_state_idx');
    } else {
      const plan = (await knex.raw(`EXPLAIN QUERY PLAN ${query}`)).map((row: any) => row.detail).join('\n');
      expect(plan).toContain('applications_district_state_idx');
    }
  });

  it('exposes no REST route that changes a review record', () => {
    const routes = app.strapi.server.listRoutes().filter((layer: any) => layer.path.startsWith('/api/review-records'));
    const methods = new Set(routes.flatMap((layer: any) => layer.methods));
    expect(methods.has('GET')).toBe(true);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect(methods.has(method)).toBe(false);
  });
});
