import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

/**
 * The portal's session: an httpOnly, SameSite=Lax cookie holding a short-lived users-permissions
 * JWT, re-issued while the user is active so that it expires only after 30 minutes idle. Forms
 * are protected by a double-submit CSRF token: a random cookie that every form echoes in
 * `_csrf`, which a page on another site can neither read nor set.
 */
export const SESSION_COOKIE = 'sb_session';
export const CSRF_COOKIE = 'sb_csrf';
export const CSRF_FIELD = '_csrf';

const IDLE_SECONDS = 30 * 60;
/** Re-issue the token once a third of its life has passed, so an active user never drops out. */
const REFRESH_AFTER_SECONDS = IDLE_SECONDS / 3;

export interface PortalUser {
  id: number;
  username: string;
  email: string;
}

const cookieOptions = (ctx: any, maxAgeMs?: number) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: Boolean(ctx.secure),
  path: '/',
  overwrite: true,
  ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
});

const jwtService = (strapi: Core.Strapi) => strapi.plugin('users-permissions').service('jwt') as any;

export function startSession(strapi: Core.Strapi, ctx: any, userId: number) {
  const token = jwtService(strapi).issue({ id: userId }, { expiresIn: IDLE_SECONDS });
  ctx.cookies.set(SESSION_COOKIE, token, cookieOptions(ctx, IDLE_SECONDS * 1000));
  // A new session gets a new CSRF token, so a token planted before login is worthless after it.
  ctx.cookies.set(CSRF_COOKIE, crypto.randomBytes(24).toString('base64url'), cookieOptions(ctx));
}

export function endSession(ctx: any) {
  ctx.cookies.set(SESSION_COOKIE, '', cookieOptions(ctx, 0));
}

/** The logged-in, unblocked user of this request, or null. Slides the session forward. */
export async function currentUser(strapi: Core.Strapi, ctx: any): Promise<PortalUser | null> {
  const token = ctx.cookies.get(SESSION_COOKIE);
  if (!token) return null;
  let payload: { id?: number; iat?: number };
  try {
    payload = await jwtService(strapi).verify(token);
  } catch {
    endSession(ctx);
    return null;
  }
  const user = payload.id
    ? await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: payload.id }, select: ['id', 'username', 'email', 'blocked', 'confirmed'] })
    : null;
  if (!user || user.blocked) {
    endSession(ctx);
    return null;
  }
  if (payload.iat && Date.now() / 1000 - payload.iat > REFRESH_AFTER_SECONDS) {
    ctx.cookies.set(SESSION_COOKIE, jwtService(strapi).issue({ id: user.id }, { expiresIn: IDLE_SECONDS }), cookieOptions(ctx, IDLE_SECONDS * 1000));
  }
  return { id: user.id, username: user.username, email: user.email };
}

/** This browser's CSRF token, created on first sight. */
export function csrfToken(ctx: any): string {
  const existing = ctx.cookies.get(CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = crypto.randomBytes(24).toString('base64url');
  ctx.cookies.set(CSRF_COOKIE, token, cookieOptions(ctx));
  return token;
}

/** True when the posted token matches this browser's cookie. */
export function csrfValid(ctx: any, posted: unknown): boolean {
  const cookie = ctx.cookies.get(CSRF_COOKIE);
  if (typeof cookie !== 'string' || typeof posted !== 'string' || cookie.length !== posted.length) return false;
  return crypto.timingSafeEqual(Buffer.from(cookie), Buffer.from(posted));
}
