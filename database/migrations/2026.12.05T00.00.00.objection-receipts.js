'use strict';

const { createIndexes, namesOf } = require('../lib/indexes');

/**
 * Issue 20: an objection has a receipt number that its objector looks it up by, unique. Objections
 * lodged before have none (NULL, which a unique index allows any number of). Idempotent (post-sync).
 */
const UNIQUE_INDEXES = [['objections', 'objections_receipt_no_uq', ['receipt_no']]];

module.exports = {
  indexNames: namesOf(UNIQUE_INDEXES, []),

  async up(knex) {
    await createIndexes(knex, UNIQUE_INDEXES, { unique: true });
  },
};
