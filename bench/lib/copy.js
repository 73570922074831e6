'use strict';

/**
 * A working copy of a data set: a file copy on SQLite, a template clone on PostgreSQL, and its
 * attachments as hard links (the files are never changed in place, and a copy takes seconds).
 */
const fs = require('fs');
const { spawnSync } = require('child_process');
const { recreate } = require('./databases');

async function copyDatabase(source, target) {
  await recreate(target);
  if (fs.existsSync(source.files)) {
    const linked = spawnSync('cp', ['-al', source.files, target.files], { stdio: 'inherit' });
    if (linked.status !== 0) throw new Error(`bench: could not link ${source.files} to ${target.files}`);
  }
  if (source.dialect === 'sqlite') {
    fs.copyFileSync(source.file, target.file);
    return target;
  }
  const { Client } = require('pg');
  const client = new Client({ connectionString: source.env.DATABASE_URL.replace(/\/[^/]+$/, '/postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${target.pgName}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${target.pgName}" TEMPLATE "${source.pgName}"`);
  } finally {
    await client.end();
  }
  return target;
}

module.exports = { copyDatabase };
