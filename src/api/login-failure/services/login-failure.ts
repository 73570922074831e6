import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { LOCKOUT, lockedUntil } from '../../../domain/lockout';
import { formatShanghaiDateTime } from '../../../domain/time';

const UID = 'api::login-failure.login-failure';

export type Realm = 'portal' | 'admin';

const typed = (account: string) => account.trim().toLowerCase().slice(0, 255);

/** Only failures this recent can still lock: a window's worth before a lock that may still run. */
const LOOKBACK_MS = LOCKOUT.windowMs + LOCKOUT.lockMs;

const RETENTION_MS = 183 * 24 * 3600_000;

/**
 * Failed logins, kept in the database so that every instance behind a load balancer, and a
 * restarted one, counts the same failures (src/domain/lockout.ts holds the rule).
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * One count per account, however it is named: a portal account logs in by its e-mail or its
   * username (matched as users-permissions matches them), and both count as its e-mail, so
   * that the two names do not give ten guesses. A name no account has is counted as typed.
   */
  async function accountKey(realm: Realm, account: string): Promise<string> {
    if (realm !== 'portal') return typed(account);
    const user = await strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { $or: [{ email: account.trim().toLowerCase() }, { username: account.trim() }] }, select: ['email'] });
    return user?.email ? typed(user.email) : typed(account);
  }

  return {
    /** The lock on the account now, or null. */
    async lockOf(realm: Realm, account: string, now = new Date()): Promise<Date | null> {
      const rows = await strapi.db.query(UID).findMany({
        where: { realm, account: await accountKey(realm, account), failedAt: { $gt: new Date(now.getTime() - LOOKBACK_MS) } },
        select: ['failedAt'],
      });
      return lockedUntil(rows.map((row: any) => new Date(row.failedAt)), now);
    },

    async recordFailure(realm: Realm, account: string, address: string, now = new Date()) {
      await strapi.db.query(UID).create({ data: { realm, account: await accountKey(realm, account), address: address.slice(0, 64), failedAt: now } });
    },

    /** A successful login clears the account's count. */
    async clear(realm: Realm, account: string) {
      await strapi.db.query(UID).deleteMany({ where: { realm, account: await accountKey(realm, account) } });
    },

    /** Failed logins are security logs: kept six months (网络安全法 第二十一条), then removed. */
    async prune(now = new Date()) {
      const { count } = await strapi.db.query(UID).deleteMany({ where: { failedAt: { $lt: new Date(now.getTime() - RETENTION_MS) } } });
      return count;
    },

    lockedMessage: (until: Date) => `登录失败次数过多，账号已锁定，请于 ${formatShanghaiDateTime(until)} 后再试`,
  };
});
