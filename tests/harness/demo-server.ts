import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { ROOT } from './env';
import { ServerProcess, spawnServer } from './server-process';

/**
 * Runs `node scripts/demo.js` as a real child process, exactly as `npm run demo` does, on a free
 * port and a throwaway SQLite file. Without the demo's cases unless a suite asks for them
 * (SHENBAO_DEMO_CASES: '1'): the suites count what their own steps put in the inboxes.
 */
export type DemoServer = ServerProcess & { database: string };

export async function startDemo(env: Record<string, string> = {}): Promise<DemoServer> {
  const database = path.join(ROOT, '.tmp', 'e2e', `demo-${crypto.randomBytes(4).toString('hex')}.db`);
  fs.mkdirSync(path.dirname(database), { recursive: true });
  // Seeding the cases takes its half minute before the server listens.
  const server = await spawnServer(path.join(ROOT, 'scripts', 'demo.js'), { DATABASE_FILENAME: database, NODE_ENV: 'production', SHENBAO_DEMO_CASES: '0', ...env }, env.SHENBAO_DEMO_CASES === '1' ? 240_000 : undefined);
  return {
    ...server,
    database,
    async stop() {
      await server.stop();
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${database}${suffix}`, { force: true });
    },
  };
}
