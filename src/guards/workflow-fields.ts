import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import { inApplicantEdit, inTransitionService } from './write-context';

const APPLICATION = 'api::application.application';
const REVIEW_RECORD = 'api::review-record.review-record';
const ASSIGNMENT = 'api::assignment.assignment';
const PARTY_DECISION = 'api::party-decision.party-decision';
const PUBLICITY = 'api::publicity.publicity';
const FILE_ACCESS = 'api::file-access.file-access';
/** The document service's actions that write. */
const WRITES = ['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone'];
/** What a 公示 published: frozen at publication (the closing job moves `phase` through the query engine). */
const PUBLISHED_FIELDS = ['kind', 'workingDays', 'startsAt', 'endsAt', 'snapshot'];
const PUBLISHED_RELATIONS = ['applications', 'program'];

/** A relation value that would change something: a direct assignment, a `set` (even to nothing), or a non-empty connect or disconnect. */
const changesRelation = (value: unknown) =>
  value !== undefined &&
  (typeof value !== 'object' || value === null || Array.isArray(value) || 'set' in value || ['connect', 'disconnect'].some((k) => ((value as any)[k] ?? []).length > 0));

/**
 * Fields that only the transition service may set: the state and everything the approval chain
 * decides or pins. `districtCode`, `programKey`, `organization` and the other ownership fields
 * are set by the application service at creation and never change afterwards.
 */
export const WORKFLOW_OWNED_FIELDS = [
  'state',
  'version',
  'stateChangedAt',
  'submittedAt',
  'serialNo',
  'formVersion',
  'formHash',
  'workflowKey',
  'workflowVersion',
  'returnedFromState',
  'returnFlaggedFields',
  'recognisedBaseFen',
  'awardFen',
  'awardTrace',
  'assignments',
  'eligibility',
] as const;

export const OWNERSHIP_FIELDS = [
  'organization',
  'program',
  'district',
  'districtCode',
  'programKey',
  'taskSpecDocumentId',
  // denormalised from the organisation at draft creation, for the review inbox's search
  'organizationName',
  'organizationUscc',
] as const;

/** The states in which the applicant's content may still change: a draft, and a returned application being corrected. */
const EDITABLE_STATES = ['draft', 'returned'];

/** What a field holds when an application is created: the only value a create may carry. */
const CREATE_DEFAULTS: Record<string, unknown> = { state: 'draft', version: 0 };

const LABELS: Record<string, string> = {
  state: '状态',
  version: '版本号',
  awardFen: '奖补金额',
  recognisedBaseFen: '认定金额',
  awardTrace: '奖补计算过程',
  assignments: '分配的机构和专家',
  organization: '申报单位',
  districtCode: '所属区',
  organizationName: '申报单位名称',
  organizationUscc: '统一社会信用代码',
};

/** Equal as stored: big integers come back as strings, so primitives compare by their text. */
const same = (a: unknown, b: unknown) => {
  if (a !== null && typeof a === 'object') return JSON.stringify(a) === JSON.stringify(b ?? null);
  if (b !== null && typeof b === 'object') return false;
  return String(a ?? '') === String(b ?? '');
};

const forbidden = (field: string) =>
  new errors.PolicyError(`字段「${LABELS[field] ?? field}」只能由审批流程修改`, { field });

/**
 * Refusals are PolicyErrors: Strapi turns any other ForbiddenError thrown behind its authorize
 * step into a bare "Forbidden", and the person needs to know which field was refused.
 *
 * Document-service middleware: the rules hold for every path that goes through the document
 * service, which is REST, the Content Manager (super admin included) and our own services.
 */
