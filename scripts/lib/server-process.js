'use strict';

/**
 * A server as a child process on a free loopback port, ready once /_health answers 204, with its
 * memory read from /proc: resident now (VmRSS) and the peak since the last reset (VmHWM).
 * Shared by the test harness and the benchmark.
 */
const fs = require('fs');
const net = require('net');
const { spawn } = require('child_process');
const { ROOT } = require('./env');

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

function memoryMb(pid, field) {
  const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function spawnServer({ script, args = [], cwd = ROOT, env = {}, nodeArgs = [], timeoutMs = 120_000 }) {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
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
    if (child.exitCode !== null) throw new Error(`${script} exited with code ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${script} did not answer within ${timeoutMs} ms:\n${output}`);
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
    rssMb: () => memoryMb(child.pid, 'VmRSS'),
    peakMb: () => memoryMb(child.pid, 'VmHWM'),
    /** Resets VmHWM to the current RSS (Linux: clear_refs 5), so the next peak is this phase's. */
    resetPeak: () => fs.writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
  };
}

module.exports = { spawnServer };
