import type { Core } from '@strapi/strapi';
import { fromRow, toColumnName } from '@strapi/database/dist/query/helpers/transform';
import { isScalarAttribute } from '@strapi/database/dist/utils/types';

type Where = Record<string, string | number | boolean>;

/** A row of another model that must exist for the row to be found, named by its attributes (scalars only). */
export interface Witness {
  uid: string;
  where: Where;
}

/**
 * One row with the rows its to-one relations point at (an application with its organisation and
 * programme), in one statement. The query engine's `populate` spends a statement per relation,
 * and on PostgreSQL each statement is a round trip and work in the driver; these reads open
 * every step of the approval chain (docs/performance.md). The rows come back as `findOne` with
 * `populate` gives them: converted by the query engine's own `fromRow`, a relation with no row
 * as null.
 *
 * `where` names attributes: a scalar matches its column, a relation the id of the row it points
 * at (`{ adminUser: 7 }`). A `witness` is a row of another model that must also exist, in the
 * same statement (a user is found only while the session its token names is alive). Inside a
 * transaction it reads on the transaction's connection.
 */
export async function findOneWithParents(strapi: Core.Strapi, uid: string, where: Where, parents: string[], witness?: Witness): Promise<any | null> {
  const run = async (knex: any) => {
    const { sql, columns } = statementFor(strapi, knex, uid, Object.keys(where), parents, witness);
    const result = await knex.raw(sql, [...Object.values(where), ...Object.values(witness?.where ?? {}), 1]);
    const row = (Array.isArray(result) ? result : result.rows)[0];
    if (!row) return null;
    const meta = strapi.db.metadata.get(uid as any) as any;
    // The parents' columns are aliased, so the query engine's conversion of this row skips them.
    const found = fromRow(meta, row) as Record<string, unknown>;
    parents.forEach((field, i) => {
      const parent: Record<string, unknown> = {};
      for (const [column, alias] of columns[i]) parent[column] = row[alias];
      found[field] = parent.id === null || parent.id === undefined ? null : fromRow(strapi.db.metadata.get(meta.attributes[field].target) as any, parent);
    });
    return found;
  };
  return strapi.db.inTransaction() ? strapi.db.transaction(({ trx }) => run(trx)) : run(strapi.db.connection);
}

/** The statement's text depends only on the names, so it is built once per shape. */
const statements = new Map<string, { sql: string; columns: Array<Array<[string, string]>> }>();

function statementFor(strapi: Core.Strapi, knex: any, uid: string, whereNames: string[], parents: string[], witness?: Witness) {
  const key = `${uid}|${whereNames.join(',')}|${parents.join(',')}|${witness ? `${witness.uid}:${Object.keys(witness.where).join(',')}` : ''}`;
  let statement = statements.get(key);
  if (statement) return statement;
  const meta = strapi.db.metadata.get(uid as any) as any;
  const query = knex(`${meta.tableName} as t0`).select('t0.*');
  const columns = parents.map((field, i) => {
    const { joinTable, target } = meta.attributes[field];
    const parentMeta = strapi.db.metadata.get(target) as any;
    query
      .leftJoin(`${joinTable.name} as l${i}`, `l${i}.${joinTable.joinColumn.name}`, 't0.id')
      .leftJoin(`${parentMeta.tableName} as p${i}`, `p${i}.id`, `l${i}.${joinTable.inverseJoinColumn.name}`);
    const scalars = Object.keys(parentMeta.attributes).filter((name) => isScalarAttribute(parentMeta.attributes[name]));
    return scalars.map((name): [string, string] => {
      const column = toColumnName(parentMeta, name);
      const alias = `p${i}__${column}`;
      query.select(`p${i}.${column} as ${alias}`);
      return [column, alias];
    });
  });
  whereNames.forEach((name, i) => {
    const attribute = meta.attributes[name];
    if (attribute.type !== 'relation') return void query.where(`t0.${toColumnName(meta, name)}`, '?');
    const { joinTable } = attribute;
    query.join(`${joinTable.name} as w${i}`, `w${i}.${joinTable.joinColumn.name}`, 't0.id').where(`w${i}.${joinTable.inverseJoinColumn.name}`, '?');
  });
  if (witness) {
    const witnessMeta = strapi.db.metadata.get(witness.uid as any) as any;
    query.whereExists(function exists(this: any) {
      this.select(knex.raw('1')).from(witnessMeta.tableName);
      for (const name of Object.keys(witness.where)) this.where(toColumnName(witnessMeta, name), '?');
    });
  }
  const { sql } = query.limit(1).toSQL();
  statement = { sql, columns };
  statements.set(key, statement);
  return statement;
}
