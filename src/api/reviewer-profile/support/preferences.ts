import type { Core } from '@strapi/strapi';
import { RefusalError } from '../../application/support/errors';

/**
 * A staff member's own mail preference: the daily digest (每日待办邮件) can be switched off. It is
 * a field of the reviewer profile (digestOptOut), set from the desk by its owner: Strapi's admin
 * profile page takes no custom fields.
 */
const PROFILE = 'api::reviewer-profile.reviewer-profile';

async function ownProfile(strapi: Core.Strapi, userId: number) {
  const profile = await strapi.db.query(PROFILE).findOne({ where: { adminUser: { id: userId } }, select: ['id', 'digestOptOut'] });
  if (!profile) throw new RefusalError(404, 'no_profile', '您没有审核人员档案，不接收每日待办邮件');
  return profile;
}

export async function readPreferences(strapi: Core.Strapi, userId: number) {
  const profile = await ownProfile(strapi, userId);
  return { digest: profile.digestOptOut !== true };
}

export async function savePreferences(strapi: Core.Strapi, userId: number, body: unknown) {
  const digest = (body as { digest?: unknown } | null)?.digest;
  if (typeof digest !== 'boolean') throw new RefusalError(400, 'invalid_digest', '「接收每日待办邮件」须为“是”或“否”', 'digest');
  const profile = await ownProfile(strapi, userId);
  await strapi.db.query(PROFILE).update({ where: { id: profile.id }, data: { digestOptOut: !digest } });
  return { digest };
}
