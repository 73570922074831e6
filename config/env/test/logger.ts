import { formats, winston } from '@strapi/logger';

// Tests boot Strapi many times; only warnings and errors are worth reading.
export default {
  transports: [new winston.transports.Console({ level: 'warn', format: formats.prettyPrint() })],
};
