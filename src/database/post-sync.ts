import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';

/**
 * Runs the files in database/migrations after Strapi has synced its schema.
 *
 * Strapi's own runner executes user migrations *before* the schema sync and only once, so on a
 * fresh database the tables they index do not exist yet and the migration is lost for good.
 * Ours run after every sync, in file-name order, inside one transaction, and must therefore be
 * idempotent (CREATE INDEX IF NOT EXISTS, CREATE OR REPLACE). Strapi's sync leaves indexes it
 * did not create alone, so they survive later syncs.
 */
export interface PostSyncMigration {
  up(knex: unknown, context: { client: string }): Promise<void>;
}

export const migrationsDir = (strapi: Core.Strapi) => path.join(strapi.dirs.app.root, 'database', 'migrations');

export async function runPostSyncMigrations(strapi: Core.Strapi) {
  const dir = migrationsDir(strapi);
  if (!fs.existsSync(dir)) return;
  const files = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort();
  const client = strapi.db.dialect.client as string;
  const knex = strapi.db.connection;
  await knex.transaction(async (trx) => {
    for (const file of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const migration: PostSyncMigration = require(path.join(dir, file));
      await migration.up(trx, { client });
    }
  });
  strapi.log.debug(`[shenbao] post-sync migrations applied: ${files.join(', ')}`);
}
