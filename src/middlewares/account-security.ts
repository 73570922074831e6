import type { Core } from '@strapi/strapi';
import { passwordProblem } from '../domain/password';
import { refuseWith } from '../api/application/support/errors';

/**
 * The JSON logins and password changes that Strapi's plugins serve, held to the same rules as
 * the portal's forms: an account locks after five failed logins (src/domain/lockout.ts), both
 * users-permissions' `/api/auth/local` and the admin panel's `/admin/login`; and a portal
 * password set through the API (registration, reset, change) must pass the password rule.
 */
const LOGINS: Record<string, { realm: 'portal' | 'admin'; field: string }> = {
  '/api/auth/local': { realm: 'portal', field: 'identifier' },
  '/admin/login': { realm: 'admin', field: 'email' },
};
const PASSWORD_SETTERS = ['/api/auth/local/register', '/api/auth/reset-password', '/api/auth/change-password'];

/** strapi::errors answers these with a 400: users-permissions throws a ValidationError, the admin an ApplicationError. */
const isBadRequest = (error: any) => ['ValidationError', 'ApplicationError'].includes(error?.name) || error?.status === 400;

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const failures = () => strapi.service('api::login-failure.login-failure') as any;

  return async (ctx: any, next: () => Promise<void>) => {
    if (ctx.method !== 'POST') return next();
    const body = ctx.request.body ?? {};

    if (PASSWORD_SETTERS.includes(ctx.path)) {
      const problem = typeof body.password === 'string' ? passwordProblem(body.password) : null;
      if (problem) return refuseWith(ctx, 400, problem, { field: 'password' });
      return next();
    }

    const login = LOGINS[ctx.path];
    const account = login && typeof body[login.field] === 'string' ? body[login.field] : '';
    if (!account) return next();
    const until = await failures().lockOf(login.realm, account);
    if (until) return refuseWith(ctx, 429, failures().lockedMessage(until), { field: login.field, lockedUntil: until.toISOString() });
    // Both plugins refuse a wrong password (or an unknown or blocked account) by throwing an
    // error that strapi::errors turns into a 400; a request without a password is a malformed
    // one, not a guess.
    const guessed = typeof body.password === 'string' && body.password !== '';
    try {
      await next();
    } catch (error) {
      if (guessed && isBadRequest(error)) await failures().recordFailure(login.realm, account, ctx.request.ip ?? '');
      throw error;
    }
    if (ctx.status === 400 && guessed) await failures().recordFailure(login.realm, account, ctx.request.ip ?? '');
    else if (ctx.status === 200) await failures().clear(login.realm, account);
  };
};
