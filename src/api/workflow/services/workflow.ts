import { createHash } from 'crypto';
import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { canonicalJson } from '../../../domain/ledger';
import { BUILT_IN_WORKFLOWS, WorkflowDefinition, validateWorkflow } from '../../../domain/workflow';
import { Kept } from '../../../database/kept';

const UID = 'api::workflow.workflow';

/**
 * The active version per key: every submission asks for it, and it changes a few times a year.
 * Any instance's workflow write forgets it (src/database/cache-bus.ts).
 */
const activeByKey = new Kept<WorkflowDefinition | null>([UID]);

export const checksumOf = (definition: WorkflowDefinition) => createHash('sha256').update(canonicalJson(definition)).digest('hex');

/**
 * The repository of workflow definitions. Definitions are stored as data, validated on the way
 * in (src/guards/workflow-definitions.ts) and again on the way out, and cached by key, version
 * and checksum: a pinned version never changes, so a cached one stays right.
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<string, WorkflowDefinition>();

  const cacheKeyOf = (row: any) => `${row.key}@${row.version}@${row.checksum ?? row.updatedAt}`;

  const toDefinition = (row: any): WorkflowDefinition => {
    const cacheKey = cacheKeyOf(row);
    let definition = cache.get(cacheKey);
    if (!definition) {
      definition = validateWorkflow({ ...row.definition, key: row.key, version: row.version, name: row.name });
      cache.set(cacheKey, definition);
    }
    return definition;
  };

  /**
   * A version found by its head (HEAD's columns): the definition, by far the largest column, is
   * read and validated only the first time this process meets the version. A submission looks
   * up the active version every time.
   */
  const HEAD = ['id', 'key', 'version', 'name', 'checksum', 'updatedAt'];
  const fromHead = async (head: any): Promise<WorkflowDefinition | null> =>
    head ? (cache.get(cacheKeyOf(head)) ?? toDefinition(await strapi.db.query(UID).findOne({ where: { id: head.id } }))) : null;

  return {
    /** Stores the built-in chains once; never overwrites a stored version. */
    async ensureBuiltIns() {
      for (const definition of BUILT_IN_WORKFLOWS) {
        const exists = await strapi.db.query(UID).findOne({ where: { key: definition.key, version: definition.version } });
        if (!exists) {
          await strapi.documents(UID).create({
            data: { key: definition.key, version: definition.version, name: definition.name, definition: definition as any, checksum: checksumOf(definition), lifecycle: 'active' },
          });
        }
      }
    },

    async load(key: string, version: number): Promise<WorkflowDefinition | null> {
      return fromHead(await strapi.db.query(UID).findOne({ where: { key, version }, select: HEAD }));
    },

    /** The newest active version of a workflow: what a new submission pins. */
    async active(key: string): Promise<WorkflowDefinition | null> {
      return activeByKey.get(key, async () =>
        fromHead(await strapi.db.query(UID).findOne({ where: { key, lifecycle: 'active' }, orderBy: { version: 'desc' }, select: HEAD })),
      );
    },

    async allStored(): Promise<WorkflowDefinition[]> {
      const rows = await strapi.db.query(UID).findMany({ where: { lifecycle: { $ne: 'draft' } } });
      return rows.flatMap((row) => {
        try {
          return [toDefinition(row)];
        } catch (error) {
          strapi.log.error(`[shenbao] workflow ${row.key}@${row.version} is invalid and was skipped: ${(error as Error).message}`);
          return [];
        }
      });
    },
  };
});
