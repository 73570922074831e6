import type { StrapiApp } from '@strapi/strapi/admin';

export default {
  config: {
    // The bureau's staff work in Simplified Chinese; English stays available for developers.
    locales: ['zh-Hans'],
  },
  bootstrap(_app: StrapiApp) {},
};
