import type { PortalRoute } from '../request';

export const contentRoutes: PortalRoute[] = [];
