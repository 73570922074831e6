import type { Core } from '@strapi/strapi';
import { runPostSyncMigrations } from './database/post-sync';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    strapi.hook('strapi::content-types.afterSync').register(() => runPostSyncMigrations(strapi));
  },

  bootstrap() {},
};
