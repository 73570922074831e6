import type { Core } from '@strapi/strapi';
import type { Actor, WorkflowDefinition } from '../../../domain/workflow';
import { RefusalError } from '../support/errors';
import { transitionPermission } from '../../workflow/support/permissions';
import { stageLabels } from '../support/home';
import { cachedCounts } from '../support/inbox-counts';
import { loadCalendar, stageIndex, stagesActedOnBy, staffScope, waitingWorkingDays } from '../support/scope';

/**
 * The review inbox (审核工作台): each staff member's queue, the applications waiting at the stages
 * its role acts on, within its scope. Every filter and the sort are on indexed columns
 * (database/migrations), and paging happens in the database.
 */
const UID = 'api::application.application';
/** The actions the desk's bulk buttons take: 发起公示 and 拟定拨付计划. */
const BULK_ACTIONS = ['start_publicity', 'propose'];
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/i;
const INBOX_COLUMNS = ['id', 'documentId', 'serialNo', 'title', 'organizationName', 'organizationUscc', 'districtCode', 'programKey', 'taskSpecDocumentId', 'state', 'stateChangedAt', 'workflowKey', 'workflowVersion', 'version'];

export interface InboxQuery {
  stage?: string;
  call?: string;
  district?: string;
  program?: string;
  q?: string;
  sort?: string;
  page?: string | number;
  pageSize?: string | number;
}

