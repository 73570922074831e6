'use strict';

/**
 * CREATE [UNIQUE] INDEX IF NOT EXISTS for each [table, name, columns]: idempotent, as every
 * post-sync migration must be (src/database/post-sync.ts). Kept outside database/migrations,
 * whose every file is run as a migration.
 */
async function createIndexes(knex, indexes, { unique = false } = {}) {
  for (const [table, name, columns] of indexes) {
    const cols = columns.map((column) => `"${column}"`).join(', ');
    await knex.raw(`CREATE ${unique ? 'UNIQUE INDEX' : 'INDEX'} IF NOT EXISTS "${name}" ON "${table}" (${cols})`);
  }
}

const namesOf = (...lists) => lists.flat().map(([, name]) => name);

module.exports = { createIndexes, namesOf };
