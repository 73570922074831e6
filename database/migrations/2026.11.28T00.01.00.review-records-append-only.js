'use strict';

/**
 * The third layer that keeps review records append-only, under the document-service guard and
 * the query-engine lifecycle: the database itself refuses UPDATE and DELETE on the records and on
 * the link rows that tie them to their applications. Idempotent, as every post-sync migration.
 */
const MESSAGE = 'review records are append-only (审核记录不可修改或删除)';
const TABLES = ['review_records', 'review_records_application_lnk'];

async function postgres(knex) {
  await knex.raw(`CREATE OR REPLACE FUNCTION shenbao_refuse_review_record_change() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '${MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END; $$ LANGUAGE plpgsql`);
  for (const table of TABLES) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_append_only ON "${table}"`);
    await knex.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}"
      FOR EACH ROW EXECUTE FUNCTION shenbao_refuse_review_record_change()`);
  }
}

async function sqlite(knex) {
  for (const table of TABLES) {
    for (const event of ['UPDATE', 'DELETE']) {
      await knex.raw(`CREATE TRIGGER IF NOT EXISTS ${table}_no_${event.toLowerCase()} BEFORE ${event} ON "${table}"
        BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END`);
    }
  }
}

module.exports = {
  async up(knex, { client }) {
    if (client === 'postgres') await postgres(knex);
    else if (client === 'sqlite') await sqlite(knex);
  },
};
