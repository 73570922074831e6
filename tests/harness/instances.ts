import { ChildProcess, spawn } from 'child_process';
import crypto from 'crypto';
import net from 'net';
import path from 'path';
import { Client } from 'pg';
import { PG_ADMIN_URL, ROOT, pgUrlFor, setTestSecrets } from './env';

/** Several real Strapi processes on one throwaway PostgreSQL database. */
export interface Instance {
  url: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function pgAdmin(sql: string) {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createPgDatabase() {
  const name = `shenbao_multi_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await pgAdmin(`CREATE DATABASE "${name}"`);
  return { url: pgUrlFor(name), drop: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export async function startInstance(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Instance> {
  setTestSecrets();
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'tests', 'harness', 'serve-instance.js')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(port), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`instance did not start:\n${output}`);
    try {
      if ((await fetch(`${url}/_health`)).status === 204) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
