import type { Core } from '@strapi/strapi';
import { registerPortalRoutes } from '../portal/routes';

/**
 * Registers the portal's server-rendered pages. It must come before `strapi::public` in
 * config/middlewares.ts: that middleware (which Strapi requires) registers a "/" route that
 * redirects to the admin panel, and the router runs the first matching route.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  registerPortalRoutes(strapi);
  return null;
};
