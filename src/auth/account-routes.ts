import type { LoginLockoutOptions } from '../middlewares/login-lockout';
import type { PasswordRuleOptions } from '../middlewares/password-rule';

/**
 * The account rules ride on the routes, by handler: the lockout on each JSON login, the password
 * rule on each route that sets a password. Strapi's router matches a path case-insensitively,
 * with or without a trailing slash, and decodes percent-encoded parameters (so `/admin/users/%31`
 * is user 1); a rule that compared `ctx.path` with a string missed every spelling but one
 * (issue 20). A middleware of the route runs whatever spelling the router accepted, by
 * construction, so nothing here has to know the router's rules. Normalising the path once,
 * before routing, would have to copy those rules exactly (and lower-casing the path would break
 * case-sensitive document ids), and any difference would be a way around. The portal's own login
 * and registration apply the same rules inside their handlers (src/portal/routes/account.ts).
 */
type Rule = { name: 'global::login-lockout'; config: LoginLockoutOptions } | { name: 'global::password-rule'; config: PasswordRuleOptions };

const lockout = (realm: LoginLockoutOptions['realm'], field: string): Rule => ({ name: 'global::login-lockout', config: { realm, field } });
const passwordAt = (...at: string[]): Rule => ({ name: 'global::password-rule', config: { at } });

/** users-permissions' content API (`/api/...`): the applicant's login, registration, reset and change, and its user routes (not granted to applicants, ruled all the same). */
export const USERS_PERMISSIONS_RULES: Record<string, Rule> = {
  // also the handler of `GET /api/auth/:provider/callback`, which carries no account to lock
  'auth.callback': lockout('portal', 'identifier'),
  'auth.register': passwordAt('password'),
  'auth.resetPassword': passwordAt('password'),
  'auth.changePassword': passwordAt('password'),
  'user.create': passwordAt('password'),
  'user.update': passwordAt('password'),
};

/** The admin panel (`/admin/...`): staff passwords follow the product's rule too, on top of Strapi's own. */
export const ADMIN_RULES: Record<string, Rule> = {
  'authentication.login': lockout('admin', 'email'),
  'authentication.registerAdmin': passwordAt('password'),
  'authentication.register': passwordAt('userInfo', 'password'),
  'authentication.resetPassword': passwordAt('password'),
  'authenticated-user.updateMe': passwordAt('password'),
  'user.update': passwordAt('password'),
};

interface Route {
  handler: unknown;
  config?: { middlewares?: unknown[] };
}

/**
 * Puts each route's rule first among its middlewares (before a rate limiter: a locked account is
 * told so). A handler of the table that no route has stops the boot: a renamed handler in a
 * Strapi upgrade must not leave its route unguarded.
 */
export function attachAccountRules(routes: Route[], rules: Record<string, Rule>) {
  const missing = Object.keys(rules).filter((handler) => !routes.some((route) => route.handler === handler));
  if (missing.length) throw new Error(`No route has the handler ${missing.join(', ')}: its account rule would guard nothing`);
  for (const route of routes) {
    const rule = typeof route.handler === 'string' ? rules[route.handler] : undefined;
    if (rule) route.config = { ...route.config, middlewares: [rule, ...(route.config?.middlewares ?? [])] };
  }
}
