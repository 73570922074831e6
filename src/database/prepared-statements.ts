import { createHash } from 'crypto';

/**
 * Statements parsed and planned once per connection instead of at every run. knex prepares
 * every statement anew, and for our short statements preparing costs as much as running: a
 * submission runs about twenty of them (docs/performance.md).
 */

/** How many distinct statements a connection keeps prepared (the app uses a few hundred). */
const PREPARED_STATEMENTS = 1000;

/**
 * better-sqlite3: a statement is kept per SQL text and reused. knex runs each to completion at
 * once (`all` or `run`), never two at a time, and SQLite prepares a kept statement again by
 * itself when the schema changes.
 */
export function keepSqliteStatements(connection: any) {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (!statement) {
      statement = prepare(sql);
      if (kept.size >= PREPARED_STATEMENTS) kept.delete(kept.keys().next().value!);
      kept.set(sql, statement);
    }
    return statement;
  };
}

const ENABLED = Symbol.for('shenbao.namedStatements');

/**
 * Turned on once the schema is synced (src/index.ts): PostgreSQL refuses to run a prepared
 * `SELECT t0.*` whose table gained a column since, and the sync is the only time ours change.
 */
export function enableNamedStatements() {
  (globalThis as any)[ENABLED] = true;
}

/**
 * node-postgres: a query with a name is parsed and planned by the server the first time the
 * connection runs it, then only bound and executed. Only statements with parameters and a
 * single command are named (a prepared statement holds one command); the name is the text's
 * hash. Past the limit, further texts run unnamed, as before: PostgreSQL keeps each prepared
 * statement until the connection closes.
 */
export function namePostgresStatements(client: any) {
  const query = client.query.bind(client);
  // text → name: a statement's name is hashed once, not at every run
  const named = new Map<string, string>();
  client.query = (config: any, ...rest: unknown[]) => {
    if ((globalThis as any)[ENABLED] && config && typeof config === 'object' && typeof config.text === 'string' && !config.name && config.values?.length && !config.text.includes(';')) {
      let name = named.get(config.text);
      if (!name && named.size < PREPARED_STATEMENTS) {
        name = `sb_${createHash('sha1').update(config.text).digest('hex')}`;
        named.set(config.text, name);
      }
      if (name) return query({ ...config, name }, ...rest);
    }
    return query(config, ...rest);
  };
}
