import path from 'path';

/**
 * SQLite (better-sqlite3) is the embedded default and needs no setup. PostgreSQL is used when
 * DATABASE_URL is set, or DATABASE_CLIENT=postgres with the usual DATABASE_* variables.
 *
 * runMigrations is off because Strapi runs user migrations *before* it syncs the schema, so on a
 * fresh database the tables they index do not exist yet. src/database/post-sync.ts runs the
 * files in database/migrations after the sync instead (see docs/architecture.md).
 */
const appRoot = path.resolve(__dirname, '..', '..');

/** How many distinct statements a connection keeps prepared (the app uses a few hundred). */
const PREPARED_STATEMENTS = 1000;

/**
 * knex prepares every statement anew on better-sqlite3, and preparing costs more than running
 * most of ours (the benchmark's profile: 7 % of a submission's time). A statement is kept per
 * SQL text and reused: knex runs each to completion at once (`all` or `run`), never two at a
 * time, and SQLite prepares a kept statement again by itself when the schema changes.
 */
function keepPreparedStatements(connection: any) {
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

export default ({ env }) => {
  const url = env('DATABASE_URL');
  const client = url ? 'postgres' : env('DATABASE_CLIENT', 'sqlite');
  const settings = { runMigrations: false };

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: url
          ? { connectionString: url }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'shenbao'),
              user: env('DATABASE_USERNAME', 'postgres'),
              password: env('DATABASE_PASSWORD', ''),
              schema: env('DATABASE_SCHEMA', 'public'),
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
      settings,
    };
  }

  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(appRoot, env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // Write-ahead logging: a commit appends to the log and syncs it once, where the default
        // rollback journal syncs the journal and the database file on every commit; and readers
        // (the portal, the inbox) never wait behind a writer. synchronous stays FULL, so a
        // committed decision survives a power cut, not only a crash of the process.
        afterCreate: (connection: any, done: (error: Error | null, connection: unknown) => void) => {
          connection.pragma(`journal_mode = ${env('SQLITE_JOURNAL_MODE', 'WAL')}`);
          connection.pragma('synchronous = FULL');
          keepPreparedStatements(connection);
          done(null, connection);
        },
      },
    },
    settings,
  };
};
