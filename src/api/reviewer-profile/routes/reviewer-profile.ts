import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::reviewer-profile.reviewer-profile');
