import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { Client } from 'pg';
import request from 'supertest';
import { createStrapi } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { waitForIdleDatabase } from '../../src/database/idle';
import { PG_ADMIN_URL, ROOT, pgUrlFor, setTestSecrets, usePostgres } from './env';

/**
 * Boots a real Strapi on a throwaway database: a SQLite file under .tmp/test, or a fresh
 * PostgreSQL database under `npm run test:pg`. One instance per test file.
 */
export interface TestApp {
  strapi: Core.Strapi;
  http: () => ReturnType<typeof request>;
  databaseName: string;
  stop(): Promise<void>;
  /** Stops and boots Strapi again on the same database, as a deployment restart would. */
  restart(): Promise<void>;
}

async function withPgAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function startStrapi(): Promise<TestApp> {
  setTestSecrets();
  const databaseName = `shenbao_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  let dropDatabase: () => Promise<void>;

  if (usePostgres()) {
    await withPgAdmin((client) => client.query(`CREATE DATABASE "${databaseName}"`));
    process.env.DATABASE_URL = pgUrlFor(databaseName);
    dropDatabase = () => withPgAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`)).then(() => undefined);
  } else {
    delete process.env.DATABASE_URL;
    const file = path.join(ROOT, '.tmp', 'test', `${databaseName}.db`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    process.env.DATABASE_FILENAME = file;
    dropDatabase = async () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
    };
  }

  // Each test database gets its own private attachment folder, removed with .tmp/test.
  process.env.UPLOAD_PRIVATE_DIR = path.join(ROOT, '.tmp', 'test', `files-${databaseName}`);
  const boot = async () => {
    const instance = await createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') }).load();
    instance.server.mount();
    return instance;
  };
  const shutdown = async (instance: Core.Strapi) => {
    await waitForIdleDatabase(instance);
    await instance.destroy();
  };

  const app: TestApp = {
    strapi: await boot(),
    databaseName,
    http: () => request(app.strapi.server.httpServer),
    async stop() {
      await shutdown(app.strapi);
      await dropDatabase();
    },
    async restart() {
      await shutdown(app.strapi);
      app.strapi = await boot();
    },
  };
  return app;
}
