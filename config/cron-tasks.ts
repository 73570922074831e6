import type { Core } from '@strapi/strapi';

/**
 * Scheduled jobs (Asia/Shanghai). All are switched off with CRON_ENABLED=false, and always in
 * tests; a schedule can be changed by its environment variable.
 */
export default {
  closePublicities: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const { closed, advanced, held } = await (strapi.service('api::publicity.publicity') as any).closeDue();
      if (closed || advanced || held) strapi.log.info(`[shenbao] 公示 closed ${closed}, advanced ${advanced}, held ${held}`);
    },
    // A 公示 ends at the end of a working day; every five minutes is soon enough after that.
    options: { rule: process.env.PUBLICITY_CLOSE_RULE || '0 */5 * * * *', tz: 'Asia/Shanghai' },
  },
  cleanupAbandonedUploads: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      const removed = await (strapi.service('api::attachment.attachment') as any).cleanupAbandoned();
      if (removed) strapi.log.info(`[shenbao] removed ${removed} abandoned upload(s)`);
    },
    options: { rule: '0 30 3 * * *', tz: 'Asia/Shanghai' },
  },
};
