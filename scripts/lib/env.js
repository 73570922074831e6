'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const SECRET_NAMES = ['API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY'];

const randomSecret = () => crypto.randomBytes(24).toString('base64');

/**
 * Secrets come from the environment only. For the demo and the tests, whatever is missing is
 * generated once and kept in a git-ignored file, so sessions survive a restart of the demo.
 * Returns the names that were filled in, so the caller can warn about them.
 */
function ensureSecrets(file = path.join(ROOT, '.tmp', 'demo-secrets.json')) {
  const missing = [...SECRET_NAMES, 'APP_KEYS'].filter((name) => !process.env[name]);
  if (!missing.length) return [];
  let stored = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const name of missing) {
    stored[name] ??= name === 'APP_KEYS' ? [randomSecret(), randomSecret()].join(',') : randomSecret();
    process.env[name] = stored[name];
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return missing;
}

module.exports = { ROOT, ensureSecrets };
