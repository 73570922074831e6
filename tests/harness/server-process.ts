/** A real server as a child process on a free loopback port, up once /_health answers (scripts/lib/server-process.js). */
export interface ServerProcess {
  url: string;
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const shared = require('../../scripts/lib/server-process');

export const spawnServer = (script: string, env: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> => shared.spawnServer({ script, env, timeoutMs });