export function registerWorkflowGuards(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const { uid, action } = context as { uid: string; action: string };
    if (uid === ASSIGNMENT) {
      if (inTransitionService()) return next();
      if (['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone'].includes(action)) {
        throw new errors.PolicyError('项目分配只能通过审批流程的“分配”操作写入');
      }
      return next();
    }
    // A decision record is evidence that approvals point to: kept as recorded.
    if (uid === PARTY_DECISION && ['update', 'delete', 'publish', 'unpublish', 'discardDraft'].includes(action)) {
      throw new errors.PolicyError('党组集体研究决定登记后不可修改或删除');
    }
    if (uid === PUBLICITY && (action === 'delete' || action === 'update')) {
      if (action === 'delete') throw new errors.PolicyError('公示发布后不可删除');
      const data = (context as any).params?.data ?? {};
      const current = await strapi.db.query(PUBLICITY).findOne({ where: { documentId: (context as any).params?.documentId } });
      // Instants compare by their time (the database hands them back in its own form).
      const equal = (field: string) => (field.endsWith('At') ? new Date(data[field]).getTime() === new Date(current[field]).getTime() : same(data[field], current[field]));
      const changed = current ? PUBLISHED_FIELDS.find((field) => field in data && !equal(field)) : undefined;
      const relation = PUBLISHED_RELATIONS.find((field) => changesRelation(data[field]));
      if (changed || relation) throw new errors.PolicyError(`公示发布后其内容不可修改（${changed ?? relation}）`, { field: changed ?? relation });
    }
    if (uid === FILE_ACCESS && WRITES.includes(action)) throw new errors.PolicyError('附件查阅记录由系统写入，不可新增、修改或删除');
    if (uid === REVIEW_RECORD) {
      if (action === 'create' && inTransitionService()) return next();
      if (WRITES.includes(action)) {
        throw new errors.PolicyError('审核记录只能由审批流程写入，写入后不可修改或删除');
      }
      return next();
    }
    if (uid !== APPLICATION || inTransitionService()) return next();

    const params = (context as any).params ?? {};
    const data = params.data ?? {};
    if (action === 'create') {
      for (const field of WORKFLOW_OWNED_FIELDS) {
        if (field in data && !same(data[field], CREATE_DEFAULTS[field] ?? null)) throw forbidden(field);
      }
    }
    if (action === 'update' || action === 'delete' || action === 'clone') {
      const current = params.documentId
        ? await strapi.db.query(APPLICATION).findOne({ where: { documentId: params.documentId }, populate: ['organization', 'program', 'district'] })
        : null;
      if (current && action === 'delete' && current.state !== 'draft') {
        throw new errors.PolicyError(current.state === 'withdrawn' ? '已撤回的申报不能删除' : '已提交的申报不能删除');
      }
      if (current && action === 'clone') throw new errors.PolicyError('申报不能复制');
      if (current && action === 'update') {
        for (const field of WORKFLOW_OWNED_FIELDS) {
          if (field in data && !same(data[field], current[field])) throw forbidden(field);
        }
        for (const field of OWNERSHIP_FIELDS) {
          if (field in data && !sameRelation(data[field], current[field])) throw forbidden(field);
        }
        // What was submitted is under review: only the applicant's correction of a returned one
        // changes it, within the flagged fields (the application and attachment services check
        // them), never an edit in the Content Manager, the super admin's included.
        const field = Object.keys(data)[0];
        const named = field ? `（字段「${LABELS[field] ?? field}」）` : '';
        if (!EDITABLE_STATES.includes(current.state)) throw new errors.PolicyError(`已提交的申报不能修改${named}`, { field });
        if (current.state === 'returned' && !inApplicantEdit()) {
          throw new errors.PolicyError(`退回补正中的申报只能由申报单位修改被指出的内容${named}`, { field });
        }
      }
    }
    return next();
  });
}

/** A relation arrives as a documentId, an id, an object, or a connect/set instruction. */
function sameRelation(incoming: unknown, current: any): boolean {
  if (current === null || typeof current !== 'object') return same(incoming, current);
  const ids = new Set([current.id, current.documentId].filter(Boolean).map(String));
  const values: unknown[] = [];
  const collect = (value: any) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object') {
      if ('connect' in value || 'set' in value || 'disconnect' in value) {
        if ((value.disconnect ?? []).length) values.push('__disconnect__');
        collect(value.connect);
        collect(value.set);
      } else collect(value.documentId ?? value.id);
    } else values.push(value);
  };
  collect(incoming);
  return values.every((value) => ids.has(String(value)));
}
