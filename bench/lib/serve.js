'use strict';

/** `node serve.js <appDir> <distDir>`: loads a Strapi app and listens on HOST:PORT until SIGTERM. */
async function main() {
  const [appDir, distDir] = process.argv.slice(2);
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir, distDir });
  await app.load();
  app.log.level = 'warn';
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
