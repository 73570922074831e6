import type { Core } from '@strapi/strapi';
import { findOneWithParents } from '../../database/joined';
import { Kept } from '../../database/kept';
import { USERS_PERMISSIONS_RULES, attachAccountRules } from '../../auth/account-routes';

type ServiceFactory = (deps: { strapi: Core.Strapi }) => Record<string, any>;

/**
 * Every applicant request is authenticated by users-permissions, which reads the user, then its
 * role in a statement of its own, then the role again and its permissions (docs/performance.md,
 * fix 19). Here:
 * - the user comes with its role in one joined statement, still read on every request, so a
 *   blocked user or a changed role is refused at once;
 * - a role's permissions are kept for 5 s per process and forgotten on any write of a role or a
 *   permission on this process (src/index.ts); another instance applies a changed permission
 *   at most that late.
 */
export default (plugin: any) => {
  const user: ServiceFactory = plugin.services.user;
  const permission: ServiceFactory = plugin.services.permission;
  // The applicant's login, registration and password routes get the account rules (src/auth/account-routes.ts).
  attachAccountRules(plugin.routes['content-api'].routes, USERS_PERMISSIONS_RULES);
  plugin.services.user = ({ strapi }: { strapi: Core.Strapi }) => ({
    ...user({ strapi }),
    fetchAuthenticatedUser: (id: number) => findOneWithParents(strapi, 'plugin::users-permissions.user', { id }, ['role']),
  });
  plugin.services.permission = ({ strapi }: { strapi: Core.Strapi }) => {
    const stock = permission({ strapi });
    const byRole = new Kept<any[]>();
    return {
      ...stock,
      // Shared by the requests that follow, so frozen: a hook that wrote to one would throw, not leak.
      findRolePermissions: (roleId: number) => byRole.get(String(roleId), async () => (await stock.findRolePermissions(roleId)).map(Object.freeze)),
      forgetRolePermissions: () => byRole.forget(),
    };
  };
  return plugin;
};
