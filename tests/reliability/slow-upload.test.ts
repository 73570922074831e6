import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import path from 'path';
import { ROOT, setTestSecrets } from '../harness/env';
import { call } from '../harness/instances';
import { ServerProcess, spawnServer } from '../harness/server-process';
import { PASSWORD } from '../harness/workflow';

/**
 * A slow upload (issue 9): a client that sends an attachment a few bytes at a time, as a
 * slowloris would. The server cuts it off at its request timeout (here 2 s instead of five
 * minutes), stores nothing of it, and goes on answering everyone else.
 */
const file = path.join(ROOT, '.tmp', 'test', `slow_${process.pid}_${crypto.randomBytes(4).toString('hex')}.db`);
let server: ServerProcess;

beforeAll(async () => {
  setTestSecrets();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  server = await spawnServer(path.join(ROOT, 'scripts', 'lib', 'serve.js'), {
    NODE_ENV: 'test',
    SEED_PASSWORD: PASSWORD,
    DATABASE_FILENAME: file,
    UPLOAD_PRIVATE_DIR: path.join(ROOT, '.tmp', 'test', `slow-files-${process.pid}`),
    REQUEST_TIMEOUT_MS: '2000',
    HEADERS_TIMEOUT_MS: '1500',
    CONNECTIONS_CHECKING_INTERVAL_MS: '200',
  });
});
afterAll(async () => {
  await server?.stop();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
});

it('cuts off an upload that trickles in, stores nothing of it, and keeps serving', async () => {
  const jwt = (await call(server.url, 'POST', '/api/auth/local', { identifier: 'applicant@shenbao.local', password: PASSWORD })).body.jwt;
  const callId = (await (await fetch(`${server.url}/calls`)).text()).match(/href="\/calls\/([a-z0-9]+)"/)![1];
  const draft = await call(server.url, 'POST', '/api/applications', { data: { taskSpec: callId, title: '慢速上传', answers: {} } }, jwt);
  expect(draft.status).toBe(200);
  const { documentId } = draft.body.data;

  const { port } = new URL(server.url);
  const boundary = 'slowloris';
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString()));
  // The server answers 408 and closes with trickled bytes still unread, so its kernel may reset
  // the connection after the answer: that reset is the cut-off, not a failure of the test.
  const resets: string[] = [];
  socket.on('error', (error: NodeJS.ErrnoException) => resets.push(error.code ?? error.message));
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  const started = Date.now();
  socket.write(
    [`POST /api/applications/${documentId}/files HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Authorization: Bearer ${jwt}`, `Content-Type: multipart/form-data; boundary=${boundary}`, 'Content-Length: 1048576', '', `--${boundary}\r\nContent-Disposition: form-data; name="slot"\r\n\r\nscan\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`].join('\r\n'),
  );
  // a byte every 100 ms: a megabyte would take more than a day
  const trickle = setInterval(() => !socket.destroyed && socket.write('0'), 100);
  const endedAt = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000))]);
  clearInterval(trickle);
  socket.destroy();

  expect(endedAt).not.toBe(-1);
  expect(endedAt - started).toBeLessThan(6000);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  for (const code of resets) expect(['ECONNRESET', 'EPIPE']).toContain(code);
  // Nothing of it was kept, and everyone else is still served.
  const detail = await call(server.url, 'GET', `/api/applications/${documentId}`, undefined, jwt);
  expect(detail.status).toBe(200);
  expect(detail.body.data.files).toEqual([]);
  expect(detail.body.data.answers).toEqual({});
  expect((await fetch(`${server.url}/_health`)).status).toBe(204);
});
