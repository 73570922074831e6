import type { Core } from '@strapi/strapi';
import { ensureApplicantPermissions } from './api/application/support/applicant-permissions';
import { registerReviewDeskRoutes } from './api/application/support/review-desk';
import { applyAdminLabels } from './api/consultation-feedback/support/admin-labels';
import { registerFeedbackExportRoute } from './api/consultation-feedback/support/admin-routes';
import { registerCreditImportRoute } from './api/credit-record/support/admin-routes';
import { grantTransitionPermissions, registerTransitionActions } from './api/workflow/support/permissions';
import { runPostSyncMigrations } from './database/post-sync';
import { registerGuards } from './guards';
import { invalidatePortalCacheOnWrite } from './portal/routes';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // Stored as JSON; the admin panel edits it with the visual builder (src/admin/components/FormBuilder.tsx).
    strapi.customFields.register({ name: 'form-definition', type: 'json' });
    strapi.hook('strapi::content-types.afterSync').register(() => runPostSyncMigrations(strapi));
    registerGuards(strapi);
    invalidatePortalCacheOnWrite(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    const workflows = strapi.service('api::workflow.workflow') as any;
    await workflows.ensureBuiltIns();
    const definitions = await workflows.allStored();
    await registerTransitionActions(strapi, definitions);
    await grantTransitionPermissions(strapi, definitions);
    await ensureApplicantPermissions(strapi);
    registerReviewDeskRoutes(strapi);
    registerCreditImportRoute(strapi);
    registerFeedbackExportRoute(strapi);
    await applyAdminLabels(strapi);
  },
};
