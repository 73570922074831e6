#!/usr/bin/env node
'use strict';

/**
 * `npm run demo`: builds if the sources changed, seeds the demo data (idempotently) and serves
 * the portal and the admin panel on one port. `--seed-only` seeds and exits.
 * Honours HOST, PORT, DATABASE_FILENAME (SQLite) and DATABASE_URL (PostgreSQL), so that two
 * demos can run side by side.
 */
const path = require('path');
const { ROOT, ensureSecrets } = require('./lib/env');
const { buildIfNeeded } = require('./lib/build');

const DEFAULT_PASSWORD = 'Shenbao@2026';

function printLogins(logins, password) {
  const width = Math.max(...logins.map((login) => login.email.length));
  console.log('\n演示账号（密码均为 %s）：', password);
  for (const login of logins) console.log(`  ${login.email.padEnd(width)}  ${login.role}  ${login.where}`);
}

async function main() {
  const seedOnly = process.argv.includes('--seed-only');
  process.env.NODE_ENV = process.env.NODE_ENV || 'production';
  const generated = ensureSecrets();
  buildIfNeeded();

  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  await app.load();

  const password = process.env.DEMO_PASSWORD || DEFAULT_PASSWORD;
  const { seed } = require(path.join(ROOT, 'dist', 'src', 'seed'));
  const result = await seed(app, { password });
  const createdCount = Object.values(result.created).reduce((sum, n) => sum + n, 0);
  console.log(createdCount ? `\n已写入演示数据：${JSON.stringify(result.created)}` : '\n演示数据已存在，未重复写入。');
  // The demo's cases (src/seed/demo-cases.ts): not part of seed(), which the tests use; SHENBAO_DEMO_CASES=0 leaves them out.
  if (process.env.SHENBAO_DEMO_CASES !== '0') {
    const startedAt = Date.now();
    const { seedDemoCases } = require(path.join(ROOT, 'dist', 'src', 'seed', 'demo-cases'));
    // The demo still serves if they fail: a step the product refuses (say, a 公示 reaching a year
    // whose holiday calendar is not loaded yet) is reported, and the cases stay as far as they got.
    try {
      const cases = await seedDemoCases(app, { password });
      console.log(
        cases.created
          ? `已写入演示申报案例 ${cases.created} 件（用时 ${Math.round((Date.now() - startedAt) / 1000)} 秒）。`
          : `演示申报案例已存在（${cases.existing} 件），未重复写入。`,
      );
    } catch (error) {
      console.error('\n⚠ 演示申报案例未能全部写入：%s', error.message);
      console.error(error);
    }
  }
  printLogins(result.logins, password);

  if (generated.length || !process.env.DEMO_PASSWORD) {
    console.warn(
      '\n⚠ 警告：这是演示环境。%s演示账号使用公开的默认密码。生产环境请通过环境变量设置全部密钥，且不要运行演示数据。',
      generated.length ? `以下密钥为自动生成并保存在 .tmp/demo-secrets.json：${generated.join('、')}；` : '',
    );
  }

  if (seedOnly) {
    await require(path.join(ROOT, 'dist', 'src', 'database', 'idle')).waitForIdleDatabase(app);
    await app.destroy();
    return;
  }
  await app.listen();
  const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
  const port = app.config.get('server.port');
  console.log(`\n门户首页：http://${host}:${port}/\n管理后台：http://${host}:${port}/admin\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
