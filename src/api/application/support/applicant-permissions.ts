import type { Core } from '@strapi/strapi';

/**
 * What a logged-in portal user (users-permissions "authenticated") may call. The controllers
 * scope every call to the user's own organisation; this only opens the routes.
 */
const APPLICANT_ACTIONS = ['find', 'findOne', 'create', 'update', 'submit', 'withdraw', 'resubmit', 'completion', 'upload', 'removeFile', 'download'].map(
  (action) => `api::application.application.${action}`,
);

export async function ensureApplicantPermissions(strapi: Core.Strapi) {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  if (!role) return;
  const existing = await strapi.db.query('plugin::users-permissions.permission').findMany({ where: { role: { id: role.id }, action: { $in: APPLICANT_ACTIONS } } });
  const have = new Set(existing.map((p: { action: string }) => p.action));
  for (const action of APPLICANT_ACTIONS.filter((a) => !have.has(a))) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
}
