import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { findOneWithParents } from '../database/joined';
import { APPLICANT_ORIGIN, liveSession } from '../auth/sessions';

/**
 * The portal's session, on users-permissions' session manager (`jwtManagement: 'refresh'`,
 * config/plugins.ts): an httpOnly, SameSite=Lax cookie holding a short-lived access token, and a
 * second one holding the refresh token. The refresh token is rotated at most once a minute while
 * the user is active, and each one can be used once; one left unused for 30 minutes is refused,
 * so the session ends after 30 minutes idle. Logging out revokes the session on the server, and
 * each request reads the user only while its session lives (src/auth/sessions.ts).
 * Forms are protected by a double-submit CSRF token: a random cookie that every form echoes in
 * `_csrf`, which a page on another site can neither read nor set.
 */
export const SESSION_COOKIE = 'sb_session';
export const REFRESH_COOKIE = 'sb_refresh';
export const CSRF_COOKIE = 'sb_csrf';
export const CSRF_FIELD = '_csrf';

/** Rotate once the access token is this old, so the idle clock restarts with every minute of use. */
const ROTATE_AFTER_SECONDS = 60;

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

const sessions = (strapi: Core.Strapi) => (strapi as any).sessionManager(APPLICANT_ORIGIN);
const idleSeconds = (strapi: Core.Strapi) => Number(strapi.config.get('plugin::users-permissions.sessions.idleRefreshTokenLifespan'));

function setTokens(strapi: Core.Strapi, ctx: any, access: string, refresh: string) {
  const idleMs = idleSeconds(strapi) * 1000;
  ctx.cookies.set(SESSION_COOKIE, access, cookieOptions(ctx, idleMs));
  ctx.cookies.set(REFRESH_COOKIE, refresh, cookieOptions(ctx, idleMs));
}

export async function startSession(strapi: Core.Strapi, ctx: any, userId: number) {
  const refresh = await sessions(strapi).generateRefreshToken(String(userId), undefined, { type: 'refresh' });
  const access = await sessions(strapi).generateAccessToken(refresh.token);
  setTokens(strapi, ctx, access.token, refresh.token);
  // A new session gets a new CSRF token, so a token planted before login is worthless after it.
  ctx.cookies.set(CSRF_COOKIE, crypto.randomBytes(24).toString('base64url'), cookieOptions(ctx));
}

function clearTokens(ctx: any) {
  ctx.cookies.set(SESSION_COOKIE, '', cookieOptions(ctx, 0));
  ctx.cookies.set(REFRESH_COOKIE, '', cookieOptions(ctx, 0));
}

/** Ends this browser's session: the cookies go, and the session is revoked so its refresh token is worthless. */
export async function endSession(strapi: Core.Strapi, ctx: any, user: PortalUser | null) {
  const access = sessions(strapi).validateAccessToken(ctx.cookies.get(SESSION_COOKIE) ?? '');
  if (user && access.isValid) await sessions(strapi).revokeSessionById(String(user.id), access.payload.sessionId);
  clearTokens(ctx);
}

/** A new access token from the refresh cookie (which is spent), or null when it is missing, used, expired or idle too long. */
async function rotate(strapi: Core.Strapi, ctx: any): Promise<string | null> {
  const refresh = ctx.cookies.get(REFRESH_COOKIE);
  if (!refresh) return null;
  const rotated = await sessions(strapi).rotateRefreshToken(refresh);
  if ('error' in rotated) return null;
  const access = await sessions(strapi).generateAccessToken(rotated.token);
  if ('error' in access) return null;
  setTokens(strapi, ctx, access.token, rotated.token);
  return access.token;
}

/** The logged-in, unblocked user of this request, or null. Rotates the session while it is in use. */
export async function currentUser(strapi: Core.Strapi, ctx: any): Promise<PortalUser | null> {
  let access = sessions(strapi).validateAccessToken(ctx.cookies.get(SESSION_COOKIE) ?? '');
  if (!access.isValid || Date.now() / 1000 - access.payload.iat > ROTATE_AFTER_SECONDS) {
    const token = await rotate(strapi, ctx);
    // a lost race with a parallel request of the same browser keeps the still-valid access token
    if (token) access = sessions(strapi).validateAccessToken(token);
  }
  // Not cleared: a parallel request of this browser may just have set fresh cookies.
  if (!access.isValid) return null;
  // Read only together with the session the token names: a session ended anywhere (a logout on
  // another instance or through the API, a new password, a block) ends this one at once.
  const userId = Number(access.payload.userId);
  const user = await findOneWithParents(strapi, 'plugin::users-permissions.user', { id: userId }, [], liveSession(APPLICANT_ORIGIN, userId, access.payload.sessionId));
  if (!user || user.blocked) {
    clearTokens(ctx);
    return null;
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
