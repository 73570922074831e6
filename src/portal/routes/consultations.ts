import type { PortalRoute } from '../request';

export const consultationRoutes: PortalRoute[] = [];
