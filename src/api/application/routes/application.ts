import { factories } from '@strapi/strapi';

// No delete: an application is withdrawn through the approval chain, never removed. A draft
// created with an Idempotency-Key is created once, however often the request is retried.
export default factories.createCoreRouter('api::application.application', {
  only: ['find', 'findOne', 'create', 'update'],
  config: { create: { middlewares: ['global::idempotency'] } },
});
