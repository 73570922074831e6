import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::reviewer-profile.reviewer-profile');
