import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import { RefusalError } from '../api/application/support/errors';
import { cachedPage, pageKeeper } from './cache';
import { SafeHtml, html } from './html';
import { layout } from './layout';
import { LimitName, allow } from './rate-limit';
import { PortalUser, csrfToken, csrfValid, currentUser, CSRF_FIELD } from './session';

/**
 * The portal's small request framework: each route gets a `PortalRequest` (who is logged in,
 * the CSRF token, parsed body and files) and answers a `PortalResponse`. Cross-cutting rules
 * live here once: CSRF on every POST, rate limits, login where required, security headers,
 * ETags with 304s, the page cache for anonymous visitors, and error pages in Chinese.
 */
export interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  size: number;
}

export interface PortalRequest {
  strapi: Core.Strapi;
  ctx: any;
  now: Date;
  user: PortalUser | null;
  csrf: string;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  /** form fields of a POST (urlencoded or multipart) */
  body: Record<string, unknown>;
  /** files of a multipart POST, by field name */
  files: Record<string, UploadedFile[]>;
}

export type PortalResponse =
  | { page: SafeHtml; status?: number; /** cache this anonymous GET until this instant (ms) */ cacheUntil?: number }
  | { redirect: string }
  | { sent: true };

export interface PortalRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: (req: PortalRequest) => Promise<PortalResponse>;
  /** redirect to /login when nobody is logged in */
  login?: boolean;
  /** a rate limit for this POST, per client address */
  limit?: LimitName;
}

/** A refusal the portal shows as a page: 4xx, in Chinese. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Scripts and styles from our own origin only: no inline script can run, whatever an answer contains. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const CSRF_PLACEHOLDER = '\u0000csrf\u0000';

/** The layout's options for this request: the page's title and path, the user and the token. */
export const chrome = (req: PortalRequest, title: string, path: string, description?: string) => ({
  title,
  path,
  description,
  user: req.user,
  csrf: req.csrf,
});

export const csrfInput = (token: string) => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

function sendHtml(ctx: any, body: string, status: number) {
  ctx.set('Content-Security-Policy', CSP);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'same-origin');
  ctx.type = 'text/html; charset=utf-8';
  ctx.status = status;
  if (status !== 200) {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
    return;
  }
  // Public pages revalidate every time, and an unchanged one costs a 304 without its body.
  ctx.set('Cache-Control', 'private, no-cache');
  ctx.set('ETag', `"${createHash('sha1').update(body).digest('base64url')}"`);
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = body;
}

function errorPage(req: PortalRequest, status: number, message: string) {
  const title = status === 404 ? '页面不存在' : status === 403 ? '无权访问' : status === 429 ? '操作过于频繁' : '无法完成操作';
  return layout(chrome(req, title, req.ctx.path), html`<h1>${title}</h1><p class="error-message" role="alert">${message}</p><p><a href="/">返回首页</a></p>`);
}

const one = (value: unknown) => (Array.isArray(value) ? value[0] : value);

function filesOf(ctx: any): Record<string, UploadedFile[]> {
  const out: Record<string, UploadedFile[]> = {};
  for (const [name, value] of Object.entries(ctx.request.files ?? {})) {
    const list = (Array.isArray(value) ? value : [value]) as UploadedFile[];
    // An empty <input type=file> still posts a part, with no name and no bytes.
    out[name] = list.filter((file) => file && file.size > 0 && file.originalFilename);
  }
  return out;
}

async function handle(strapi: Core.Strapi, route: PortalRoute, ctx: any) {
  const req: PortalRequest = {
    strapi,
    ctx,
    now: new Date(),
    user: await currentUser(strapi, ctx),
    csrf: csrfToken(ctx),
    params: ctx.params ?? {},
    query: Object.fromEntries(Object.entries(ctx.query ?? {}).map(([key, value]) => [key, one(value) as string | undefined])),
    body: route.method === 'POST' && ctx.request.body && typeof ctx.request.body === 'object' ? ctx.request.body : {},
    files: route.method === 'POST' ? filesOf(ctx) : {},
  };
  try {
    if (route.method === 'POST') {
      if (!csrfValid(ctx, one(req.body[CSRF_FIELD]))) throw new PortalError(403, '页面已过期或请求来源不明（CSRF 校验失败），请刷新页面后重新提交。');
      if (route.limit && !allow(route.limit, ctx.request.ip)) throw new PortalError(429, '操作过于频繁，请稍后再试。');
    }
    if (route.login && !req.user) {
      if (route.method === 'GET') return ctx.redirect(`/login?next=${encodeURIComponent(ctx.originalUrl)}`);
      throw new PortalError(401, '请先登录。');
    }
    const cacheKey = route.method === 'GET' && !req.user ? ctx.originalUrl : null;
    const hit = cacheKey ? cachedPage(cacheKey, req.now) : undefined;
    if (hit !== undefined) return sendHtml(ctx, hit.split(CSRF_PLACEHOLDER).join(req.csrf), 200);
    const keep = pageKeeper();
    const response = await route.handler(req);
    if ('redirect' in response) return ctx.redirect(response.redirect);
    if ('sent' in response) return;
    const body = response.page.value;
    if (cacheKey && response.cacheUntil && (response.status ?? 200) === 200) keep(cacheKey, body.split(req.csrf).join(CSRF_PLACEHOLDER), response.cacheUntil);
    sendHtml(ctx, body, response.status ?? 200);
  } catch (error) {
    if (error instanceof PortalError || error instanceof RefusalError) return sendHtml(ctx, errorPage(req, error.status, error.message).value, error.status);
    throw error;
  }
}

/** Portal routes are plain server routes beside /api and /admin, on the same port. */
export function mountPortalRoutes(strapi: Core.Strapi, routes: PortalRoute[]) {
  strapi.server.routes(
    routes.map((route) => ({
      method: route.method,
      path: route.path,
      handler: (ctx: any) => handle(strapi, route, ctx),
      config: { auth: false },
    })),
  );
}
