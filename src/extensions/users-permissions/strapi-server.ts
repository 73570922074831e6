import type { Core } from '@strapi/strapi';
import { findOneWithParents } from '../../database/joined';
import { Kept } from '../../database/kept';
import { USERS_PERMISSIONS_RULES, attachAccountRules } from '../../auth/account-routes';
import { APPLICANT_ORIGIN, liveSession } from '../../auth/sessions';

type ServiceFactory = (deps: { strapi: Core.Strapi }) => Record<string, any>;

const USER = 'plugin::users-permissions.user';

/**
 * Every applicant request is authenticated by users-permissions, which checks the token, reads
 * the user to see that it exists, reads it again with its role, then the role's permissions
 * (docs/performance.md, fix 19). Here:
 * - the token is checked without a read, and the user comes with its role and the session its
 *   token names in one joined statement, still read on every request: a blocked user, a changed
 *   role and an ended session (a logout, a new password, a block; src/auth/sessions.ts) are
 *   refused at once, on every instance. Strapi itself let an access token live out its 10
 *   minutes after the session ended;
 * - a role's permissions are kept per process and forgotten on any instance's write of a role
 *   or a permission within a second (src/database/cache-bus.ts).
 */
const byRole = new Kept<any[]>(['plugin::users-permissions.permission', 'plugin::users-permissions.role']);

export default (plugin: any) => {
  const user: ServiceFactory = plugin.services.user;
  const permission: ServiceFactory = plugin.services.permission;
  const jwt: ServiceFactory = plugin.services.jwt;
  // The applicant's login, registration and password routes get the account rules (src/auth/account-routes.ts).
  attachAccountRules(plugin.routes['content-api'].routes, USERS_PERMISSIONS_RULES);

  // The session each request's token names, from the token check to the user read, which the
  // strategy calls with the user id alone (both run in the request's context).
  const sessionOfRequest = new WeakMap<object, string>();
  const refreshMode = (strapi: Core.Strapi) => strapi.config.get('plugin::users-permissions.jwtManagement') === 'refresh';

  plugin.services.jwt = ({ strapi }: { strapi: Core.Strapi }) => {
    const stock = jwt({ strapi });
    return {
      ...stock,
      async getToken(ctx: any) {
        const token = await stock.getToken.call(this, ctx);
        if (token?.sessionId) sessionOfRequest.set(ctx, token.sessionId);
        return token;
      },
      // Stock reads the user here only to see that it exists; the user read below does that.
      async verify(token: string) {
        if (!refreshMode(strapi)) return stock.verify(token);
        const result = (strapi as any).sessionManager(APPLICANT_ORIGIN).validateAccessToken(token);
        if (!result.isValid || result.payload.type !== 'access') throw new Error('Invalid token.');
        return { id: Number(result.payload.userId), sessionId: result.payload.sessionId };
      },
    };
  };
  plugin.services.user = ({ strapi }: { strapi: Core.Strapi }) => ({
    ...user({ strapi }),
    fetchAuthenticatedUser: (id: number) => {
      if (!refreshMode(strapi)) return findOneWithParents(strapi, USER, { id }, ['role']);
      // Every access token names its session; without one, nobody (never the user without the check).
      const sessionId = sessionOfRequest.get((strapi as any).requestContext.get() ?? {});
      return sessionId ? findOneWithParents(strapi, USER, { id }, ['role'], liveSession(APPLICANT_ORIGIN, id, sessionId)) : null;
    },
  });
  plugin.services.permission = ({ strapi }: { strapi: Core.Strapi }) => {
    const stock = permission({ strapi });
    return {
      ...stock,
      // Shared by the requests that follow, so frozen: a hook that wrote to one would throw, not leak.
      findRolePermissions: (roleId: number) => byRole.get(String(roleId), async () => (await stock.findRolePermissions(roleId)).map(Object.freeze)),
    };
  };
  return plugin;
};
