import type { Core } from '@strapi/strapi';

/**
 * The rows of a content type whose relation `field` points at one parent row, as a where clause.
 *
 * Strapi filters on a relation (`{ application: { id } }`) by LEFT JOINing from the child table
 * through the link table to the parent, and SQLite must run a LEFT JOIN from its left side: it
 * reads every child row. For review records that is every record of every application, on every
 * transition (the benchmark measured half a second at 100,000 applications). A subquery on the
 * link table's indexed parent column costs only what the parent has.
 */
export function linkedTo(strapi: Core.Strapi, uid: string, field: string, parentId: number | number[]): { id: { $in: unknown } } {
  const { joinTable } = (strapi.db.metadata.get(uid as any).attributes as any)[field];
  // A subquery, not a list: one statement, and inside a transaction it runs on the transaction's
  // connection with the outer query, so it sees uncommitted rows.
  const links = strapi.db.connection(joinTable.name);
  const ids = (Array.isArray(parentId) ? links.whereIn(joinTable.inverseJoinColumn.name, parentId) : links.where(joinTable.inverseJoinColumn.name, parentId)).select(joinTable.joinColumn.name);
  return { id: { $in: ids } };
}

type Where = Record<string, unknown>;

const within = (linked: Where, where?: Where) => (where ? { $and: [linked, where] } : linked);

/** The rows linked to one parent, filtered, ordered and populated as `findMany` would. */
export function findLinked(strapi: Core.Strapi, uid: string, field: string, parentId: number, params: { where?: Where; orderBy?: unknown; populate?: unknown; select?: string[] } = {}): Promise<any[]> {
  return strapi.db.query(uid as any).findMany({ ...(params as any), where: within(linkedTo(strapi, uid, field, parentId), params.where) });
}

/** How many rows linked to one parent match `where`. */
export function countLinked(strapi: Core.Strapi, uid: string, field: string, parentId: number, where?: Where): Promise<number> {
  return strapi.db.query(uid as any).count({ where: within(linkedTo(strapi, uid, field, parentId), where) });
}

/**
 * The link rows of relation `field` on `uid` for many rows at once, from one side's indexed
 * column: `owner` ids are rows of `uid`, `target` ids the rows its relation points at. The
 * exports read a page of applications' records, 公示 and payments this way, one query a page.
 */
export async function linkPairs(strapi: Core.Strapi, uid: string, field: string, side: 'owner' | 'target', ids: number[]): Promise<Array<{ owner: number; target: number }>> {
  if (!ids.length) return [];
  const { joinTable } = (strapi.db.metadata.get(uid as any).attributes as any)[field];
  const owner = joinTable.joinColumn.name;
  const target = joinTable.inverseJoinColumn.name;
  const rows = await strapi.db.connection(joinTable.name).whereIn(side === 'owner' ? owner : target, ids).select({ owner, target });
  return rows.map((row: any) => ({ owner: Number(row.owner), target: Number(row.target) }));
}
