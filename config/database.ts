import path from 'path';
import { keepSqliteStatements, namePostgresStatements } from '../src/database/prepared-statements';

/**
 * SQLite (better-sqlite3) is the embedded default and needs no setup. PostgreSQL is used when
 * DATABASE_URL is set, or DATABASE_CLIENT=postgres with the usual DATABASE_* variables.
 *
 * runMigrations is off because Strapi runs user migrations *before* it syncs the schema, so on a
 * fresh database the tables they index do not exist yet. src/database/post-sync.ts runs the
 * files in database/migrations after the sync instead (see docs/architecture.md).
 */
const appRoot = path.resolve(__dirname, '..', '..');

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
        pool: {
          min: env.int('DATABASE_POOL_MIN', 2),
          max: env.int('DATABASE_POOL_MAX', 10),
          afterCreate: (connection: any, done: (error: Error | null, connection: unknown) => void) => {
            namePostgresStatements(connection);
            done(null, connection);
          },
        },
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
          keepSqliteStatements(connection);
          done(null, connection);
        },
      },
    },
    settings,
  };
};
