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
