import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { SafeHtml } from './html';
import { homePage } from './pages/home';
import { loadHome } from './queries';

type Context = {
  type: string;
  body: unknown;
  status: number;
  fresh: boolean;
  set(name: string, value: string): void;
};

/**
 * Sends a rendered page with a strong ETag, so a browser (or a proxy) revalidating an unchanged
 * page gets a 304 without the body.
 */
function sendPage(ctx: Context, page: SafeHtml) {
  const body = page.value;
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('ETag', `"${createHash('sha1').update(body).digest('base64url')}"`);
  ctx.type = 'text/html; charset=utf-8';
  ctx.status = 200; // koa only judges freshness of a 2xx response
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = body;
}

/** Portal pages are plain server routes beside /api and /admin, on the same port. */
export function registerPortalRoutes(strapi: Core.Strapi) {
  strapi.server.routes([
    {
      method: 'GET',
      path: '/',
      handler: async (ctx: Context) => sendPage(ctx, homePage(await loadHome(strapi, new Date()))),
      config: { auth: false },
    },
  ]);
}
