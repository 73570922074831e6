import { factories } from '@strapi/strapi';

// Review records are written only by the transition service; no REST route may change them.
export default factories.createCoreRouter('api::review-record.review-record', { only: ['find', 'findOne'] });
