import type { PortalRoute } from '../request';

export const accountRoutes: PortalRoute[] = [];
