'use strict';

/**
 * One Strapi server process for the multi-instance tests: the compiled app, on the database and
 * port the environment names, seeded first when SEED_PASSWORD is set.
 */
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  await app.load();
  if (process.env.SEED_PASSWORD) {
    await require(path.join(ROOT, 'dist', 'src', 'seed')).seed(app, { password: process.env.SEED_PASSWORD });
  }
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
