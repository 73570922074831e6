import path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');

/** Fixed, obviously fake secrets: tests must never depend on a developer's .env. */
export function setTestSecrets() {
  const secrets: Record<string, string> = {
    APP_KEYS: 'test-key-1,test-key-2',
    API_TOKEN_SALT: 'test-api-token-salt',
    ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
    TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
    JWT_SECRET: 'test-jwt-secret',
    ENCRYPTION_KEY: 'test-encryption-key',
  };
  for (const [name, value] of Object.entries(secrets)) process.env[name] ??= value;
}

export const usePostgres = () => process.env.TEST_DB === 'postgres';

/** A superuser connection to the local cluster, used to create and drop throwaway databases. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const pgUrlFor = (database: string) => {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
};
