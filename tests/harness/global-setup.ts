import { Client } from 'pg';
import { PG_ADMIN_URL, ROOT, usePostgres } from './env';

/**
 * Compiles the project once for the whole run (concurrent compiles clobber each other's dist/)
 * and, under `npm run test:pg`, checks that PostgreSQL answers before any test boots Strapi.
 */
export default async function globalSetup() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir: ROOT });
  if (usePostgres()) {
    const client = new Client({ connectionString: PG_ADMIN_URL });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
