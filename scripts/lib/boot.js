'use strict';

const path = require('path');
const { ROOT, ensureSecrets } = require('./env');

/**
 * Loads the built server for a one-off command (no HTTP listener), with the scheduled jobs off:
 * a command must not send reminders or close 公示 while it works on the database.
 */
async function loadStrapi() {
  process.env.CRON_ENABLED = 'false';
  ensureSecrets();
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  await app.load();
  return app;
}

/** A module of the compiled server, by its path under src/. */
const fromDist = (...segments) => require(path.join(ROOT, 'dist', 'src', ...segments));

module.exports = { loadStrapi, fromDist };
