import type { Core } from '@strapi/strapi';
import { PortalRoute, mountPortalRoutes } from './request';
import { accountRoutes } from './routes/account';
import { applicationRoutes } from './routes/applications';
import { contentRoutes } from './routes/content';
import { homeRoutes } from './routes/home';

/** Every portal page, by area. `/api` and `/admin` stay Strapi's. */
export const PORTAL_ROUTES: PortalRoute[] = [...homeRoutes, ...contentRoutes, ...accountRoutes, ...applicationRoutes];

export function registerPortalRoutes(strapi: Core.Strapi) {
  mountPortalRoutes(strapi, PORTAL_ROUTES);
}
