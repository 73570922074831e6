import net from 'net';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, seedDemo } from '../harness/workflow';

/**
 * SMTP configured but down (a closed port on this machine): the transition goes through, and the
 * outbox keeps the message, trying again with growing pauses until it gives up.
 */
let app: TestApp;
const SMTP = { EMAIL_PROVIDER: 'nodemailer', SMTP_HOST: '127.0.0.1', SMTP_SECURE: 'false' };

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  Object.assign(process.env, SMTP, { SMTP_PORT: String(await closedPort()) });
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.stop();
  for (const name of [...Object.keys(SMTP), 'SMTP_PORT']) delete process.env[name];
});

it('does not block or roll back a transition, and retries the message with backoff until it gives up', async () => {
  const jwt = await applicantToken(app);
  const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
  const submitted = await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
  expect(submitted.status).toBe(200);
  expect((await app.strapi.db.query('api::application.application').findOne({ where: { documentId } })).state).toBe('district_review');

  const outbox = (app.strapi as any).db.query('api::notification.notification');
  const find = () => outbox.findOne({ where: { application: { documentId }, template: 'application.submitted' } });
  const deadline = Date.now() + 15_000;
  while ((await find())?.attempts !== 1) {
    if (Date.now() > deadline) throw new Error('the first attempt was not made');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const first = await find();
  expect(first).toMatchObject({ delivery: 'queued', attempts: 1 });
  expect(first.lastError).toMatch(/ECONNREFUSED|connect/i);
  const pause = new Date(first.nextAttemptAt).getTime() - Date.now();
  expect(pause).toBeGreaterThan(50_000);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deliverDue, MAX_ATTEMPTS } = require('../../dist/src/api/notification/support/outbox');
  // Not due yet: nothing is tried.
  expect(await deliverDue(app.strapi)).toEqual({ sent: 0, retry: 0, failed: 0 });
  // Each later run, once the pause has passed, tries once more; the last failure gives up.
  let now = Date.now();
  for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
    now = new Date((await find()).nextAttemptAt).getTime() + 1000;
    const outcome = await deliverDue(app.strapi, new Date(now));
    expect(outcome).toEqual(attempt === MAX_ATTEMPTS ? { sent: 0, retry: 0, failed: 1 } : { sent: 0, retry: 1, failed: 0 });
    expect(await find()).toMatchObject({ attempts: attempt, delivery: attempt === MAX_ATTEMPTS ? 'failed' : 'queued' });
  }
  expect(await deliverDue(app.strapi, new Date(now + 24 * 3600_000))).toEqual({ sent: 0, retry: 0, failed: 0 });
});
