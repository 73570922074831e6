import type { Core } from '@strapi/strapi';

/**
 * Runs a scheduled job on one instance at a time. On PostgreSQL the job holds a session advisory
 * lock, named after it, on a connection of its own; an instance that finds the lock taken skips
 * this round (the job runs again at its next tick). A SQLite file belongs to one process, so
 * there the job simply runs. Either way the jobs stay idempotent on their own: this only keeps
 * several instances from doing the same work at once.
 */
export async function exclusive<T>(strapi: Core.Strapi, name: string, job: () => Promise<T>): Promise<T | undefined> {
  if ((strapi.db.dialect.client as string) !== 'postgres') return job();
  const client = (strapi.db.connection as any).client;
  const connection = await client.acquireConnection();
  try {
    const { rows } = await connection.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`shenbao:${name}`]);
    if (!rows[0]?.locked) return undefined;
    try {
      return await job();
    } finally {
      await connection.query('SELECT pg_advisory_unlock(hashtext($1))', [`shenbao:${name}`]);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}
