import http from 'http';
import type { TestApp } from './strapi';

/**
 * Requests sent exactly as written: supertest (and `fetch`) parse the URL first, which folds
 * `/./`, backslashes and some escapes, so the server would never see those spellings. Here the
 * request target goes on the wire byte for byte.
 */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** the parsed JSON body, or null */
  body: any;
  /** `METHOD /pattern` of the route Strapi's router ran for this request, or null when it ran none */
  route: string | null;
}

const ROUTE_HEADER = 'x-test-matched-route';

/**
 * Lets the server listen on a free port and adds, in front of every middleware, a recorder that
 * names in a response header the route the router chose. Call before the app's first request:
 * Koa composes its middleware then.
 */
export async function listenRecordingRoutes(app: TestApp): Promise<number> {
  (app.strapi.server.app as any).middleware.unshift(async (ctx: any, next: () => Promise<void>) => {
    try {
      await next();
    } finally {
      if (ctx._matchedRoute && ctx.state.route) ctx.set(ROUTE_HEADER, `${ctx.method} ${ctx._matchedRoute}`);
    }
  });
  const server = app.strapi.server.httpServer;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as { port: number }).port;
}

export function rawRequest(port: number, method: string, target: string, { headers = {}, body }: { headers?: Record<string, string>; body?: string | object } = {}) {
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json';
  return new Promise<RawResponse>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method, path: target, headers: { 'content-type': type, 'content-length': Buffer.byteLength(payload), ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = null;
          }
          const route = response.headers[ROUTE_HEADER];
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: parsed, route: typeof route === 'string' ? route : null });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
