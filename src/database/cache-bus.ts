import { Client } from 'pg';
import type { Core } from '@strapi/strapi';

/**
 * What each process keeps of rows that any instance may write (src/database/kept.ts), and how
 * every instance learns of a write within a second.
 *
 * A cache registers with the topics it depends on: the uids of the models it reads, whose every
 * write the database's lifecycles announce (all write paths, the query engine's included), or a
 * name that the code that writes announces itself (`announceWrite`). An announcement forgets
 * the topic's caches here at once and again after the commit, because a read between the write
 * and the commit still sees the old row. On PostgreSQL it is also a NOTIFY inside the writing
 * transaction, once per topic and transaction: PostgreSQL delivers it at commit and drops it on
 * rollback, so a notification always means a committed write. Each instance LISTENs on a
 * connection of its own and forgets what it is told.
 *
 * Fail safe: while that connection is down, another instance's write could go unheard, so
 * nothing is kept (`hearing()` is false) until it is back, and everything is forgotten then.
 * A SQLite file belongs to one process: there the bus is local only.
 */
const CHANNEL = 'shenbao_cache';
/** Topics that are not models: the writing code announces them. */
export const APPLICATION_STATES = 'application-states';
const NAMED_TOPICS = [APPLICATION_STATES];

const RECONNECT_MS = { first: 100, max: 5_000 };
/** A connection that hangs without closing is found by the heartbeat within these two; a try to connect gives up after the second. */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

export interface Forgetting {
  forget(): void;
}

const cachesByTopic = new Map<string, Set<Forgetting>>();
let state: 'local' | 'listening' | 'deaf' = 'local';
let bus:
  | {
      strapi: Core.Strapi;
      listener?: Client;
      retry?: NodeJS.Timeout;
      heartbeat?: NodeJS.Timeout;
      /** failed tries since it last listened, for the backoff */
      attempts: number;
      /** whether this outage has been logged: once each */
      said: boolean;
      stopped: boolean;
    }
  | undefined;
/** Topics already announced by a transaction: one NOTIFY each, however many rows it writes. */
const announcedIn = new WeakMap<object, Set<string>>();

/** The one way to register a cache: it is forgotten whenever one of `topics` is written, on any instance. */
export function registerCache(cache: Forgetting, topics: readonly string[]) {
  for (const topic of topics) {
    if (!cachesByTopic.has(topic)) {
      cachesByTopic.set(topic, new Set());
      if (bus) announceModelWrites(bus.strapi, topic);
    }
    cachesByTopic.get(topic)!.add(cache);
  }
}

/** Whether this process may keep what it reads: false while another instance's write could go unheard. */
export const hearing = () => state !== 'deaf';

const forget = (topic: string) => cachesByTopic.get(topic)?.forEach((cache) => cache.forget());
const forgetAll = () => cachesByTopic.forEach((caches) => caches.forEach((cache) => cache.forget()));
const isPostgres = (strapi: Core.Strapi) => (strapi.db.dialect.client as string) === 'postgres';

/**
 * The one way to announce a write: call it in the writing transaction (or after a write that
 * committed on its own). Every instance forgets the topic's caches once the write is committed.
 */
export async function announceWrite(strapi: Core.Strapi, topic: string) {
  forget(topic);
  if (!strapi.db.inTransaction()) {
    if (isPostgres(strapi)) await strapi.db.connection.raw('SELECT pg_notify(?, ?)', [CHANNEL, topic]);
    return;
  }
  await strapi.db.transaction(async ({ trx, onCommit }) => {
    const announced = announcedIn.get(trx) ?? new Set<string>();
    if (announced.has(topic)) return;
    announcedIn.set(trx, announced.add(topic));
    onCommit(() => forget(topic));
    if (isPostgres(strapi)) await trx.raw('SELECT pg_notify(?, ?)', [CHANNEL, topic]);
  });
}

const WRITES = ['afterCreate', 'afterCreateMany', 'afterUpdate', 'afterUpdateMany', 'afterDelete', 'afterDeleteMany'];

function announceModelWrites(strapi: Core.Strapi, topic: string) {
  if (NAMED_TOPICS.includes(topic)) return;
  if (!strapi.db.metadata.has(topic)) throw new Error(`cache topic ${topic} is neither a model nor a named topic`);
  const announce = () => announceWrite(strapi, topic);
  strapi.db.lifecycles.subscribe({ models: [topic], ...Object.fromEntries(WRITES.map((event) => [event, announce])) });
}

/** At bootstrap: announces the registered models' writes, and on PostgreSQL listens (waits for the first try). */
export async function startCacheBus(strapi: Core.Strapi) {
  bus = { strapi, attempts: 0, said: false, stopped: false };
  for (const topic of cachesByTopic.keys()) announceModelWrites(strapi, topic);
  forgetAll();
  if (!isPostgres(strapi)) {
    state = 'local';
    return;
  }
  state = 'deaf';
  await listen(bus);
}

async function listen(current: NonNullable<typeof bus>) {
  // LISTEN needs a session of its own: behind a pooler in transaction mode, point DATABASE_LISTEN_URL past it.
  const settings = process.env.DATABASE_LISTEN_URL ? { connectionString: process.env.DATABASE_LISTEN_URL } : (current.strapi.db.connection.client as any).connectionSettings;
  const listener = new Client({ ...settings, application_name: `shenbao-cache-bus/${process.pid}`, keepAlive: true, connectionTimeoutMillis: HEARTBEAT_TIMEOUT_MS, query_timeout: HEARTBEAT_TIMEOUT_MS });
  let lost = false;
  const lose = (reason: string) => {
    if (lost) return;
    lost = true;
    clearInterval(current.heartbeat);
    listener.end().catch(() => undefined);
    if (current.stopped) return;
    if (!current.said) current.strapi.log.warn(`[shenbao] cache bus: ${state === 'listening' ? 'the listening connection is lost' : 'cannot listen'} (${reason}); nothing is kept until it is back`);
    current.said = true;
    state = 'deaf';
    forgetAll();
    const delay = Math.min(RECONNECT_MS.first * 2 ** current.attempts, RECONNECT_MS.max);
    current.attempts += 1;
    current.retry = setTimeout(() => listen(current), delay);
    current.retry.unref();
  };
  listener.on('error', (error) => lose(error.message));
  listener.on('end', () => lose('closed'));
  listener.on('notification', ({ channel, payload }) => {
    if (channel === CHANNEL && payload) forget(payload);
  });
  try {
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
  } catch (error) {
    lose((error as Error).message);
    return;
  }
  if (current.stopped || lost) {
    listener.end().catch(() => undefined);
    return;
  }
  current.listener = listener;
  if (current.said) current.strapi.log.info('[shenbao] cache bus: listening again');
  current.said = false;
  current.attempts = 0;
  // From here every committed write is heard; what was read before may be older than that.
  state = 'listening';
  forgetAll();
  current.heartbeat = setInterval(() => listener.query('SELECT 1').catch((error) => lose(`no heartbeat: ${error.message}`)), HEARTBEAT_MS);
  current.heartbeat.unref();
}

/** In `destroy`: closes the listening connection, so that the process can exit. */
export async function stopCacheBus() {
  const current = bus;
  if (!current) return;
  current.stopped = true;
  bus = undefined;
  clearTimeout(current.retry);
  clearInterval(current.heartbeat);
  await current.listener?.end().catch(() => undefined);
  state = 'local';
}
