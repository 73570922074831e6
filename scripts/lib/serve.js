'use strict';

/**
 * `node scripts/lib/serve.js [appDir] [distDir]`: one Strapi server process, on the database and
 * port its environment names, until SIGTERM. The multi-instance tests and the benchmark start
 * their servers with it (the bare baseline too, with its own appDir). SEED_PASSWORD seeds the
 * demo data first; SERVE_LOG_LEVEL quiets the request log once booted.
 */
const path = require('path');
const { ROOT } = require('./env');

async function main() {
  const [appDir = ROOT, distDir = path.join(ROOT, 'dist')] = process.argv.slice(2);
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir, distDir });
  await app.load();
  if (process.env.SEED_PASSWORD) await require(path.join(distDir, 'src', 'seed')).seed(app, { password: process.env.SEED_PASSWORD });
  if (process.env.SERVE_LOG_LEVEL) app.log.level = process.env.SERVE_LOG_LEVEL;
  await app.listen();
  const stop = async () => {
    await app.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
