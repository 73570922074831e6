import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::reviewer-profile.reviewer-profile');
