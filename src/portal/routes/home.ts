import { homePage } from '../pages/home';
import { loadHome } from '../queries';
import { PortalRoute, chrome } from '../request';

export const homeRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/',
    handler: async (req) => {
      const data = await loadHome(req.strapi, req.now);
      return { page: homePage(chrome(req, '首页', '/'), data), cacheUntil: data.validUntil };
    },
  },
];
