import type { Core } from '@strapi/strapi';

/**
 * Inserts one row the system writes for itself (a review record, an outbox message) and links
 * it to its parents, inside the caller's transaction. The query engine's `createMany` converts
 * each value for the dialect and returns the id; each relation is one row of its link table.
 * That is one statement per link plus one, where `create` also reads the row back: the caller
 * already holds every field it wrote (docs/performance.md).
 */
export async function insertRow(strapi: Core.Strapi, uid: string, data: Record<string, unknown>, links: Record<string, number>): Promise<number> {
  const { ids } = await strapi.db.query(uid as any).createMany({ data: [data] });
  const id = Number(ids[0]);
  const attributes = strapi.db.metadata.get(uid as any).attributes as any;
  await strapi.db.transaction(async ({ trx }) => {
    for (const [field, parentId] of Object.entries(links)) {
      const { joinTable } = attributes[field];
      await trx(joinTable.name).insert({ [joinTable.joinColumn.name]: id, [joinTable.inverseJoinColumn.name]: parentId });
    }
  });
  return id;
}
