'use strict';

const { createIndexes, namesOf } = require('../lib/indexes');

/**
 * Strapi's session store is read by session id on every request (its own unique index). Ending
 * an account's sessions (a new password, a block, a logout's whole chain: src/auth/sessions.ts)
 * finds them by user and origin, which Strapi does not index. Idempotent (post-sync).
 */
const INDEXES = [['strapi_sessions', 'strapi_sessions_user_origin_idx', ['user_id', 'origin']]];

module.exports = {
  indexNames: namesOf(INDEXES),

  async up(knex) {
    await createIndexes(knex, INDEXES);
  },
};
