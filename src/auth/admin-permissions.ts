import type { Core } from '@strapi/strapi';
import { Kept } from '../database/kept';

/**
 * Every admin request builds the staff member's ability from their roles' permissions, read
 * afresh each time (docs/performance.md, fix 19). They are kept per process and forgotten on
 * any instance's write of a permission, a role or an admin user (role assignments are links of
 * the user) within a second (src/database/cache-bus.ts). The session and the user, active or
 * not, are still read on every request, so a logout or a deactivated account is refused at once.
 */
const byUser = new Kept<any[]>(['admin::permission', 'admin::role', 'admin::user']);

export function keepAdminPermissions(strapi: Core.Strapi) {
  strapi.get('services').extend('admin::permission', (stock: any) => ({
    ...stock,
    // Shared by the requests that follow, so frozen: a hook that wrote to one would throw, not leak.
    findUserPermissions: (user: { id: number }) => byUser.get(String(user.id), async () => (await stock.findUserPermissions(user)).map(Object.freeze)),
  }));
}
