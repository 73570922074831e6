'use strict';

/** A server of the benchmark: an app (ours or the bare baseline) in production mode, jobs off, request log quiet. */
const path = require('path');
const { ROOT } = require('../../scripts/lib/env');
const { spawnServer } = require('../../scripts/lib/server-process');

/** A run holds one applicant token for longer than production's ten minutes (PORTAL_ACCESS_TOKEN_SECONDS). */
const startServer = ({ appDir, distDir, env, nodeArgs = [] }) =>
  spawnServer({
    script: path.join(ROOT, 'scripts', 'lib', 'serve.js'),
    args: [appDir, distDir],
    cwd: appDir,
    env: { NODE_ENV: 'production', CRON_ENABLED: 'false', SERVE_LOG_LEVEL: 'warn', PORTAL_ACCESS_TOKEN_SECONDS: '86400', ...env },
    nodeArgs,
    timeoutMs: 180_000,
  });

module.exports = { startServer };
