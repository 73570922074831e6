import type { Core } from '@strapi/strapi';
import { ensureApplicantPermissions } from './api/application/support/applicant-permissions';
import { registerReviewDeskRoutes } from './api/application/support/review-desk';
import { registerExportRoutes } from './api/application/support/exports';
import { registerDashboardRoute } from './api/application/support/dashboard';
import { registerHomeRoute } from './api/application/support/home';
import { applyAdminLabels } from './api/consultation-feedback/support/admin-labels';
import { registerFeedbackExportRoute } from './api/consultation-feedback/support/admin-routes';
import { registerCreditImportRoute } from './api/credit-record/support/admin-routes';
import { registerCalendarRoutes } from './api/calendar-day/support/admin-routes';
import { recordProvenLegalForms } from './api/organization/support/proven-legal-forms';
import { registerTransitionActions } from './api/workflow/support/permissions';
import { registerStaffConditions, syncStaffRoles } from './api/reviewer-profile/support/staff-rbac';
import { BUILT_IN_WORKFLOWS } from './domain/workflow/definitions';
import { runPostSyncMigrations } from './database/post-sync';
import { startCacheBus, stopCacheBus } from './database/cache-bus';
import { keepAdminPermissions } from './auth/admin-permissions';
import { ADMIN_RULES, attachAccountRules } from './auth/account-routes';
import { registerSessionEnds } from './auth/sessions';
import { enableNamedStatements } from './database/prepared-statements';
import { registerGuards } from './guards';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // Stored as JSON; the admin panel edits it with the visual builder (src/admin/components/FormBuilder.tsx).
    strapi.customFields.register({ name: 'form-definition', type: 'json' });
    strapi.hook('strapi::content-types.afterSync').register(async () => {
      await runPostSyncMigrations(strapi);
      enableNamedStatements();
      // The stage actions must be known before the admin plugin's bootstrap cleans up permissions
      // of unknown actions, or every boot would delete and re-grant them.
      const stored = await (strapi.service('api::workflow.workflow') as any).allStored();
      const known = new Set(stored.map((d: { key: string; version: number }) => `${d.key}@${d.version}`));
      await registerTransitionActions(strapi, [...BUILT_IN_WORKFLOWS.filter((d) => !known.has(`${d.key}@${d.version}`)), ...stored]);
    });
    registerGuards(strapi);
    // Before the routes are built (in bootstrap): the admin's login and password routes get their rules.
    attachAccountRules((strapi as any).admin.routes.admin.routes, ADMIN_RULES);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // Every instance forgets what another's write makes stale (the caches register themselves).
    await startCacheBus(strapi);
    const workflows = strapi.service('api::workflow.workflow') as any;
    keepAdminPermissions(strapi);
    registerSessionEnds(strapi);
    await workflows.ensureBuiltIns();
    const definitions = await workflows.allStored();
    await registerTransitionActions(strapi, definitions);
    await registerStaffConditions(strapi);
    // Staff roles exist at every boot with exactly their defined permissions (stage actions included).
    await syncStaffRoles(strapi, definitions);
    await ensureApplicantPermissions(strapi);
    await recordProvenLegalForms(strapi);
    registerReviewDeskRoutes(strapi);
    registerExportRoutes(strapi);
    registerDashboardRoute(strapi);
    registerHomeRoute(strapi);
    registerCreditImportRoute(strapi);
    registerCalendarRoutes(strapi);
    registerFeedbackExportRoute(strapi);
    await applyAdminLabels(strapi);
  },

  async destroy() {
    await stopCacheBus();
  },
};
