import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::review-record.review-record');
