import type { Core } from '@strapi/strapi';

/**
 * The rows of a content type whose relation `field` points at one parent row, as a where clause.
 *
 * Strapi filters on a relation (`{ application: { id } }`) by LEFT JOINing from the child table
 * through the link table to the parent, and SQLite must run a LEFT JOIN from its left side: it
 * reads every child row. For review records that is every record of every application, on every
 * transition (the benchmark measured half a second at 100,000 applications). Reading the link
 * table by its indexed parent column first costs only what the parent has.
 */
export async function linkedTo(strapi: Core.Strapi, uid: string, field: string, parentId: number): Promise<{ id: { $in: number[] } }> {
  const { joinTable } = (strapi.db.metadata.get(uid as any).attributes as any)[field];
  // Inside a transaction this joins it (Strapi nests transactions), so it sees uncommitted rows.
  const ids = await strapi.db.transaction(({ trx }) =>
    trx(joinTable.name).where(joinTable.inverseJoinColumn.name, parentId).pluck(joinTable.joinColumn.name),
  );
  return { id: { $in: ids.map(Number) } };
}
