import type { Core } from '@strapi/strapi';

/** Scheduled jobs (Asia/Shanghai). Switched off with CRON_ENABLED=false, and always in tests. */
export default {
  cleanupAbandonedUploads: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const removed = await (strapi.service('api::attachment.attachment') as any).cleanupAbandoned();
      if (removed) strapi.log.info(`[shenbao] removed ${removed} abandoned upload(s)`);
    },
    options: { rule: '0 30 3 * * *', tz: 'Asia/Shanghai' },
  },
};
