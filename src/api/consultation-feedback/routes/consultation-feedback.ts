import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::consultation-feedback.consultation-feedback');
