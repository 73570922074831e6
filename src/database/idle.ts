import type { Core } from '@strapi/strapi';

/**
 * Waits until the database pool has been idle for a while. Strapi emits its document events from
 * transaction commit hooks without awaiting them, and those re-read the entry; shutting down
 * right after a batch of writes (the seed, a test) would cut them off mid-query.
 */
export async function waitForIdleDatabase(strapi: Core.Strapi, { quietMs = 100, timeoutMs = 10_000 } = {}) {
  const pool = (strapi.db.connection.client as any).pool;
  if (!pool) return;
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (pool.numUsed() > 0 || pool.numPendingAcquires() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
  }
}
