import type { Core } from '@strapi/strapi';
import type { WorkflowDefinition, WorkflowRole } from '../../../domain/workflow';
import { assignedApplicationIds } from '../../application/support/scope';
import { staffActor } from '../../application/support/actors';
import { transitionPermission } from '../../workflow/support/permissions';
import { STAFF_ROLES, StaffRoleDefinition } from './staff-roles';

/**
 * The staff roles as admin roles, brought to exactly their defined permissions at every boot, and
 * the RBAC conditions that scope the Content Manager to a reviewer's district or assignments.
 */
const CONTENT_MANAGER = 'plugin::content-manager.explorer';
const MANAGE_ACTIONS = ['create', 'read', 'update', 'delete', 'publish'].map((a) => `${CONTENT_MANAGER}.${a}`);

export const OWN_DISTRICT = 'api::shenbao-own-district';
export const ASSIGNED = 'api::shenbao-assigned';
export const OWN_DISTRICT_RECORDS = 'api::shenbao-own-district-records';
export const ASSIGNED_RECORDS = 'api::shenbao-assigned-records';
export const OWN_DISTRICT_ORGANIZATIONS = 'api::shenbao-own-district-organizations';

/** Matches nothing: a profile without a district or assignment sees no record. */
const NOTHING = { id: { $in: [-1] } };

/**
 * Conditions are answered per request, when Strapi builds the admin user's ability: the query
 * they return is applied to the Content Manager's list (as a database filter) and to each
 * document it reads (sift), so a direct URL to another district's application answers 403.
 * A condition on a relation is a dotted path, as Strapi's own 「Is creator」 is: the database
 * filter reads it as the relation, and sift as a path into the populated document, where a
 * nested object would have to equal the whole relation and refused every record.
 */
export async function registerStaffConditions(strapi: Core.Strapi) {
  const districtOf = async (user: any) => (await staffActor(strapi, user)).districtCode ?? null;
  const assignedTo = async (user: any) => assignedApplicationIds(strapi, await staffActor(strapi, user));
  await strapi.service('admin::permission').conditionProvider.registerMany([
    {
      displayName: '仅本区的申报（区数据部门）',
      name: 'shenbao-own-district',
      category: '申报审批',
      handler: async (user: any) => {
        const code = await districtOf(user);
        return code ? { districtCode: code } : NOTHING;
      },
    },
    {
      displayName: '仅分配给我的申报（第三方机构、评审专家）',
      name: 'shenbao-assigned',
      category: '申报审批',
      handler: async (user: any) => {
        const ids = await assignedTo(user);
        return ids.length ? { id: { $in: ids } } : NOTHING;
      },
    },
    {
      displayName: '仅本区申报的审核记录',
      name: 'shenbao-own-district-records',
      category: '申报审批',
      handler: async (user: any) => {
        const code = await districtOf(user);
        return code ? { 'application.districtCode': code } : NOTHING;
      },
    },
    {
      displayName: '仅分配给我的申报的审核记录',
      name: 'shenbao-assigned-records',
      category: '申报审批',
      handler: async (user: any) => {
        const ids = await assignedTo(user);
        return ids.length ? { 'application.id': { $in: ids } } : NOTHING;
      },
    },
    {
      // An organisation's district is the one its applications are filed in (application.ts takes
      // districtCode from it), so this is the organisations of the applications the reviewer sees.
      displayName: '仅本区的申报单位',
      name: 'shenbao-own-district-organizations',
      category: '申报审批',
      handler: async (user: any) => {
        const code = await districtOf(user);
        return code ? { 'district.code': code } : NOTHING;
      },
    },
  ]);
}

interface Permission {
  action: string;
  subject?: string | null;
  properties?: { fields?: string[] } & Record<string, unknown>;
  conditions?: string[];
}

/** The Content Manager read scope of each staff role (the city reviewer, editor and finance read all). */
const CONDITIONS: Partial<Record<string, Record<string, string[]>>> = {
  district_reviewer: {
    'api::application.application': [OWN_DISTRICT],
    'api::review-record.review-record': [OWN_DISTRICT_RECORDS],
    'api::organization.organization': [OWN_DISTRICT_ORGANIZATIONS],
  },
  institution: { 'api::application.application': [ASSIGNED], 'api::review-record.review-record': [ASSIGNED_RECORDS] },
  expert: { 'api::application.application': [ASSIGNED], 'api::review-record.review-record': [ASSIGNED_RECORDS] },
};

/** The complete permission set of a staff role: Content Manager, uploads, and its stage actions. */
export function permissionsFor(strapi: Core.Strapi, role: StaffRoleDefinition, definitions: WorkflowDefinition[]): Permission[] {
  const actions = strapi
    .service('admin::permission')
    .actionProvider.values()
    .filter((action: { section: string }) => action.section === 'contentTypes');
  const all: Permission[] = (strapi.service('admin::content-type') as any).getPermissionsWithNestedFields(actions);
  const allowed = (permission: Permission) =>
    (role.manages.includes(permission.subject!) && MANAGE_ACTIONS.includes(permission.action)) ||
    (role.reads.includes(permission.subject!) && permission.action === `${CONTENT_MANAGER}.read`);
  const contentManager = all.filter(allowed).map((permission) => ({
    ...permission,
    conditions: permission.action === `${CONTENT_MANAGER}.read` ? (CONDITIONS[role.role]?.[permission.subject!] ?? []) : [],
  }));
  const uploads = role.manages.length
    ? ['read', 'assets.create', 'assets.update', 'assets.download', 'assets.copy-link'].map((a) => ({ action: `plugin::upload.${a}` }))
    : [];
  const stageActions = new Set<string>();
  for (const definition of definitions) {
    for (const stage of definition.stages) {
      for (const action of stage.actions) {
        if (action.role === (role.role as WorkflowRole)) stageActions.add(transitionPermission(definition.key, stage.key, action.key));
      }
    }
  }
  return [...contentManager, ...uploads, ...[...stageActions].map((action) => ({ action }))];
}

/** A permission as a comparable text: action, subject, fields and conditions, sorted. */
const keyOf = (p: Permission) =>
  JSON.stringify([p.action, p.subject ?? null, [...(p.properties?.fields ?? [])].sort(), [...(p.conditions ?? [])].sort()]);

/**
 * Creates the missing staff roles and brings each to exactly its defined permissions. Nothing is
 * written when a role already has them, so a second boot changes nothing. Returns the role ids.
 */
export async function syncStaffRoles(strapi: Core.Strapi, definitions: WorkflowDefinition[]) {
  const roleService = strapi.service('admin::role') as any;
  const ids: Record<string, number> = {};
  const created: string[] = [];
  const updated: string[] = [];
  for (const definition of STAFF_ROLES) {
    let role = await roleService.findOne({ code: definition.code });
    if (!role) {
      role = await roleService.create({ name: definition.name, code: definition.code, description: definition.description });
      created.push(definition.code);
    }
    ids[definition.code] = role.id;
    const wanted = permissionsFor(strapi, definition, definitions);
    const current: Permission[] = await strapi.db.query('admin::permission').findMany({ where: { role: { id: role.id } } });
    const have = new Set(current.map(keyOf));
    const want = new Set(wanted.map(keyOf));
    if (have.size !== want.size || current.length !== wanted.length || [...want].some((key) => !have.has(key))) {
      await roleService.assignPermissions(role.id, wanted);
      updated.push(definition.code);
    }
  }
  if (created.length || updated.length) strapi.log.info(`[shenbao] staff roles synced: created ${created.join(', ') || '-'}; permissions set for ${updated.join(', ') || '-'}`);
  return { ids, created, updated };
}
