import type { Core } from '@strapi/strapi';

/**
 * Holds a row until the enclosing transaction ends, so that a read, a check and a write of it
 * (an application's answers and its attachment count; a programme's remaining budget) cannot
 * interleave with another request's. PostgreSQL locks the row (`FOR UPDATE`), and a second
 * request waits there. SQLite needs nothing more: knex gives it one connection, so a transaction
 * already runs alone. Call it inside `strapi.db.transaction`, which the statement joins.
 */
export async function lockRow(strapi: Core.Strapi, table: string, where: { id: number } | { document_id: string }) {
  if ((strapi.db.dialect.client as string) !== 'postgres') return;
  const [column, value] = Object.entries(where)[0];
  await strapi.db.transaction(({ trx }) => trx.raw(`SELECT id FROM ?? WHERE ?? = ? FOR UPDATE`, [table, column, value]));
}
