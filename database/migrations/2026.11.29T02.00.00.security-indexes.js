'use strict';

const { createIndexes, namesOf } = require('../lib/indexes');

/**
 * Issue 9's tables: every login looks up the account's recent failures, and the daily job
 * removes the old ones. Idempotent (post-sync).
 */
const INDEXES = [
  ['login_failures', 'login_failures_account_idx', ['realm', 'account', 'failed_at']],
  ['login_failures', 'login_failures_failed_at_idx', ['failed_at']],
];

module.exports = {
  indexNames: namesOf(INDEXES),

  async up(knex) {
    await createIndexes(knex, INDEXES);
  },
};
