/**
 * The tests log in far more often from one address than a person would. users-permissions'
 * own per-address limit on its auth routes (10 a minute) is Strapi's guard, not ours; the
 * account lockout and the portal's limits stay as in production.
 */
export default () => ({
  'users-permissions': { config: { ratelimit: { interval: 60_000, max: 1000 } } },
});
