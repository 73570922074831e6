'use strict';

const { createIndexes, namesOf } = require('../lib/indexes');

/**
 * The approval desk (review inbox, RBAC conditions, exports): indexes on the columns its queries
 * filter and sort on, and the backfill of the organisation name/USCC denormalised onto
 * applications. Idempotent: runs after every schema sync (src/database/post-sync.ts).
 */
const INDEXES = [
  ['applications', 'applications_org_name_idx', ['organization_name']],
  ['applications', 'applications_org_uscc_idx', ['organization_uscc']],
  ['applications', 'applications_state_changed_idx', ['state_changed_at']],
  ['applications', 'applications_program_changed_idx', ['program_key', 'state_changed_at']],
  ['assignments', 'assignments_user_idx', ['admin_user_id', 'role', 'application_row_id']],
  ['assignments', 'assignments_institution_idx', ['institution', 'role', 'application_row_id']],
  ['assignments', 'assignments_application_idx', ['application_row_id']],
  ['disbursements', 'disbursements_kind_year_idx', ['kind', 'budget_year']],
];

module.exports = {
  indexNames: namesOf(INDEXES),

  async up(knex) {
    await createIndexes(knex, INDEXES);
    // Applications created before the columns existed take them from their organisation.
    await knex.raw(`
      UPDATE "applications" SET
        "organization_name" = (SELECT o."name" FROM "organizations" o JOIN "applications_organization_lnk" l ON l."organization_id" = o."id" WHERE l."application_id" = "applications"."id"),
        "organization_uscc" = (SELECT o."uscc" FROM "organizations" o JOIN "applications_organization_lnk" l ON l."organization_id" = o."id" WHERE l."application_id" = "applications"."id")
      WHERE "organization_name" IS NULL`);
  },
};
