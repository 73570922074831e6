'use strict';

const { createIndexes, namesOf } = require('../lib/indexes');

/**
 * Issue 9's tables: every login looks up the account's recent failures, every keyed write its
 * key, and the daily jobs remove the old ones. Idempotent (post-sync).
 */
const UNIQUE_INDEXES = [
  // a key answers once per caller; a concurrent second use fails on this and replays the first
  ['idempotency_keys', 'idempotency_keys_scope_key_uq', ['scope', 'key']],
];

const INDEXES = [
  ['login_failures', 'login_failures_account_idx', ['realm', 'account', 'failed_at']],
  ['login_failures', 'login_failures_failed_at_idx', ['failed_at']],
  ['idempotency_keys', 'idempotency_keys_created_idx', ['created_at']],
];

module.exports = {
  indexNames: namesOf(UNIQUE_INDEXES, INDEXES),

  async up(knex) {
    await createIndexes(knex, UNIQUE_INDEXES, { unique: true });
    await createIndexes(knex, INDEXES);
  },
};
