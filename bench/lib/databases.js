'use strict';

/**
 * Where the benchmark keeps its data sets: one database per dialect and size, apart from the
 * demo's and the tests', so that a data set is built once and reused by later runs.
 */
const fs = require('fs');
const path = require('path');
const { ROOT } = require('../../scripts/lib/env');

const PG = { host: process.env.PGHOST || '127.0.0.1', port: Number(process.env.PGPORT || 5432), user: process.env.PGUSER || 'postgres', password: process.env.PGPASSWORD || '' };
const DIR = path.join(ROOT, '.tmp', 'bench');

/**
 * A named database: `dialect` sqlite or postgres; `name` such as shenbao_1000 or bare. Each has
 * its own private attachment folder (`files`), where the data set's files and the run's uploads go.
 */
function database(dialect, name) {
  const files = path.join(DIR, `files-${dialect}-${name}`);
  if (dialect === 'postgres') {
    const db = `bench_${name}`;
    const auth = PG.password ? `${PG.user}:${encodeURIComponent(PG.password)}` : PG.user;
    return { dialect, name, label: `PostgreSQL ${db}`, env: { DATABASE_URL: `postgres://${auth}@${PG.host}:${PG.port}/${db}`, UPLOAD_PRIVATE_DIR: files }, pgName: db, files };
  }
  const file = path.join(DIR, `${name}.db`);
  return { dialect, name, label: `SQLite ${path.relative(ROOT, file)}`, env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file, UPLOAD_PRIVATE_DIR: files }, file, files };
}

async function withAdminClient(work) {
  const { Client } = require('pg');
  const client = new Client({ ...PG, database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the data set was completed (bench:data writes its marker last). */
async function exists(db) {
  if (db.dialect === 'sqlite') return fs.existsSync(`${db.file}.complete`);
  return fs.existsSync(path.join(DIR, `${db.pgName}.complete`));
}

const markerOf = (db) => (db.dialect === 'sqlite' ? `${db.file}.complete` : path.join(DIR, `${db.pgName}.complete`));

function markComplete(db, facts) {
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(markerOf(db), JSON.stringify(facts, null, 2));
}

/** Drops and recreates the database, empty. */
async function recreate(db) {
  fs.mkdirSync(DIR, { recursive: true });
  fs.rmSync(markerOf(db), { force: true });
  fs.rmSync(db.files, { recursive: true, force: true });
  if (db.dialect === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${db.file}${suffix}`, { force: true });
    return;
  }
  await withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${db.pgName}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${db.pgName}"`);
  });
}

async function postgresAvailable() {
  try {
    await withAdminClient(async (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

module.exports = { DIR, database, exists, markComplete, recreate, postgresAvailable };
