import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import { SYSTEM_ACTOR, staffActor } from '../api/application/support/actors';
import { newReceiptNo, recordLodged } from '../api/objection/services/objection';
import { inObjectionService } from './write-context';
import { lockRow } from '../database/row-lock';

const OBJECTION = 'api::objection.objection';
/** What only the ruling decides (src/api/objection/services/objection.ts, through the query engine). */
const RULING_FIELDS = ['resolution', 'finding', 'reply', 'decidedAt', 'decidedBy', 'lookupKeyHash'];

/**
 * Every act on an objection is in its application's chain (issue 20). Through the document
 * service, which is the Content Manager (super admin included) and our own code:
 * - an objection, once lodged, is neither changed nor deleted: its ruling is made at the desk, and
 *   what the objector said stays what the chain's hash of it says;
 * - an objection created anywhere but the portal's lodging (the objection service), such as a
 *   paper objection a staff member registers in the Content Manager, starts open and gets the
 *   record of its filing, naming who registered it, in the same transaction.
 */
export function registerObjectionGuard(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const { uid, action } = context as { uid: string; action: string };
    if (uid !== OBJECTION) return next();
    if (['update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft'].includes(action)) {
      throw new errors.PolicyError('公示异议提交后不能修改或删除；核查结论请在审核工作台作出');
    }
    if (action !== 'create' || inObjectionService()) return next();
    const data = ((context as any).params.data ??= {});
    const decided = RULING_FIELDS.find((field) => data[field] !== undefined && data[field] !== null && !(field === 'resolution' && data[field] === 'open'));
    if (decided) throw new errors.PolicyError(`登记公示异议时不能填写「${decided}」：核查结论请在审核工作台作出`, { field: decided });
    data.receiptNo = newReceiptNo(new Date());
    data.lodgedAt ??= new Date().toISOString();
    return strapi.db.transaction(async () => {
      // The application's row before the objection's link takes a share of it (see the objection service's lodge).
      const target = relationTarget(data.application);
      if (target) await lockRow(strapi, 'applications', target);
      const created: any = await next();
      const row = await strapi.db.query(OBJECTION).findOne({ where: { id: created.id }, populate: { application: { select: ['documentId'] }, publicity: { select: ['documentId'] } } });
      if (row?.application) {
        // Registered by a staff member in the admin panel, or by code (the seed, a script): the system.
        const state = (strapi.requestContext.get() as any)?.state;
        const actor = state?.auth?.strategy?.name === 'admin' && state.user ? await staffActor(strapi, state.user) : SYSTEM_ACTOR;
        await recordLodged(strapi, { documentId: row.documentId, receiptNo: row.receiptNo, reason: row.reason, publicity: row.publicity?.documentId ?? null, application: row.application.documentId }, actor, []);
      }
      return created;
    });
  });
}

/** The row a relation value names: a documentId, an id, an object, or the first of a connect or set. */
function relationTarget(value: any): { document_id: string } | { id: number } | null {
  const one = Array.isArray(value) ? value[0] : value && typeof value === 'object' && ('connect' in value || 'set' in value) ? (value.connect ?? value.set)?.[0] : value;
  if (typeof one === 'string') return { document_id: one };
  if (typeof one === 'number') return { id: one };
  if (one && typeof one === 'object') return one.documentId ? { document_id: String(one.documentId) } : typeof one.id === 'number' ? { id: one.id } : null;
  return null;
}
