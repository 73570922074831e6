import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { seedDemo, staffToken } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ADMIN_LABELS, MAIN_FIELDS } = require(path.join(ROOT, 'dist', 'src', 'api', 'consultation-feedback', 'support', 'admin-labels'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEMO_STAFF } = require(path.join(ROOT, 'dist', 'src', 'seed', 'data', 'staff'));

/** The admin panel in Simplified Chinese: the seeded staff's language and the field labels. */
let app: TestApp;
beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.stop();
});

describe('zh-Hans in the admin panel', () => {
  it('has a Chinese label for every field of every content type and component', () => {
    const uids = [
      ...Object.keys(app.strapi.contentTypes).filter((uid) => uid.startsWith('api::')),
      ...Object.keys(app.strapi.components),
    ];
    const missing = uids.flatMap((uid) =>
      Object.keys((app.strapi.contentTypes as any)[uid]?.attributes ?? (app.strapi.components as any)[uid].attributes)
        .filter((field) => !['createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'documentId', 'id'].includes(field))
        .filter((field) => !ADMIN_LABELS[uid]?.[field])
        .map((field) => `${uid}.${field}`),
    );
    expect(missing).toEqual([]);
  });

  it('shows the labels in the Content Manager, for content types and components', async () => {
    const token = await staffToken(app, 'city.reviewer@shenbao.local');
    const response = await app.http().get('/content-manager/content-types/api::application.application/configuration').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body.data.contentType.metadatas.serialNo.edit.label).toBe('申报编号');
    expect(response.body.data.contentType.metadatas.state.list.label).toBe('当前环节');
    const program = await app.http().get('/content-manager/content-types/api::program.program/configuration').set('Authorization', `Bearer ${token}`);
    expect(program.body.data.components['finance.annual-budget'].metadatas.amountFen.edit.label).toBe('预算金额（分）');
  });

  it('shows every relation target by its human name, not a code or an id', async () => {
    const targets = new Set(
      Object.entries(app.strapi.contentTypes)
        .filter(([uid]) => uid.startsWith('api::'))
        .flatMap(([, type]: [string, any]) => Object.entries<any>(type.attributes))
        // Strapi's own `localizations` links every type to itself; nobody picks through it
        .filter(([name, a]) => name !== 'localizations' && a.type === 'relation' && a.target.startsWith('api::'))
        .map(([, a]) => a.target as string),
    );
    const shown: Record<string, string> = {};
    for (const target of targets) {
      const configuration = await app.strapi.plugin('content-manager').service('content-types').findConfiguration({ uid: target, ...(app.strapi.contentTypes as any)[target] });
      shown[target] = configuration.settings.mainField;
    }
    expect(shown).toEqual(Object.fromEntries([...targets].map((target) => [target, MAIN_FIELDS[target]])));
    // and the application's 所属区 and 资金项目 pickers, cells and filters read the names
    const application = await app.strapi.plugin('content-manager').service('content-types').findConfiguration({ uid: 'api::application.application', ...(app.strapi.contentTypes as any)['api::application.application'] });
    expect([application.metadatas.district.edit.mainField, application.metadatas.program.edit.mainField]).toEqual(['name', 'name']);
  });

  it('answers a Content Manager save that breaks the schema in Chinese, naming the field by its label', async () => {
    const token = await staffToken(app, 'editor@shenbao.local');
    const before = await app.strapi.db.query('api::article.article').count();
    const response = await app
      .http()
      .post('/content-manager/collection-types/api::article.article')
      .set('Authorization', `Bearer ${token}`)
      .send({ title: '长'.repeat(201), slug: 'too-long-title', category: 'notice' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError', message: '「标题」不能超过200个字' } });
    expect(response.body.error.details.errors[0].path).toEqual(['title']);
    expect(await app.strapi.db.query('api::article.article').count()).toBe(before);
  });

  it('gives the seeded staff the Chinese admin panel', async () => {
    const users = await app.strapi.db.query('admin::user').findMany({ where: { email: { $in: DEMO_STAFF.map((s: any) => s.email) } } });
    expect(users).toHaveLength(DEMO_STAFF.length);
    expect(users.every((u: any) => u.preferedLanguage === 'zh-Hans')).toBe(true);
  });
});
