import type { Knex } from 'knex';

/**
 * The tables a backup holds, read from the database itself rather than from Strapi's models, so
 * that admin users, link tables, components and the core store come along: the ledger and the
 * assignments name staff by their admin user id, which `strapi export` does not carry.
 */
export type Client = 'sqlite' | 'postgres';

export interface TableInfo {
  name: string;
  columns: string[];
  /** columns PostgreSQL hands back parsed and wants back as JSON text (SQLite keeps JSON as text throughout) */
  jsonColumns: string[];
  hasId: boolean;
}

/** Tables the target's own boot writes for itself: its schema state and its migrations. */
const OWN_STATE = new Set(['strapi_database_schema', 'strapi_migrations', 'strapi_migrations_internal', 'sqlite_sequence']);

async function tableNames(knex: Knex, client: Client): Promise<string[]> {
  if (client === 'sqlite') {
    const rows = await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
    return rows.map((row: { name: string }) => row.name);
  }
  const { rows } = await knex.raw(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
  return rows.map((row: { name: string }) => row.name);
}

async function columnsOf(knex: Knex, client: Client, table: string): Promise<Array<{ name: string; type: string }>> {
  if (client === 'sqlite') {
    const rows = await knex.raw(`PRAGMA table_info("${table}")`);
    return rows.map((row: { name: string; type: string }) => ({ name: row.name, type: row.type.toLowerCase() }));
  }
  const { rows } = await knex.raw(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
    [table],
  );
  return rows;
}

async function foreignKeys(knex: Knex, client: Client, tables: string[]): Promise<Map<string, Set<string>>> {
  const references = new Map(tables.map((table) => [table, new Set<string>()]));
  if (client === 'sqlite') {
    for (const table of tables) {
      const rows = await knex.raw(`PRAGMA foreign_key_list("${table}")`);
      for (const row of rows) references.get(table)!.add(row.table);
    }
    return references;
  }
  const { rows } = await knex.raw(`
    SELECT DISTINCT tc.table_name AS "from", ccu.table_name AS "to"
    FROM information_schema.table_constraints tc
    JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
    WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`);
  for (const row of rows) references.get(row.from)?.add(row.to);
  return references;
}

/** Parents before children, so that rows can be inserted in this order and deleted in reverse. */
function parentsFirst(tables: string[], references: Map<string, Set<string>>): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (placed.has(table) || visiting.has(table)) return; // a table that names itself is inserted by id order
    visiting.add(table);
    for (const parent of references.get(table) ?? []) if (parent !== table && references.has(parent)) visit(parent);
    visiting.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return ordered;
}

export async function describeTables(knex: Knex, client: Client): Promise<TableInfo[]> {
  const names = (await tableNames(knex, client)).filter((name) => !OWN_STATE.has(name) && !name.startsWith('knex_'));
  const order = parentsFirst(names, await foreignKeys(knex, client, names));
  const tables: TableInfo[] = [];
  for (const name of order) {
    const columns = await columnsOf(knex, client, name);
    tables.push({
      name,
      columns: columns.map((column) => column.name),
      jsonColumns: client === 'postgres' ? columns.filter((column) => column.type === 'json' || column.type === 'jsonb').map((column) => column.name) : [],
      hasId: columns.some((column) => column.name === 'id'),
    });
  }
  return tables;
}
