import type { Core } from '@strapi/strapi';
import type { Actor } from '../../../domain/workflow';
import { findOneWithParents } from '../../../database/joined';
import { linkedTo } from '../../../database/links';

/**
 * One profile lookup per request and user: Strapi evaluates the permission conditions
 * (staff-rbac.ts) for each content type, and then the route asks for the same actor. Kept on the
 * request's context, so a changed profile counts from the next request.
 */
const perRequest = new WeakMap<object, Map<number, Promise<Actor>>>();

/** Who is acting, in the engine's terms, from an authenticated admin user or portal user. */
export function staffActor(strapi: Core.Strapi, user: { id: number; firstname?: string; lastname?: string }): Promise<Actor> {
  const request = strapi.requestContext.get() as object | undefined;
  const known = request ? perRequest.get(request) : undefined;
  const cached = known?.get(user.id);
  if (cached) return cached;
  const actor = findOneWithParents(strapi, 'api::reviewer-profile.reviewer-profile', { adminUser: user.id, active: true }, ['district']).then((profile) => actorOf(user, profile));
  if (request) {
    perRequest.set(request, (known ?? new Map()).set(user.id, actor));
    actor.catch(() => known?.delete(user.id));
  }
  return actor;
}

/** The actor of an admin user with its reviewer profile (district populated), or without one. */
export function actorOf(user: { id: number; firstname?: string; lastname?: string }, profile: any): Actor {
  return {
    kind: 'staff',
    id: String(user.id),
    name: profile?.displayName ?? [user.lastname, user.firstname].filter(Boolean).join(''),
    role: profile?.role ?? null,
    districtCode: profile?.district?.code ?? null,
    institution: profile?.institution ?? null,
    relatedUsccs: Array.isArray(profile?.relatedUsccs) ? profile.relatedUsccs : [],
  };
}

export async function applicantActor(strapi: Core.Strapi, user: { id: number; username?: string }): Promise<Actor> {
  // by the link table's user column (linkedTo), not a join through the users table
  const organization = await strapi.db.query('api::organization.organization').findOne({ where: linkedTo(strapi, 'api::organization.organization', 'users', user.id), select: ['documentId'] });
  return { kind: 'applicant', id: String(user.id), name: user.username ?? null, role: 'applicant', organizationId: organization?.documentId ?? null };
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', name: '系统', role: 'system' };
