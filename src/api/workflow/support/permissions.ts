import type { Core } from '@strapi/strapi';
import type { WorkflowDefinition } from '../../../domain/workflow';

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
  const seen = new Set<string>();
  const fresh = staffActions(definitions).filter(({ definition, stage, action }) => {
    const id = transitionPermission(definition.key, stage.key, action.key);
    if (seen.has(id) || provider.has(id)) return false;
    seen.add(id);
    return true;
  });
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