const text = (value: unknown, field: string, max = 200) => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max) throw new RefusalError(400, 'invalid_query', `查询参数「${field}」格式不正确`, field);
  return value.trim();
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const definitions = async (): Promise<WorkflowDefinition[]> => (strapi.service('api::workflow.workflow') as any).allStored();

  /** The filters of the query other than the stage, as a where clause (null: nothing visible). */
  async function filtersFor(actor: Actor, query: InboxQuery) {
    const scope = await staffScope(strapi, actor);
    if (!scope) return null;
    const where: Record<string, unknown>[] = [scope];
    const call = text(query.call, 'call', 64);
    const district = text(query.district, 'district', 40);
    const program = text(query.program, 'program', 50);
    const q = text(query.q, 'q', 100);
    if (call) where.push({ taskSpecDocumentId: call });
    if (district) where.push({ districtCode: district });
    if (program) where.push({ programKey: program });
    if (q) {
      // A whole USCC is matched exactly, through its index. Otherwise any part of the
      // organisation's or the project's name (most names here begin with 武汉, so a prefix finds
      // little), or the start of a USCC: a scan of the rows the scope and filters leave.
      const anyPart = { $containsi: q };
      where.push(USCC.test(q) ? { organizationUscc: q.toUpperCase() } : { $or: [{ organizationName: anyPart }, { title: anyPart }, { organizationUscc: { $startsWith: q.toUpperCase() } }] });
    }
    return where;
  }

  /**
   * One page of the queue over several stages, in waiting order. Each stage is read on its own
   * index (state, state_changed_at) up to the end of the page and the heads are merged: a read of
   * `state IN (…)` sorted by time would sort every waiting application first, so its cost would
   * grow with the queue; this one costs the page times the stages, at any size.
   * "waiting" ascending: the shortest wait first; "-waiting": the longest first (the default).
   */
  async function pageOf(filters: Record<string, unknown>[], stages: string[], direction: 'asc' | 'desc', offset: number, limit: number) {
    const order = [{ stateChangedAt: direction }, { id: 'asc' as const }];
    const heads: Array<{ id: number; stateChangedAt: string | Date | null }> = [];
    for (const state of stages) {
      heads.push(...(await strapi.db.query(UID).findMany({ where: { $and: [...filters, { state }] }, select: ['id', 'stateChangedAt'], orderBy: order, limit: offset + limit })));
    }
    const time = (row: { stateChangedAt: string | Date | null }) => (row.stateChangedAt ? new Date(row.stateChangedAt).getTime() : 0);
    const ids = heads
      .sort((a, b) => (direction === 'asc' ? time(a) - time(b) : time(b) - time(a)) || a.id - b.id)
      .slice(offset, offset + limit)
      .map((row) => row.id);
    if (!ids.length) return [];
    const rows = await strapi.db.query(UID).findMany({ where: { id: { $in: ids } }, select: [...INBOX_COLUMNS] });
    const byId = new Map(rows.map((row: any) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  }

  /** The bulk actions (发起公示, 拟定拨付计划) each row offers the caller now, by row id. */
  async function bulkActionsOf(defs: WorkflowDefinition[], actor: Actor, ability: { can(action: string): boolean }, rows: any[]) {
    const ids = rows.map((row) => row.id);
    const open = ids.length
      ? await strapi.db.query('api::publicity.publicity').findMany({ where: { phase: { $ne: 'closed' }, applications: { id: { $in: ids } } }, populate: { applications: { select: ['id'] } } })
      : [];
    const started = new Set(open.flatMap((batch: any) => (batch.applications ?? []).map((a: any) => a.id)));
    const byRow = new Map<number, string[]>();
    for (const row of rows) {
      const definition = defs.find((d) => d.key === row.workflowKey && d.version === row.workflowVersion) ?? defs.find((d) => d.key === (row.workflowKey ?? row.programKey));
      const stage = definition?.stages.find((s) => s.key === row.state);
      const offered = BULK_ACTIONS.filter(
        (action) =>
          stage?.actions.some((a) => a.key === action && a.role === actor.role) &&
          ability.can(transitionPermission(definition!.key, row.state, action)) &&
          !(action === 'start_publicity' && started.has(row.id)),
      );
      byRow.set(row.id, offered);
    }
    return byRow;
  }

  return {
    /**
     * `ability` (the caller's admin permissions) decides which bulk actions each row offers: an
     * action of its stage for the caller's role that the role is granted, and 发起公示 only while
     * no open 公示 batch holds the application.
     */
    async inbox(actor: Actor, query: InboxQuery = {}, now = new Date(), ability: { can(action: string): boolean } = { can: () => false }) {
      const pageSize = Math.min(Math.max(Number(query.pageSize) || 20, 1), 100);
      const page = Math.max(Math.floor(Number(query.page) || 1), 1);
      const defs = await definitions();
      const stages = stagesActedOnBy(defs, actor.role);
      const stage = text(query.stage, 'stage', 50);
      if (stage && !stages.includes(stage)) throw new RefusalError(400, 'invalid_stage', `环节「${stage}」不在您的待办范围内`, 'stage');
      const sort = query.sort ?? '-waiting';
      if (!['waiting', '-waiting'].includes(String(sort))) throw new RefusalError(400, 'invalid_sort', '排序方式只能是等待时间由长到短或由短到长', 'sort');
      const allLabels = stageLabels(defs);
      const labels = Object.fromEntries(stages.map((s) => [s, allLabels.get(s) ?? s]));
      const empty = { results: [], counts: Object.fromEntries(stages.map((s) => [s, 0])), labels, pagination: { page, pageSize, total: 0 } };
      const filters = stages.length ? await filtersFor(actor, query) : null;
      if (!filters) return empty;

      const counts = await cachedCounts(JSON.stringify([stages, filters]), async () => {
        const fresh: Record<string, number> = {};
        for (const key of stages) fresh[key] = await strapi.db.query(UID).count({ where: { $and: [...filters, { state: key }] } });
        return fresh;
      });
      const total = stage ? counts[stage] : Object.values(counts).reduce((a, b) => a + b, 0);
      const rows = await pageOf(filters, stage ? [stage] : stages, sort === 'waiting' ? 'desc' : 'asc', (page - 1) * pageSize, pageSize);
      const facts = stageIndex(defs);
      const calendar = await loadCalendar(strapi);
      const codes = [...new Set(rows.map((row: any) => row.districtCode as string))];
      const districts = await strapi.db.query('api::district.district').findMany({ where: { code: { $in: codes } }, select: ['code', 'name'] });
      const districtName = new Map(districts.map((d: any) => [d.code, d.name]));
      const bulk = await bulkActionsOf(defs, actor, ability, rows);
      // The filters of a role that cannot read calls or programmes offer the rows' own, by name.
      const callIds = [...new Set(rows.map((row: any) => row.taskSpecDocumentId as string))];
      const calls = await strapi.db.query('api::task-spec.task-spec').findMany({ where: { documentId: { $in: callIds } }, select: ['documentId', 'title'] });
      const callTitle = new Map(calls.map((c: any) => [c.documentId, c.title]));
      const programKeys = [...new Set(rows.map((row: any) => row.programKey as string))];
      const programs = await strapi.db.query('api::program.program').findMany({ where: { key: { $in: programKeys } }, select: ['key', 'name'] });
      const programName = new Map(programs.map((p: any) => [p.key, p.name]));
      const results = rows.map((row: any) => {
        const { label, timeLimitWorkingDays } = facts(row);
        const waiting = waitingWorkingDays(calendar, row.stateChangedAt, now);
        return {
          documentId: row.documentId,
          serialNo: row.serialNo,
          title: row.title,
          organizationName: row.organizationName,
          uscc: row.organizationUscc,
          districtCode: row.districtCode,
          districtName: districtName.get(row.districtCode) ?? null,
          programKey: row.programKey,
          programName: programName.get(row.programKey) ?? null,
          taskSpecDocumentId: row.taskSpecDocumentId,
          callTitle: callTitle.get(row.taskSpecDocumentId) ?? null,
          state: row.state,
          version: row.version,
          stageLabel: label,
          stateChangedAt: row.stateChangedAt,
          waitingWorkingDays: waiting,
          timeLimitWorkingDays,
          overdue: waiting === null ? null : timeLimitWorkingDays === null ? false : waiting > timeLimitWorkingDays,
          bulkActions: bulk.get(row.id) ?? [],
        };
      });
      return { results, counts, labels, pagination: { page, pageSize, total } };
    },

    filtersFor,
  };
};
