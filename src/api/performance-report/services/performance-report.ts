import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::performance-report.performance-report');
