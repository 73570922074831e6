import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::credit-record.credit-record');
