import type { Core } from '@strapi/strapi';
import { Kept, forgetOnWrite } from '../database/kept';

/**
 * Every admin request builds the staff member's ability from their roles' permissions, read
 * afresh each time (docs/performance.md, fix 19). They are kept for 5 s per process and
 * forgotten on any write of a permission, a role or an admin user on this process (role
 * assignments are links of the user); another instance applies a change at most that late. The
 * session and the user, active or not, are still read on every request, so a logout or a
 * deactivated account is refused at once.
 */
export function keepAdminPermissions(strapi: Core.Strapi) {
  const byUser = new Kept<any[]>();
  strapi.get('services').extend('admin::permission', (stock: any) => ({
    ...stock,
    // Shared by the requests that follow, so frozen: a hook that wrote to one would throw, not leak.
    findUserPermissions: (user: { id: number }) => byUser.get(String(user.id), async () => (await stock.findUserPermissions(user)).map(Object.freeze)),
  }));
  for (const uid of ['admin::permission', 'admin::role', 'admin::user']) forgetOnWrite(strapi, uid, () => byUser.forget());
}
