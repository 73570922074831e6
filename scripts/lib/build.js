'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT } = require('./env');

/** What a build depends on: the server code, the admin customisation and the locked packages. */
const INPUTS = ['src', 'config', 'database', 'types', 'tsconfig.json', 'package-lock.json'];
const STAMP = path.join(ROOT, 'dist', '.build-stamp');

function listFiles(entry) {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [entry];
  return fs.readdirSync(full).flatMap((name) => listFiles(path.join(entry, name)));
}

function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const file of INPUTS.flatMap(listFiles).sort()) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(ROOT, file)));
  }
  return hash.digest('hex');
}

/**
 * Runs `strapi build` (server compile plus admin panel) unless dist/ already holds a build of
 * exactly these sources.
 */
function buildIfNeeded({ log = console.log } = {}) {
  const hash = sourceHash();
  const built = fs.existsSync(path.join(ROOT, 'dist', 'build', 'index.html')) && fs.existsSync(STAMP) &&
    fs.readFileSync(STAMP, 'utf8') === hash;
  if (built) return false;
  log('正在构建（strapi build，约1分钟）…');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' },
  });
  if (result.status !== 0) throw new Error(`strapi build failed with exit code ${result.status}`);
  fs.writeFileSync(STAMP, hash);
  return true;
}

module.exports = { buildIfNeeded };
