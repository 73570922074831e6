'use strict';

/**
 * The baseline: a bare Strapi project written by the bench itself, on the same installed
 * packages. One plain content type (article) with Strapi's core router, controller and service,
 * users-permissions for the JWT, and nothing else of ours. Its bootstrap opens find to the public
 * (as a portal's content is), create and update to authenticated users, and makes one user.
 */
const fs = require('fs');
const path = require('path');
const { ROOT } = require('../../scripts/lib/env');
const { DIR } = require('./databases');

const APP_DIR = path.join(DIR, 'bare');
const USER = { username: 'bench', email: 'bench@bare.local', password: 'Bench-Baseline-2026' };

const FILES = {
  'package.json': JSON.stringify({ name: 'bare-strapi-baseline', private: true, dependencies: { '@strapi/strapi': '5.54.0', '@strapi/plugin-users-permissions': '5.54.0' } }, null, 2),
  'config/server.js': `module.exports = ({ env }) => ({ host: env('HOST'), port: env.int('PORT'), app: { keys: env.array('APP_KEYS') } });`,
  'config/admin.js': `module.exports = ({ env }) => ({
  serveAdminPanel: false,
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
});`,
  'config/plugins.js': `module.exports = ({ env }) => ({ 'users-permissions': { config: { jwtSecret: env('JWT_SECRET') } } });`,
  'config/middlewares.js': `module.exports = ['strapi::logger', 'strapi::errors', 'strapi::security', 'strapi::cors', 'strapi::poweredBy', 'strapi::query', 'strapi::body', 'strapi::session', 'strapi::favicon', 'strapi::public'];`,
  'config/database.js': `const path = require('path');
module.exports = ({ env }) => env('DATABASE_URL')
  ? { connection: { client: 'postgres', connection: { connectionString: env('DATABASE_URL') }, pool: { min: 2, max: 10 } } }
  : { connection: { client: 'sqlite', connection: { filename: env('DATABASE_FILENAME') }, useNullAsDefault: true } };`,
  'src/api/article/content-types/article/schema.json': JSON.stringify(
    {
      kind: 'collectionType',
      collectionName: 'articles',
      info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
      options: { draftAndPublish: false },
      attributes: { title: { type: 'string', required: true }, summary: { type: 'text' }, body: { type: 'text' }, category: { type: 'string' } },
    },
    null,
    2,
  ),
  'src/api/article/controllers/article.js': `const { factories } = require('@strapi/strapi');\nmodule.exports = factories.createCoreController('api::article.article');`,
  'src/api/article/routes/article.js': `const { factories } = require('@strapi/strapi');\nmodule.exports = factories.createCoreRouter('api::article.article');`,
  'src/api/article/services/article.js': `const { factories } = require('@strapi/strapi');\nmodule.exports = factories.createCoreService('api::article.article');`,
  'src/index.js': `const USER = ${JSON.stringify(USER)};
const PERMISSIONS = { public: ['find', 'findOne'], authenticated: ['find', 'findOne', 'create', 'update'] };
module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    for (const [type, actions] of Object.entries(PERMISSIONS)) {
      const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
      for (const name of actions) {
        const action = 'api::article.article.' + name;
        if (!(await strapi.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: role.id } }))) {
          await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
        }
      }
    }
    if (!(await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: USER.email } }))) {
      const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
      await strapi.plugin('users-permissions').service('user').add({ ...USER, provider: 'local', confirmed: true, blocked: false, role: role.id });
    }
    const count = await strapi.documents('api::article.article').count({});
    for (let i = count; i < 25; i += 1) {
      await strapi.documents('api::article.article').create({ data: { title: '关于开展人工智能数据集建设项目申报工作的通知（' + (i + 1) + '）', summary: '为贯彻落实……', body: '正文'.repeat(400), category: 'notice' } });
    }
  },
};`,
};

/** Writes the project (idempotent) beside the data sets; its node_modules is ours. */
function prepareBare() {
  for (const [file, content] of Object.entries(FILES)) {
    const full = path.join(APP_DIR, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, `${content}\n`);
  }
  fs.mkdirSync(path.join(APP_DIR, 'public', 'uploads'), { recursive: true });
  const modules = path.join(APP_DIR, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
  return APP_DIR;
}

module.exports = { prepareBare, BARE_USER: USER };
