import type { Core } from '@strapi/strapi';
import type { Witness } from '../database/joined';
import { chainOf } from '../domain/session-chain';

/**
 * When a session ends, every token of it stops working at once, on every instance: sessions are
 * rows of Strapi's session store (`admin::session`, table strapi_sessions), and each request of
 * an applicant reads its user only together with the live row its token names
 * (src/extensions/users-permissions/strapi-server.ts, src/portal/session.ts); the admin's own
 * strategy asks the store on each request too. So ending a session is deleting its rows, and
 * this module makes sure every way of ending one does that.
 */
const SESSION = 'admin::session';
export const APPLICANT_ORIGIN = 'users-permissions';
const ADMIN_ORIGIN = 'admin';

/** The session row an access token names, as a witness of the user read: the user is found only while it exists. */
export const liveSession = (origin: string, userId: number | string, sessionId: string): Witness => ({
  uid: SESSION,
  where: { sessionId, userId: String(userId), origin },
});

const manager = (strapi: Core.Strapi, origin: string) => (strapi as any).sessionManager(origin);

/**
 * Strapi revokes a session by deleting the one row it is given (a logout, the sessions list's
 * revoke). A refreshed session is a chain of rows, and an access token minted from an older row
 * outlived the logout for the rest of its life (src/domain/session-chain.ts). Revoking a row
 * here removes its whole chain, for applicants and staff alike.
 */
function revokeWholeChains(strapi: Core.Strapi) {
  const store = manager(strapi, APPLICANT_ORIGIN).sessionManager;
  if (typeof store?.revokeSessionById !== 'function') throw new Error("Strapi's session manager has no revokeSessionById: a logout would leave tokens alive");
  store.revokeSessionById = async (origin: string, userId: string, sessionId: string) => {
    const rows = await strapi.db.query(SESSION).findMany({ where: { userId, origin }, select: ['sessionId', 'childId'] });
    const chain = chainOf(rows, sessionId);
    if (!chain.length) return false;
    await strapi.db.query(SESSION).deleteMany({ where: { sessionId: { $in: chain } } });
    return true;
  };
}

const setsPassword = (data: any) => typeof data.password === 'string' && data.password !== '';

/**
 * A new password, a block or a deactivation ends every session of the account, whichever path
 * wrote it: users-permissions' change and reset (which then hand the caller a fresh session),
 * the admin panel's own-password change, a super admin editing a staff member, the Content
 * Manager editing an applicant, the query engine. Database lifecycles see all of them.
 */
function endSessionsOnAccountChange(strapi: Core.Strapi) {
  const watch = (uid: string, origin: string, ends: (data: any) => boolean) => {
    const end = (id: unknown) => manager(strapi, origin).invalidateRefreshToken(String(id));
    strapi.db.lifecycles.subscribe({
      models: [uid],
      async afterUpdate(event: any) {
        if (event.result?.id && ends(event.params.data ?? {})) await end(event.result.id);
      },
      async beforeUpdateMany(event: any) {
        if (ends(event.params.data ?? {})) event.state.ending = await strapi.db.query(uid as any).findMany({ where: event.params.where, select: ['id'] });
      },
      async afterUpdateMany(event: any) {
        for (const row of event.state.ending ?? []) await end(row.id);
      },
    });
  };
  watch('plugin::users-permissions.user', APPLICANT_ORIGIN, (data) => setsPassword(data) || data.blocked === true);
  watch('admin::user', ADMIN_ORIGIN, (data) => setsPassword(data) || data.blocked === true || data.isActive === false);
}

export function registerSessionEnds(strapi: Core.Strapi) {
  revokeWholeChains(strapi);
  endSessionsOnAccountChange(strapi);
}
