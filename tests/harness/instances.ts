import crypto from 'crypto';
import path from 'path';
import { Client } from 'pg';
import { PG_ADMIN_URL, ROOT, pgUrlFor, setTestSecrets } from './env';
import { ServerProcess, spawnServer } from './server-process';

/** Several real Strapi processes on one throwaway PostgreSQL database. */
export type Instance = ServerProcess;

async function pgAdmin(sql: string) {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createPgDatabase() {
  const name = `shenbao_multi_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await pgAdmin(`CREATE DATABASE "${name}"`);
  return { url: pgUrlFor(name), drop: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export function startInstance(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Instance> {
  setTestSecrets();
  return spawnServer(path.join(ROOT, 'scripts', 'lib', 'serve.js'), { NODE_ENV: 'test', DATABASE_URL: databaseUrl, ...extraEnv });
}

/** One JSON request to an instance: its status and parsed body (null when it has none). */
export async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/**
 * For a test file: two instances on one throwaway PostgreSQL database, up before its tests and
 * gone after them. The first seeds the demo with `password`; `env` goes to both.
 */
export function twoInstances(password: string, env: Record<string, string> = {}) {
  const pair = {} as { a: Instance; b: Instance; databaseUrl: string };
  let database: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    database = await createPgDatabase();
    pair.databaseUrl = database.url;
    pair.a = await startInstance(database.url, { SEED_PASSWORD: password, ...env });
    pair.b = await startInstance(database.url, env);
  });
  afterAll(async () => {
    await Promise.all([pair.a?.stop(), pair.b?.stop()]);
    await database?.drop();
  });
  return pair;
}
