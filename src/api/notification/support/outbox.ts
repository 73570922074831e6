import type { Core } from '@strapi/strapi';
import { definitionAtVersion } from '../../../domain/forms';
import { noticeFor } from '../../../domain/notices';
import { describeRecord } from '../../../domain/objections';
import { formatShanghaiDateTime } from '../../../domain/time';
import type { Transition, WorkflowDefinition } from '../../../domain/workflow';
import { newDocumentId } from '../../../database/document-id';
import { RowInsert, insertRows } from '../../../database/insert';

/**
 * Notifications are an outbox: rows written in the transition's transaction, sent only after it
 * commits, and marked sent; a failed send is tried again later with growing pauses and never
 * reaches back into the transition. A rolled-back transition leaves no notification behind.
 */
const NOTIFICATION = 'api::notification.notification';

/** Pauses before the 2nd, 3rd, 4th and 5th attempt; after the 5th failure the message is marked failed. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000];
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
/** A message left "sending" this long was being sent by a process that died. */
const STUCK_MS = 10 * 60_000;

export interface NotificationDraft {
  recipientType: 'applicant' | 'staff' | 'public';
  recipientEmail: string;
  recipientId?: string;
  template: string;
  subject: string;
  body: string;
  payload?: Record<string, unknown>;
  /** the application's row id */
  application?: number;
  dedupeKey: string;
}

