import type { Core } from '@strapi/strapi';

/**
 * The second layer under the document-service guard: the query engine itself refuses to update
 * or delete review records and file access records, which covers `strapi.db.query` calls that
 * skip the middleware. The third layer (review records) is the database trigger in
 * database/migrations.
 */
const APPEND_ONLY: Record<string, string> = {
  'api::review-record.review-record': '审核记录不可修改或删除（review records are append-only）',
  'api::file-access.file-access': '附件查阅记录不可修改或删除（file access records are append-only）',
};

export function registerReviewRecordLifecycle(strapi: Core.Strapi) {
  strapi.db.lifecycles.subscribe({
    models: Object.keys(APPEND_ONLY),
    beforeUpdate: refuse,
    beforeUpdateMany: refuse,
    beforeDelete: refuse,
    beforeDeleteMany: refuse,
  });
}

function refuse(event: { model: { uid: string } }) {
  throw new Error(APPEND_ONLY[event.model.uid]);
}
