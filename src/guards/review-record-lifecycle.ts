import type { Core } from '@strapi/strapi';

/**
 * The second layer under the document-service guard: the query engine itself refuses to update
 * or delete review records, which covers `strapi.db.query` calls that skip the middleware.
 * The third layer is the database trigger in database/migrations.
 */
export function registerReviewRecordLifecycle(strapi: Core.Strapi) {
  const refuse = () => {
    throw new Error('审核记录不可修改或删除（review records are append-only）');
  };
  strapi.db.lifecycles.subscribe({
    models: ['api::review-record.review-record'],
    beforeUpdate: refuse,
    beforeUpdateMany: refuse,
    beforeDelete: refuse,
    beforeDeleteMany: refuse,
  });
}
