import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::task-spec.task-spec');
