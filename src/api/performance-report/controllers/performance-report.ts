import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::performance-report.performance-report');
