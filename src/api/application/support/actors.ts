import type { Core } from '@strapi/strapi';
import type { Actor } from '../../../domain/workflow';

/** Who is acting, in the engine's terms, from an authenticated admin user or portal user. */
export async function staffActor(strapi: Core.Strapi, user: { id: number; firstname?: string; lastname?: string }): Promise<Actor> {
  const profile = await strapi.db
    .query('api::reviewer-profile.reviewer-profile')
    .findOne({ where: { adminUser: { id: user.id }, active: true }, populate: ['district'] });
  return actorOf(user, profile);
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
  const organization = await strapi.db.query('api::organization.organization').findOne({ where: { users: { id: user.id } } });
  return { kind: 'applicant', id: String(user.id), name: user.username ?? null, role: 'applicant', organizationId: organization?.documentId ?? null };
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', name: '系统', role: 'system' };
