import { loadArticle, loadArticleList, loadCall, loadCalls } from '../content-queries';
import { SECTION_TITLE, Section, articleDetailPage, articleListPage } from '../pages/articles';
import { callDetailPage, callListPage } from '../pages/calls';
import { pageNumber } from '../pages/shared';
import { PortalError, PortalRoute, chrome } from '../request';
import { consultationRoutes } from './consultations';
import { publicityRoutes } from './publicity';

/** The public content pages: notices, guidelines, calls, consultations and 公示. */

const DAY = 86_400_000;

const articleRoutes = (section: Section): PortalRoute[] => [
  {
    method: 'GET',
    path: `/${section}`,
    handler: async (req) => {
      const list = await loadArticleList(req.strapi, section, req.query, pageNumber(req.query.page));
      return { page: articleListPage(chrome(req, SECTION_TITLE[section], `/${section}`), list), cacheUntil: req.now.getTime() + DAY };
    },
  },
  {
    method: 'GET',
    path: `/${section}/:slug`,
    handler: async (req) => {
      const article = await loadArticle(req.strapi, section, req.params.slug);
      if (!article) throw new PortalError(404, '您访问的文章不存在或尚未发布。');
      return { page: articleDetailPage(chrome(req, article.title, `/${section}/${article.slug}`), section, article), cacheUntil: req.now.getTime() + DAY };
    },
  },
];

const callRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/calls',
    handler: async (req) => {
      const { calls, validUntil } = await loadCalls(req.strapi, req.now);
      return { page: callListPage(chrome(req, '项目申报', '/calls'), calls, req.now), cacheUntil: validUntil };
    },
  },
  {
    method: 'GET',
    path: '/calls/:id',
    handler: async (req) => {
      const found = await loadCall(req.strapi, req.params.id, req.now);
      if (!found) throw new PortalError(404, '您访问的申报通知不存在或尚未发布。');
      return { page: callDetailPage(chrome(req, found.call.title, `/calls/${found.call.documentId}`), found.call, req.now), cacheUntil: found.validUntil };
    },
  },
];

export const contentRoutes: PortalRoute[] = [...articleRoutes('notices'), ...articleRoutes('guidelines'), ...callRoutes, ...consultationRoutes, ...publicityRoutes];
