import type { Core } from '@strapi/strapi';
import { createField } from '@strapi/database/dist/fields';
import { toRow } from '@strapi/database/dist/query/helpers/transform';
import { isScalarAttribute } from '@strapi/database/dist/utils/types';

/**
 * Inserts one row the system writes for itself (a review record, an outbox message) and links
 * it to its parents, inside the caller's transaction, without reading it back: the caller
 * already holds every field it wrote. On PostgreSQL the row and its links are one statement
 * (the links insert from the row's `RETURNING`); SQLite cannot modify data in a `WITH`, so
 * there each link is a statement of its own. Every statement is a round trip and a parse of
 * its own in the server and in the driver, and these are on every step (docs/performance.md).
 */
export async function insertRow(strapi: Core.Strapi, uid: string, data: Record<string, unknown>, links: Record<string, number>): Promise<number> {
  const meta = strapi.db.metadata.get(uid as any) as any;
  const row = toRow(meta, columnValues(meta.attributes, data)) as Record<string, unknown>;
  const joins = Object.entries(links).map(([field, parentId]) => ({ joinTable: meta.attributes[field].joinTable, parentId }));
  return strapi.db.transaction(async ({ trx }) => {
    if ((strapi.db.dialect.client as string) === 'postgres') {
      let query = trx.with('inserted', trx(meta.tableName).insert(row).returning('id'));
      joins.forEach(({ joinTable, parentId }, i) => {
        query = query.with(`link${i}`, trx.raw('insert into ?? (??, ??) select id, ? from inserted', [joinTable.name, joinTable.joinColumn.name, joinTable.inverseJoinColumn.name, parentId]));
      });
      const [inserted] = await query.select('id').from('inserted');
      return Number(inserted.id);
    }
    const [inserted] = await trx(meta.tableName).insert(row);
    const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
    for (const { joinTable, parentId } of joins) {
      await trx(joinTable.name).insert({ [joinTable.joinColumn.name]: id, [joinTable.inverseJoinColumn.name]: parentId });
    }
    return id;
  });
}

/**
 * The scalar values as the query engine's `createMany` would store them, through the same field
 * types: each checked and converted (JSON as text, dates as dates), the schema's defaults for
 * those left out. Strapi exports the pieces but not the function that joins them.
 */
function columnValues(attributes: Record<string, any>, data: Record<string, unknown>) {
  const values: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (!isScalarAttribute(attribute)) continue;
    const value = data[name];
    if (value === undefined) {
      if (attribute.default !== undefined) values[name] = typeof attribute.default === 'function' ? attribute.default() : attribute.default;
      continue;
    }
    if (value === null) {
      values[name] = null;
      continue;
    }
    const field = createField(attribute) as any;
    field.validate?.(value);
    values[name] = field.toDB(value);
  }
  return values;
}
