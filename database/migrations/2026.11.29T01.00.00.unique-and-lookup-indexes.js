'use strict';

const { createIndexes, namesOf } = require('../lib/indexes');

/**
 * Found by the benchmark (docs/performance.md). Strapi checks a `unique` attribute by querying
 * for the value before each write, and without an index that query reads the whole table: every
 * review record's hash, every notification's dedupe key, on every transition. These indexes make
 * those checks a lookup, and the unique ones make the database itself the last word. The types
 * are all without draft and publish, so each value has one row. Idempotent (post-sync).
 */
const UNIQUE_INDEXES = [
  ['review_records', 'review_records_hash_uq', ['hash']],
  ['notifications', 'notifications_dedupe_key_uq', ['dedupe_key']],
  ['applications', 'applications_serial_no_uq', ['serial_no']],
  ['attachments', 'attachments_storage_key_uq', ['storage_key']],
  ['party_decisions', 'party_decisions_minute_no_uq', ['minute_no']],
];

const INDEXES = [
  ['organizations', 'organizations_uscc_idx', ['uscc']],
  // the outbox job reads what is due; the claim updates by document id
  ['notifications', 'notifications_delivery_due_idx', ['delivery', 'next_attempt_at']],
];

module.exports = {
  indexNames: namesOf(UNIQUE_INDEXES, INDEXES),

  async up(knex) {
    await createIndexes(knex, UNIQUE_INDEXES, { unique: true });
    await createIndexes(knex, INDEXES);
  },
};
