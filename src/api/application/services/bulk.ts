import type { Core } from '@strapi/strapi';
import type { BudgetFigures } from '../../../domain/budget';
import { CalendarError } from '../../../domain/calendar';
import { formatYuan, parseFen } from '../../../domain/money';
import { formatShanghaiDateTime, shanghaiDate } from '../../../domain/time';
import { type Actor, type TransitionRequest, canSee } from '../../../domain/workflow';
import { transitionPermission } from '../../workflow/support/permissions';
import { RefusalError } from '../support/errors';
import { loadCalendar } from '../support/scope';
import { ENUM_LABELS } from '../../../domain/enum-labels';

/**
 * Bulk actions of the desk, all or nothing: one database transaction around the transition
 * service (whose own transaction joins it), so one refusal rolls every application back.
 */
const UID = 'api::application.application';
const MAX = 200;
const PUBLICITY_KINDS = ENUM_LABELS['api::publicity.publicity.kind'] as Record<'entity_publicity' | 'award_publicity', string>;
/** the form's "now" reaches the server a little late */
const BACKDATE_TOLERANCE_MS = 5 * 60_000;

const fen = (value: unknown) => (value === null || value === undefined ? 0 : parseFen(value));


export default ({ strapi }: { strapi: Core.Strapi }) => {
  const transitions = () => strapi.service('api::application.transition') as any;

  function selection(input: unknown): Array<{ documentId: string; version: number }> {
    if (!Array.isArray(input) || !input.length) throw new RefusalError(400, 'missing_applications', '请选择要批量办理的申报', 'applications');
    if (input.length > MAX) throw new RefusalError(400, 'too_many', `一次最多批量办理${MAX}件申报`, 'applications');
    const seen = new Set<string>();
    return input.map((item, i) => {
      if (!item || typeof item.documentId !== 'string' || !Number.isInteger(item.version)) {
        throw new RefusalError(400, 'invalid_applications', `第${i + 1}件申报须包含申报标识和当前版本号`, `applications[${i}]`);
      }
      if (seen.has(item.documentId)) throw new RefusalError(400, 'duplicate_application', `申报「${item.documentId}」重复选择`, `applications[${i}]`);
      seen.add(item.documentId);
      return { documentId: item.documentId, version: item.version };
    });
  }

  /**
   * A plan's figures per programme, for the budget year of `now` (Beijing time): the year's
   * budget, what remains of it before the plan, the plan's total, and what would remain after.
   */
  async function budgetFigures(apps: any[], now: Date) {
    const year = Number(shanghaiDate(now).slice(0, 4));
    const byProgram = new Map<number, any[]>();
    for (const app of apps) byProgram.set(app.program?.id, [...(byProgram.get(app.program?.id) ?? []), app]);
    const budgets: BudgetFigures[] = [];
    for (const [programId, group] of byProgram) {
      const program = group[0].program;
      const totalFen = group.reduce((sum, app) => sum + fen(app.awardFen), 0);
      const remainingFen = await transitions().budgetRemainingFen(programId, year);
      const annual = (await strapi.db.query('api::program.program').findOne({ where: { id: programId }, select: ['id'], populate: ['annualBudgets'] }))?.annualBudgets?.find((b: any) => b.year === year);
      budgets.push({ programKey: program?.key, name: program?.name, year, budgetFen: annual ? fen(annual.amountFen) : 0, count: group.length, totalFen, remainingFen, afterFen: remainingFen - totalFen });
    }
    return budgets;
  }

  /** A disbursement plan proposal: the selection's total must fit each programme's remaining budget. */
  async function checkBudget(apps: any[], now: Date) {
    const budgets = await budgetFigures(apps, now);
    for (const budget of budgets) {
      if (budget.afterFen < 0) {
        throw new RefusalError(
          409,
          'budget_exceeded',
          `「${budget.name}」${budget.year}年度预算剩余${formatYuan(Math.max(budget.remainingFen, 0))}，本次拨付计划合计${formatYuan(budget.totalFen)}，超出${formatYuan(-budget.afterFen)}`,
          'applications',
          undefined,
          { budget },
        );
      }
    }
    return budgets;
  }

  /**
   * Loads the selection, refusing what the caller may not see or whose stage action its role
   * lacks, in the single transition's order: the permission first, then the scope. An application
   * out of scope is refused as a missing one is, so that neither its state nor its serial number is told.
   */
  async function load(actor: Actor, selected: Array<{ documentId: string; version?: number }>, action: string, ability: { can(action: string): boolean }) {
    const apps: any[] = [];
    for (const item of selected) {
      const app = await strapi.db.query(UID).findOne({ where: { documentId: item.documentId }, populate: ['program', 'district', 'organization'] });
      const notVisible = () => new RefusalError(404, 'not_visible', `申报「${item.documentId}」不存在或您无权查看`, 'applications');
      if (!app) throw notVisible();
      const definition = await transitions().definitionFor(app);
      const known = definition.stages.some((s: any) => s.key === app.state && s.actions.some((a: any) => a.key === action));
      if (known && !ability.can(transitionPermission(definition.key, app.state, action))) {
        throw new RefusalError(403, 'no_permission', `您的角色没有办理该环节的权限（${app.serialNo ?? app.documentId}）`);
      }
      // Without a workflow role the engine refuses the step itself (no_workflow_role).
      const snapshot = { state: app.state, version: app.version, districtCode: app.districtCode, organizationId: app.organization?.documentId, organizationUscc: app.organization?.uscc, assignments: app.assignments };
      if (actor.role && !canSee(actor, snapshot)) throw notVisible();
      apps.push({ ...app, requestedVersion: item.version ?? app.version });
    }
    return apps;
  }

  /**
   * Runs one transition per application inside the caller's transaction: the first refusal
   * names its application and undoes them all.
   */
  async function transitionAll(apps: any[], actor: Actor, request: Omit<TransitionRequest, 'version'>, now: Date) {
    const done: any[] = [];
    for (const app of apps) {
      try {
        const result = await transitions().transition({ documentId: app.documentId, actor, request: { ...request, version: app.requestedVersion }, now });
        done.push({ documentId: app.documentId, state: result.state, version: result.version, record: { seq: result.record.seq, hash: result.record.hash } });
      } catch (error) {
        if (error instanceof RefusalError) {
          throw new RefusalError(error.status, error.code, `${app.serialNo ?? app.documentId}：${error.message}（全部未办理）`, error.field, error.errors, { documentId: app.documentId });
        }
        throw error;
      }
    }
    return done;
  }

  return {
    async transitions(actor: Actor, ability: { can(action: string): boolean }, body: any, now = new Date()) {
      if (typeof body?.action !== 'string') throw new RefusalError(400, 'missing_action', '请指定操作', 'action');
      const apps = await load(actor, selection(body.applications), body.action, ability);
      const { applications: _a, assignees: _s, version: _v, ...shared } = body;
      return strapi.db.transaction(async () => {
        // A plan's total is checked under the programmes' budget locks, in the plan's own transaction.
        let budgets: unknown[] | undefined;
        if (body.action === 'propose') {
          for (const programId of [...new Set(apps.map((app) => app.program?.id as number))].sort((a, b) => a - b)) await transitions().lockBudget(programId);
          budgets = await checkBudget(apps, now);
        }
        const results = await transitionAll(apps, actor, { ...shared, action: body.action }, now);
        return { results, ...(budgets ? { budgets } : {}) };
      });
    },

    /**
     * 拟定拨付计划's figures before anything is committed: read-only, and scoped as the plan itself
     * (the propose permission, the caller's applications, each in the plan stage).
     */
    async budgetPreview(actor: Actor, ability: { can(action: string): boolean }, query: any, now = new Date()) {
      // The role first, so that no other role learns anything of the selection (its stage, its existence).
      if (actor.role !== 'finance') throw new RefusalError(403, 'no_permission', '只有资金拨付人员可以拟定拨付计划');
      const raw = typeof query?.applications === 'string' ? query.applications.split(',').filter(Boolean) : query?.applications;
      if (!Array.isArray(raw) || !raw.length || raw.some((id) => typeof id !== 'string' || id.length > 64)) throw new RefusalError(400, 'missing_applications', '请选择要拟定拨付计划的申报（applications）', 'applications');
      if (raw.length > MAX || new Set(raw).size !== raw.length) throw new RefusalError(400, 'invalid_applications', `请选择不重复的申报，一次最多${MAX}件`, 'applications');
      const apps = await load(actor, raw.map((documentId: string) => ({ documentId })), 'propose', ability);
      for (const app of apps) {
        if (app.state !== 'disbursement_plan') throw new RefusalError(409, 'wrong_stage', `${app.serialNo ?? app.documentId}不在「拟定拨付计划」环节`, 'applications');
      }
      return { budgets: await budgetFigures(apps, now) };
    },

    /**
     * Starts one 公示 batch: a `start_publicity` step for each application, and the batch with its
     * computed end instant and the snapshot of the public fields, in one transaction.
     */
    async publicity(actor: Actor, ability: { can(action: string): boolean }, body: any, now = new Date()) {
      const kind = body?.kind as keyof typeof PUBLICITY_KINDS;
      if (!(kind in PUBLICITY_KINDS)) throw new RefusalError(400, 'invalid_kind', `公示类别只能是${Object.values(PUBLICITY_KINDS).join('或')}`, 'kind');
      const ids = body?.applications;
      if (!Array.isArray(ids) || !ids.length || ids.some((id) => typeof id !== 'string')) throw new RefusalError(400, 'missing_applications', '请选择要公示的申报', 'applications');
      if (ids.length > MAX || new Set(ids).size !== ids.length) throw new RefusalError(400, 'invalid_applications', `请选择不重复的申报，一次最多${MAX}件`, 'applications');
      if (body.workingDays !== undefined && body.workingDays !== null && (!Number.isInteger(body.workingDays) || body.workingDays < 1 || body.workingDays > 30)) {
        throw new RefusalError(400, 'invalid_working_days', '公示期应为1至30个工作日', 'workingDays');
      }
      const startsAt = body.startsAt ? new Date(body.startsAt) : now;
      if (Number.isNaN(startsAt.getTime())) throw new RefusalError(400, 'invalid_starts_at', '公示开始时间格式不正确', 'startsAt');
      // A 公示 counts its period from its publication: it cannot have started before it was published.
      if (startsAt.getTime() < now.getTime() - BACKDATE_TOLERANCE_MS) throw new RefusalError(400, 'starts_in_past', '公示开始时间不能早于当前时间', 'startsAt');
      const apps = await load(actor, ids.map((documentId: string) => ({ documentId })), 'start_publicity', ability);
      for (const app of apps) {
        if (app.state !== kind) throw new RefusalError(409, 'wrong_stage', `${app.serialNo ?? app.documentId}不在「${PUBLICITY_KINDS[kind]}」环节，不能发起该公示`, 'applications');
      }
      const program = apps[0].program;
      if (apps.some((app) => app.program?.id !== program?.id)) throw new RefusalError(400, 'mixed_programs', '一批公示只能包含同一资金项目的申报', 'applications');
      const workingDays = body.workingDays ?? program?.publicityWorkingDays ?? 5;
      let endsAt: Date;
      try {
        endsAt = (await loadCalendar(strapi)).periodEnd(startsAt, workingDays);
      } catch (error) {
        if (error instanceof CalendarError) throw new RefusalError(409, 'calendar_not_loaded', error.message, 'startsAt');
        throw error;
      }
      // The batch is named as its chain names the stage (拟奖励项目公示 for datasets, 拟支持项目公示 for data products).
      const stageName = (await transitions().definitionFor(apps[0])).stages.find((s: any) => s.key === kind)?.label ?? PUBLICITY_KINDS[kind];
      const title = `${program?.name ?? ''}${stageName}（${shanghaiDate(startsAt)}）`;
      const snapshot = publicitySnapshot(kind, apps);
      const created = await strapi.db.transaction(async () => {
        const batch = await strapi.documents('api::publicity.publicity').create({
          data: {
            title,
            kind,
            program: program?.documentId,
            applications: apps.map((app) => app.documentId),
            workingDays,
            startsAt: startsAt.toISOString(),
            endsAt: endsAt.toISOString(),
            phase: startsAt <= now ? 'open' : 'scheduled',
            snapshot,
          } as any,
        });
        const opinion = `${title}：${formatShanghaiDateTime(startsAt)}至${formatShanghaiDateTime(endsAt)}，${workingDays}个工作日`;
        await transitionAll(apps, actor, { action: 'start_publicity', opinion, publicityBatch: batch.documentId }, now);
        return batch;
      });
      return { documentId: created.documentId, title, kind, workingDays, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), snapshot };
    },
  };
};

/** The published content of a 公示: the public fields only, frozen at publication. */
function publicitySnapshot(kind: keyof typeof PUBLICITY_KINDS, apps: any[]) {
  const award = kind === 'award_publicity';
  const columns = [
    { key: 'serialNo', label: '申报编号' },
    { key: 'title', label: '项目名称' },
    { key: 'organizationName', label: '申报单位' },
    { key: 'districtName', label: '所属区' },
    ...(award ? [{ key: 'awardFen', label: '拟奖励（支持）金额（分）' }] : []),
  ];
  const rows = apps.map((app) => ({
    serialNo: app.serialNo,
    title: app.title,
    organizationName: app.organizationName,
    districtName: app.district?.name ?? null,
    ...(award ? { awardFen: fen(app.awardFen) } : {}),
  }));
  return { columns, rows };
}