/** What a sender needs of a message; a message just queued is sent from this, without reading it back. */
export interface QueuedMessage {
  documentId: string;
  recipientEmail: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * One message for the outbox, already claimed for sending by this process: the caller writes it
 * inside its transaction and dispatches it once that commits, and no other sender may take it
 * meanwhile. Should this process die first, the retry job takes it back after STUCK_MS. Written
 * through the query engine (src/database/insert.ts): a message is the system's own row, and the
 * unique index on its dedupe key refuses a second copy, where the document service would spend
 * queries checking.
 */
export function outboxMessage(draft: NotificationDraft): { insert: RowInsert; message: QueuedMessage } {
  const now = new Date();
  const { application, ...fields } = draft;
  const message = { documentId: newDocumentId(), recipientEmail: draft.recipientEmail, subject: draft.subject, body: draft.body, attempts: 0 };
  const data = { channel: 'email', delivery: 'sending', ...fields, ...message, createdAt: now, updatedAt: now, publishedAt: now };
  return { insert: { uid: NOTIFICATION, data, links: application ? { application } : {} }, message };
}

/** Writes one message into the outbox, inside the caller's transaction (see outboxMessage). */
export async function queueNotification(strapi: Core.Strapi, draft: NotificationDraft): Promise<QueuedMessage> {
  const { insert, message } = outboxMessage(draft);
  await insertRows(strapi, [insert]);
  return message;
}

/** The titles of the flagged fields in the form the application was submitted on. */
async function flaggedLabels(strapi: Core.Strapi, app: any, keys: string[]) {
  if (!keys.length) return [];
  const taskSpec = await strapi.documents('api::task-spec.task-spec').findOne({ documentId: app.taskSpecDocumentId, status: 'published' });
  const form = taskSpec ? definitionAtVersion(taskSpec as any, app.formVersion ?? taskSpec.formVersion ?? 1) : null;
  return keys.map((key) => (form?.properties?.[key] as { title?: string } | undefined)?.title ?? key);
}

/** The applicant's message for one step of its application, if the step tells it anything; the transition writes it with its record. */
export async function stateNotification(strapi: Core.Strapi, app: any, transition: Transition, definition: WorkflowDefinition, now = new Date()) {
  const email = app.organization?.contactEmail;
  if (!email) return null;
  const label = (state: string) => definition.stages.find((stage) => stage.key === state)?.label ?? state;
  const { effects, record } = transition;
  const described = describeRecord(transition.action.label, record);
  const notice = noticeFor({
    action: transition.action.key,
    actionLabel: described.title,
    fromLabel: label(transition.fromState),
    toLabel: label(transition.toState),
    title: app.title,
    serialNo: app.serialNo ?? null,
    when: formatShanghaiDateTime(now),
    opinion: described.opinion,
    flaggedLabels: await flaggedLabels(strapi, app, effects.returnFlaggedFields ?? []),
    recognisedBaseFen: effects.recognisedBaseFen ?? null,
    awardFen: effects.award?.awardFen ?? (app.awardFen === null || app.awardFen === undefined ? null : Number(app.awardFen)),
    amountFen: effects.payment?.amountFen ?? effects.clawbackFen ?? null,
  });
  if (!notice) return null;
  return outboxMessage({
    ...notice,
    recipientType: 'applicant',
    recipientEmail: email,
    payload: { applicationId: app.documentId, from: transition.fromState, to: transition.toState, action: transition.action.key },
    application: app.id,
    dedupeKey: `${app.documentId}:${app.version}:${notice.template}`,
  });
}

/** Takes queued messages for sending (queued → sending, conditionally), so that two senders never send one twice. */
async function claim(strapi: Core.Strapi, messages: QueuedMessage[], now: () => Date) {
  const claimed: QueuedMessage[] = [];
  for (const message of messages) {
    const { count } = await strapi.db.query(NOTIFICATION).updateMany({ where: { documentId: message.documentId, delivery: 'queued' }, data: { delivery: 'sending', updatedAt: now() } });
    if (count === 1) claimed.push(message);
  }
  return claimed;
}

/**
 * Sends claimed messages. Those sent are marked sent together; a failure is queued again for
 * later, or failed for good after MAX_ATTEMPTS.
 */
async function deliver(strapi: Core.Strapi, claimed: QueuedMessage[], now: () => Date) {
  const outcome = { sent: 0, retry: 0, failed: 0 };
  const sentAfter = new Map<number, string[]>();
  for (const message of claimed) {
    const attempts = (message.attempts ?? 0) + 1;
    try {
      await strapi.plugin('email').service('email').send({ to: message.recipientEmail, subject: message.subject, text: message.body });
      sentAfter.set(attempts, [...(sentAfter.get(attempts) ?? []), message.documentId]);
      outcome.sent += 1;
    } catch (error) {
      const giveUp = attempts >= MAX_ATTEMPTS;
      await strapi.db.query(NOTIFICATION).updateMany({
        where: { documentId: message.documentId },
        data: {
          delivery: giveUp ? 'failed' : 'queued',
          attempts,
          lastError: String((error as Error).message ?? error).slice(0, 2000),
          nextAttemptAt: giveUp ? null : new Date(now().getTime() + BACKOFF_MS[attempts - 1]),
        },
      });
      outcome[giveUp ? 'failed' : 'retry'] += 1;
    }
  }
  for (const [attempts, sent] of sentAfter) {
    await strapi.db.query(NOTIFICATION).updateMany({ where: { documentId: { $in: sent } }, data: { delivery: 'sent', sentAt: now(), attempts, lastError: null, nextAttemptAt: null } });
  }
  return outcome;
}

/**
 * Messages committed and waiting for the next pass, which starts PASS_DELAY_MS after the first
 * of them: the commits of a burst (submissions before a deadline) are marked sent with one
 * update, and a message leaves a tenth of a second later than it could have.
 */
const PASS_DELAY_MS = 100;
const waiting = new Map<string, QueuedMessage>();
let nextPass: Promise<void> | null = null;

/** Sends messages just queued by a committed transaction. Never throws: the outbox keeps what failed. */
export function dispatchNotifications(strapi: Core.Strapi, messages: QueuedMessage[]): Promise<void> {
  for (const message of messages) waiting.set(message.documentId, message);
  nextPass ??= new Promise<void>((resolve) => setTimeout(resolve, PASS_DELAY_MS)).then(async () => {
    const batch = [...waiting.values()];
    waiting.clear();
    nextPass = null;
    try {
      await deliver(strapi, batch, () => new Date());
    } catch (error) {
      strapi.log.error(`[shenbao] notifications ${batch.map((m) => m.documentId).join(', ')} could not be delivered: ${(error as Error).message}`);
    }
  });
  return nextPass;
}

/**
 * The retry job: messages whose next attempt is due, messages queued but never dispatched (the
 * process stopped after the commit), and messages left "sending" by a process that died.
 */
export async function deliverDue(strapi: Core.Strapi, now = new Date()) {
  await strapi.db.query(NOTIFICATION).updateMany({ where: { delivery: 'sending', updatedAt: { $lt: new Date(now.getTime() - STUCK_MS) } }, data: { delivery: 'queued' } });
  const due = await strapi.db.query(NOTIFICATION).findMany({
    where: {
      delivery: 'queued',
      $or: [{ nextAttemptAt: { $lte: now } }, { nextAttemptAt: { $null: true }, createdAt: { $lte: new Date(now.getTime() - 60_000) } }],
    },
    select: ['documentId', 'recipientEmail', 'subject', 'body', 'attempts'],
    orderBy: { id: 'asc' },
    limit: 500,
  });
  const clock = () => now;
  return deliver(strapi, await claim(strapi, due.map((row: any) => ({ ...row, attempts: row.attempts ?? 0 })), clock), clock);
}
