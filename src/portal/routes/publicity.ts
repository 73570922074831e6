import type { PortalRoute } from '../request';

export const publicityRoutes: PortalRoute[] = [];
