import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::credit-record.credit-record');
