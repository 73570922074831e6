import type { Core } from '@strapi/strapi';
import { createField } from '@strapi/database/dist/fields';
import { toRow } from '@strapi/database/dist/query/helpers/transform';
import { isScalarAttribute } from '@strapi/database/dist/utils/types';

export interface RowInsert {
  uid: string;
  data: Record<string, unknown>;
  /** parent relation → the parent's row id */
  links?: Record<string, number>;
}

/**
 * Inserts rows the system writes for itself (a review record, an outbox message) and links each
 * to its parents, inside the caller's transaction, without reading them back: the caller already
 * holds every field it wrote. Answers the rows' ids, in order. On PostgreSQL all the rows and
 * their links are one statement (each link inserted from its row's `RETURNING` in a `WITH`);
 * SQLite cannot modify data in a `WITH`, so there each row and each link is a statement of its
 * own. Every statement is a round trip and a parse of its own in the server and in the driver,
 * and these are on every step (docs/performance.md).
 */
export async function insertRows(strapi: Core.Strapi, inserts: RowInsert[]): Promise<number[]> {
  const prepared = inserts.map(({ uid, data, links = {} }) => {
    const meta = strapi.db.metadata.get(uid as any) as any;
    return {
      table: meta.tableName as string,
      row: toRow(meta, columnValues(meta.attributes, data)) as Record<string, unknown>,
      joins: Object.entries(links).map(([field, parentId]) => ({ joinTable: meta.attributes[field].joinTable, parentId })),
    };
  });
  return strapi.db.transaction(async ({ trx }) => {
    if ((strapi.db.dialect.client as string) === 'postgres') {
      let query = trx.queryBuilder();
      prepared.forEach(({ table, row, joins }, i) => {
        query = query.with(`row${i}`, trx(table).insert(row).returning('id'));
        joins.forEach(({ joinTable, parentId }, j) => {
          query = query.with(`row${i}_link${j}`, trx.raw('insert into ?? (??, ??) select id, ? from ??', [joinTable.name, joinTable.joinColumn.name, joinTable.inverseJoinColumn.name, parentId, `row${i}`]));
        });
      });
      const [ids] = await query.select(prepared.map((_, i) => trx.raw('(select id from ??) as ??', [`row${i}`, `id${i}`])));
      return prepared.map((_, i) => Number(ids[`id${i}`]));
    }
    const ids: number[] = [];
    for (const { table, row, joins } of prepared) {
      const [inserted] = await trx(table).insert(row);
      const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
      for (const { joinTable, parentId } of joins) {
        await trx(joinTable.name).insert({ [joinTable.joinColumn.name]: id, [joinTable.inverseJoinColumn.name]: parentId });
      }
      ids.push(id);
    }
    return ids;
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
