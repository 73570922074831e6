'use strict';

/**
 * A Strapi server as a child process on a free loopback port, with its memory read from
 * /proc: resident set now (VmRSS) and the peak since the last reset (VmHWM).
 */
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

function memoryKb(pid, field) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : NaN;
}

async function startServer({ appDir, distDir, env, nodeArgs = [], timeoutMs = 180_000 }) {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, 'serve.js'), appDir, distDir], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: 'production', CRON_ENABLED: 'false', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer within ${timeoutMs} ms:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/_health`)).status === 204) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid,
    output: () => output,
    stop,
    rssMb: () => memoryKb(child.pid, 'VmRSS') / 1024,
    peakMb: () => memoryKb(child.pid, 'VmHWM') / 1024,
    /** Resets VmHWM to the current RSS (Linux: clear_refs 5), so the next peak is this phase's. */
    resetPeak: () => fs.writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
  };
}

module.exports = { startServer };
