import type { PortalRoute } from '../request';

export const applicationRoutes: PortalRoute[] = [];
