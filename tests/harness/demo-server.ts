import { ChildProcess, spawn } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import path from 'path';
import { ROOT } from './env';

/**
 * Runs `node scripts/demo.js` as a real child process, exactly as `npm run demo` does, on a free
 * port and a throwaway SQLite file, and waits until it answers.
 */
export interface DemoServer {
  url: string;
  output: () => string;
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

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`demo exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/_health`)).status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`demo did not answer within ${timeoutMs} ms`);
}

export async function startDemo(): Promise<DemoServer> {
  const port = await freePort();
  const database = path.join(ROOT, '.tmp', 'e2e', `demo-${crypto.randomBytes(4).toString('hex')}.db`);
  fs.mkdirSync(path.dirname(database), { recursive: true });
  let output = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'demo.js')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_FILENAME: database, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url,
    output: () => output,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${database}${suffix}`, { force: true });
    },
  };
}
