import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { Kept } from '../../../database/kept';

const UID = 'api::task-spec.task-spec';
/** Any instance's write of a call forgets what is kept (src/database/cache-bus.ts). */
const published = new Kept<any>([UID]);

export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    /**
     * What a submission checks of a call: its published version, and only the columns the checks
     * read, not the notice's text or its earlier forms. Kept for a few seconds (src/database/kept.ts):
     * every submission of a call reads the same row. Shared between requests, so read-only.
     * A read, so the query engine: the document service's middlewares guard writes.
     */
    async publishedForSubmission(documentId: string) {
      return published.get(documentId, () =>
        strapi.db.query(UID).findOne({
          where: { documentId, publishedAt: { $notNull: true } },
          select: ['id', 'documentId', 'opensAt', 'closesAt', 'formVersion', 'formDefinition', 'updatedAt'],
        }),
      );
    },
  };
});
