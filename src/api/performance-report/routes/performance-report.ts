import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::performance-report.performance-report');
