'use strict';

const { createIndexes, namesOf } = require('../lib/indexes');

/**
 * Indexes for the queries the review inbox and the portal run. Applied after Strapi's schema
 * sync by src/database/post-sync.ts, on every boot, so each statement must be idempotent.
 *
 * Applications carry denormalised scalar columns (state, district_code, program_key,
 * task_spec_document_id) because Strapi 5 keeps every relation in a link table, and a composite
 * index cannot span a link table. "By organisation" goes through the link table, whose foreign-key
 * columns Strapi already indexes.
 */
const INDEXES = [
  ['applications', 'applications_state_idx', ['state', 'state_changed_at']],
  ['applications', 'applications_district_state_idx', ['district_code', 'state', 'state_changed_at']],
  ['applications', 'applications_program_state_idx', ['program_key', 'state']],
  ['applications', 'applications_task_spec_idx', ['task_spec_document_id', 'state']],
  ['applications_organization_lnk', 'applications_organization_lnk_org_idx', ['organization_id', 'application_id']],
  ['review_records_application_lnk', 'review_records_application_lnk_app_idx', ['application_id', 'review_record_id']],
  ['review_records', 'review_records_occurred_idx', ['occurred_at']],
  ['articles', 'articles_portal_idx', ['category', 'published_at', 'issued_at']],
  ['task_specs', 'task_specs_window_idx', ['published_at', 'closes_at', 'opens_at']],
  ['consultations', 'consultations_portal_idx', ['published_at', 'issued_at']],
  ['credit_records', 'credit_records_uscc_idx', ['uscc', 'expires_on']],
  ['calendar_days', 'calendar_days_year_idx', ['year']],
];

// A workflow definition is identified by its key and version; Strapi's schema cannot say so.
const UNIQUE_INDEXES = [
  ['workflows', 'workflows_key_version_uq', ['key', 'version']],
];

module.exports = {
  indexNames: namesOf(INDEXES, UNIQUE_INDEXES),

  async up(knex) {
    await createIndexes(knex, INDEXES);
    await createIndexes(knex, UNIQUE_INDEXES, { unique: true });
  },
};
