import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import { FormDefinitionError, FrozenForm, formHashOf, hasForm, validateFormDefinition } from '../domain/forms';

/**
 * A call's form definition is validated whenever it is saved, and frozen once applications have
 * been submitted against it: the change becomes a new version, and the old one moves to the
 * call's form history, where the pinned applications still find it.
 */
export function registerFormVersionGuard(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const { uid, action } = context as { uid: string; action: string };
    if (uid !== 'api::task-spec.task-spec' || !['create', 'update'].includes(action)) return next();
    const params = (context as any).params ?? {};
    const data = params.data ?? {};
    if (!('formDefinition' in data)) {
      // The version and the history follow the definition; nobody sets them by hand.
      if (params.data) {
        delete params.data.formVersion;
        delete params.data.formHistory;
      }
      return next();
    }
    if (hasForm(data.formDefinition)) {
      try {
        validateFormDefinition(data.formDefinition);
      } catch (error) {
        if (!(error instanceof FormDefinitionError)) throw error;
        throw new errors.ValidationError(error.message, { errors: error.problems.map((p) => ({ path: ['formDefinition', ...p.path.split('.')], message: p.message })) });
      }
    }
    if (action === 'update' && params.documentId) {
      const current = await strapi.db.query('api::task-spec.task-spec').findOne({ where: { documentId: params.documentId, publishedAt: null } });
      const version = current?.formVersion ?? 1;
      const changed = current && formHashOf(current.formDefinition) !== formHashOf(data.formDefinition);
      const pinned = changed
        ? await strapi.db.query('api::application.application').count({ where: { taskSpecDocumentId: params.documentId, formVersion: version, submittedAt: { $notNull: true } } })
        : 0;
      if (pinned > 0) {
        const frozen: FrozenForm = { version, hash: formHashOf(current.formDefinition), definition: current.formDefinition, frozenAt: new Date().toISOString() };
        params.data = { ...data, formVersion: version + 1, formHistory: [...(Array.isArray(current.formHistory) ? current.formHistory : []), frozen] };
      } else {
        params.data = { ...data, formVersion: version, formHistory: current?.formHistory ?? [] };
      }
    }
    return next();
  });
}
