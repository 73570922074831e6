import type { Core } from '@strapi/strapi';
import { refuseWith } from '../api/application/support/errors';

export interface LoginLockoutOptions {
  realm: 'portal' | 'admin';
  /** the body field that names the account */
  field: string;
}

/** strapi::errors answers these with a 400: users-permissions throws a ValidationError, the admin an ApplicationError. */
const isBadRequest = (error: any) => ['ValidationError', 'ApplicationError'].includes(error?.name) || error?.status === 400;

/**
 * The account lockout (src/domain/lockout.ts) on a JSON login that a Strapi plugin serves:
 * users-permissions' `POST /api/auth/local` and the admin panel's `POST /admin/login`. It is a
 * route middleware, attached to the login's handler (src/auth/account-routes.ts), so it runs for
 * every spelling of the path that Strapi's router sends to that handler.
 */
export default (options: LoginLockoutOptions, { strapi }: { strapi: Core.Strapi }) => {
  const failures = () => strapi.service('api::login-failure.login-failure') as any;

  return async (ctx: any, next: () => Promise<void>) => {
    const body = ctx.request.body ?? {};
    const account = typeof body[options.field] === 'string' ? body[options.field] : '';
    if (ctx.method !== 'POST' || !account) return next();
    const until = await failures().lockOf(options.realm, account);
    if (until) return refuseWith(ctx, 429, failures().lockedMessage(until), { field: options.field, lockedUntil: until.toISOString() });
    // Both plugins refuse a wrong password (or an unknown or blocked account) by throwing an
    // error that strapi::errors turns into a 400; a request without a password is a malformed
    // one, not a guess.
    const guessed = typeof body.password === 'string' && body.password !== '';
    try {
      await next();
    } catch (error) {
      if (guessed && isBadRequest(error)) await failures().recordFailure(options.realm, account, ctx.request.ip ?? '');
      throw error;
    }
    if (ctx.status === 400 && guessed) await failures().recordFailure(options.realm, account, ctx.request.ip ?? '');
    else if (ctx.status === 200) await failures().clear(options.realm, account);
  };
};
