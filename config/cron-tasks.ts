import type { Core } from '@strapi/strapi';
import { exclusive } from '../src/database/exclusive';
import { deliverDue } from '../src/api/notification/support/outbox';
import { sendDigests } from '../src/api/notification/support/digest';
import { sendReminders } from '../src/api/notification/support/reminders';
import { KEPT_MS as IDEMPOTENCY_KEPT_MS } from '../src/middlewares/idempotency';

/**
 * Scheduled jobs (Asia/Shanghai). Each runs on one instance at a time (`exclusive`: a PostgreSQL
 * advisory lock) and is idempotent on its own. All are switched off with CRON_ENABLED=false, and
 * always in tests; a schedule can be changed by its environment variable.
 */
export default {
  closePublicities: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const outcome = await exclusive(strapi, 'close-publicities', (): Promise<{ closed: number; advanced: number; held: number }> => (strapi.service('api::publicity.publicity') as any).closeDue());
      if (outcome && (outcome.closed || outcome.advanced || outcome.held)) strapi.log.info(`[shenbao] 公示 closed ${outcome.closed}, advanced ${outcome.advanced}, held ${outcome.held}`);
    },
    // A 公示 ends at the end of a working day; every five minutes is soon enough after that.
    options: { rule: process.env.PUBLICITY_CLOSE_RULE || '0 */5 * * * *', tz: 'Asia/Shanghai' },
  },
  deliverNotifications: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const outcome = await exclusive(strapi, 'deliver-notifications', () => deliverDue(strapi));
      if (outcome && (outcome.sent || outcome.retry || outcome.failed)) strapi.log.info(`[shenbao] notifications sent ${outcome.sent}, to retry ${outcome.retry}, failed ${outcome.failed}`);
    },
    // Retries with growing pauses (support/outbox.ts BACKOFF_MS); every minute finds the due ones.
    options: { rule: process.env.NOTIFICATION_RETRY_RULE || '0 * * * * *', tz: 'Asia/Shanghai' },
  },
  remindOverdue: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const outcome = await exclusive(strapi, 'remind-overdue', () => sendReminders(strapi));
      if (outcome && (outcome.reminded || outcome.escalated)) strapi.log.info(`[shenbao] overdue reminders ${outcome.reminded}, escalations ${outcome.escalated}`);
    },
    // Working hours in Beijing, every day: a reminder goes out once per stay in a stage.
    options: { rule: '0 0 9 * * *', tz: 'Asia/Shanghai' },
  },
  sendDigests: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const outcome = await exclusive(strapi, 'send-digests', () => sendDigests(strapi));
      if (outcome?.sent) strapi.log.info(`[shenbao] daily digests ${outcome.sent}`);
    },
    // Before the working day starts in Beijing; one digest per person and day (support/digest.ts).
    options: { rule: process.env.DIGEST_RULE || '0 30 8 * * *', tz: 'Asia/Shanghai' },
  },
  cleanupAbandonedUploads: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const removed = await exclusive(strapi, 'cleanup-uploads', () => (strapi.service('api::attachment.attachment') as any).cleanupAbandoned());
      if (removed) strapi.log.info(`[shenbao] removed ${removed} abandoned upload(s)`);
    },
    options: { rule: '0 30 3 * * *', tz: 'Asia/Shanghai' },
  },
  pruneLoginFailures: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const removed = await exclusive(strapi, 'prune-login-failures', () => (strapi.service('api::login-failure.login-failure') as any).prune());
      if (removed) strapi.log.info(`[shenbao] removed ${removed} login failure(s) older than six months`);
    },
    options: { rule: '0 45 3 * * *', tz: 'Asia/Shanghai' },
  },
  pruneIdempotencyKeys: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const { count } = await strapi.db.query('api::idempotency-key.idempotency-key' as any).deleteMany({ where: { createdAt: { $lt: new Date(Date.now() - IDEMPOTENCY_KEPT_MS) } } });
      if (count) strapi.log.info(`[shenbao] removed ${count} idempotency key(s) older than a day`);
    },
    options: { rule: '0 50 3 * * *', tz: 'Asia/Shanghai' },
  },
};
