import type { Core } from '@strapi/strapi';
import { PORTAL_CONTENT, clearPageCache } from './cache';
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

/** Any write to content the portal shows empties its page cache, so the change is visible at once. */
export function invalidatePortalCacheOnWrite(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if ((PORTAL_CONTENT as readonly string[]).includes(context.uid) && !['findOne', 'findMany', 'findFirst', 'count'].includes(context.action)) clearPageCache();
    return result;
  });
}
