import type { Core } from '@strapi/strapi';
import type { WorkflowDefinition, WorkflowRole } from '../../../domain/workflow';
import { STAFF_ROLES } from '../../reviewer-profile/support/staff-roles';

/**
 * One admin permission action per stage action of every stored workflow, so that the role
 * editor shows them and a role can be granted or denied each step. Strapi only accepts new
 * actions during bootstrap: a workflow added later gets its actions at the next start.
 */
const slug = (text: string) => text.replace(/_/g, '-');

export const transitionActionUid = (workflowKey: string, stage: string, action: string) =>
  `transition.${slug(workflowKey)}.${slug(stage)}.${slug(action)}`;

export const transitionPermission = (workflowKey: string, stage: string, action: string) =>
  `api::${transitionActionUid(workflowKey, stage, action)}`;

const staffActions = (definitions: WorkflowDefinition[]) =>
  definitions.flatMap((definition) =>
    definition.stages.flatMap((stage) =>
      stage.actions
        .filter((action) => action.role !== 'applicant' && action.role !== 'system')
        .map((action) => ({ definition, stage, action })),
    ),
  );

export async function registerTransitionActions(strapi: Core.Strapi, definitions: WorkflowDefinition[]) {
  const provider = strapi.service('admin::permission').actionProvider;
  const fresh = staffActions(definitions).filter(
    ({ definition, stage, action }) => !provider.has(transitionPermission(definition.key, stage.key, action.key)),
  );
  await provider.registerMany(
    fresh.map(({ definition, stage, action }) => ({
      uid: transitionActionUid(definition.key, stage.key, action.key),
      section: 'settings',
      category: '申报审批',
      subCategory: definition.name,
      displayName: `${stage.label}：${action.label}`,
    })),
  );
}

/** Grants each staff role the stage actions of its workflow role, adding only what is missing. */
export async function grantTransitionPermissions(strapi: Core.Strapi, definitions: WorkflowDefinition[]) {
  for (const staffRole of STAFF_ROLES) {
    const role = await strapi.db.query('admin::role').findOne({ where: { code: staffRole.code } });
    if (!role) continue;
    const granted = await strapi.db.query('admin::permission').findMany({ where: { role: { id: role.id }, action: { $startsWith: 'api::transition.' } } });
    const have = new Set(granted.map((p: { action: string }) => p.action));
    const missing = staffActions(definitions)
      .filter(({ action }) => action.role === (staffRole.role as WorkflowRole))
      .map(({ definition, stage, action }) => transitionPermission(definition.key, stage.key, action.key))
      .filter((action) => !have.has(action));
    if (missing.length) {
      await strapi.service('admin::role').addPermissions(role.id, [...new Set(missing)].map((action) => ({ action })));
    }
  }
}
