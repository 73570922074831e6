import { factories } from '@strapi/strapi';

// No delete: an application is withdrawn through the approval chain, never removed.
export default factories.createCoreRouter('api::application.application', { only: ['find', 'findOne', 'create', 'update'] });
