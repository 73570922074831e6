import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import { WorkflowDefinitionError, validateWorkflow } from '../domain/workflow';

/**
 * A workflow definition is validated whenever it is saved, from any path. An active definition
 * that applications have pinned is frozen: a change is a new version.
 */
export function registerWorkflowDefinitionGuard(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const { uid, action } = context as { uid: string; action: string };
    if (uid !== 'api::workflow.workflow' || !['create', 'update'].includes(action)) return next();
    const data = (context as any).params?.data ?? {};
    if (action === 'update') {
      const current = await strapi.db.query('api::workflow.workflow').findOne({ where: { documentId: (context as any).params.documentId } });
      if (current) {
        const pinned = await strapi.db.query('api::application.application').count({ where: { workflowKey: current.key, workflowVersion: current.version } });
        if (pinned > 0 && ('definition' in data || 'key' in data || 'version' in data)) {
          throw new errors.PolicyError(`流程「${current.key}」第${current.version}版已被申报使用，不能修改；请新建一个版本`);
        }
      }
    }
    if ('definition' in data) {
      try {
        validateWorkflow({ ...data.definition, key: data.key ?? data.definition?.key, version: data.version ?? data.definition?.version });
      } catch (error) {
        if (error instanceof WorkflowDefinitionError) {
          throw new errors.ValidationError(error.message, { errors: error.problems.map((p) => ({ path: ['definition', ...p.path.split('.')], message: p.message })) });
        }
        throw error;
      }
    }
    return next();
  });
}
