import type { Core } from '@strapi/strapi';
import { CalendarError } from '../../../domain/calendar';
import { formatYuan, parseFen } from '../../../domain/money';
import { shanghaiDate } from '../../../domain/time';
import type { Actor, TransitionRequest } from '../../../domain/workflow';
import { transitionPermission } from '../../workflow/support/permissions';
import { RefusalError } from '../support/errors';
import { loadCalendar } from '../support/scope';

/**
 * Bulk actions of the desk, all or nothing: one database transaction around the transition
 * service (whose own transaction joins it), so one refusal rolls every application back.
 */
const UID = 'api::application.application';
const MAX = 200;
const PUBLICITY_KINDS = { entity_publicity: '建设单位公示', award_publicity: '拟奖励（支持）项目公示' } as const;

const fen = (value: unknown) => (value === null || value === undefined ? 0 : parseFen(value));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const transitions = () => strapi.service('api::application.transition') as any;

  function selection(input: unknown): Array<{ documentId: string; version: number }> {
    if (!Array.isArray(input) || !input.length) throw new RefusalError(400, 'missing_applications', '请选择要批量办理的申报（applications）', 'applications');
    if (input.length > MAX) throw new RefusalError(400, 'too_many', `一次最多批量办理${MAX}件申报`, 'applications');
    const seen = new Set<string>();
    return input.map((item, i) => {
      if (!item || typeof item.documentId !== 'string' || !Number.isInteger(item.version)) {
        throw new RefusalError(400, 'invalid_applications', `第${i + 1}件申报须包含 documentId 和当前版本号 version`, `applications[${i}]`);
      }
      if (seen.has(item.documentId)) throw new RefusalError(400, 'duplicate_application', `申报「${item.documentId}」重复选择`, `applications[${i}]`);
      seen.add(item.documentId);
      return { documentId: item.documentId, version: item.version };
    });
  }

  /** A disbursement plan proposal: the selection's total must fit each programme's remaining budget. */
  async function checkBudget(apps: any[], now: Date) {
    const year = Number(shanghaiDate(now).slice(0, 4));
    const byProgram = new Map<number, any[]>();
    for (const app of apps) byProgram.set(app.program?.id, [...(byProgram.get(app.program?.id) ?? []), app]);
    const budgets: any[] = [];
    for (const [programId, group] of byProgram) {
      const program = group[0].program;
      const totalFen = group.reduce((sum, app) => sum + fen(app.awardFen), 0);
      const remainingFen = await transitions().budgetRemainingFen(programId, year);
      const budget = { programKey: program?.key, name: program?.name, year, totalFen, remainingFen };
      if (totalFen > remainingFen) {
        throw new RefusalError(
          409,
          'budget_exceeded',
          `「${program?.name}」${year}年度预算剩余${formatYuan(Math.max(remainingFen, 0))}，本次拨付计划合计${formatYuan(totalFen)}，超出${formatYuan(totalFen - remainingFen)}`,
          'applications',
          undefined,
          { budget },
        );
      }
      budgets.push(budget);
    }
    return budgets;
  }

  return {
    async transitions(actor: Actor, ability: { can(action: string): boolean }, body: any, now = new Date()) {
      if (typeof body?.action !== 'string') throw new RefusalError(400, 'missing_action', '请指定操作（action）', 'action');
      const selected = selection(body.applications);
      const { applications: _a, assignees: _s, version: _v, ...shared } = body;
      const apps: any[] = [];
      for (const item of selected) {
        const app = await strapi.db.query(UID).findOne({ where: { documentId: item.documentId }, populate: ['program'] });
        if (!app) throw new RefusalError(404, 'not_visible', `申报「${item.documentId}」不存在或您无权查看`, 'applications');
        const definition = await transitions().definitionFor(app);
        const known = definition.stages.some((s: any) => s.key === app.state && s.actions.some((a: any) => a.key === body.action));
        if (known && !ability.can(transitionPermission(definition.key, app.state, body.action))) {
          throw new RefusalError(403, 'no_permission', `您的角色没有办理该环节的权限（${app.serialNo ?? app.documentId}）`);
        }
        apps.push({ ...app, requestedVersion: item.version });
      }
      const budgets = body.action === 'propose' ? await checkBudget(apps, now) : undefined;
      const results = await strapi.db.transaction(async () => {
        const done: any[] = [];
        for (const app of apps) {
          const request: TransitionRequest = { ...shared, action: body.action, version: app.requestedVersion };
          try {
            const result = await transitions().transition({ documentId: app.documentId, actor, request, now });
            done.push({ documentId: app.documentId, state: result.state, version: result.version, record: { seq: result.record.seq, hash: result.record.hash } });
          } catch (error) {
            if (error instanceof RefusalError) {
              throw new RefusalError(error.status, error.code, `${app.serialNo ?? app.documentId}：${error.message}（全部未办理）`, error.field, error.errors, { documentId: app.documentId });
            }
            throw error;
          }
        }
        return done;
      });
      return { results, ...(budgets ? { budgets } : {}) };
    },

    async publicity(actor: Actor, body: any, now = new Date()) {
      if (actor.role !== 'city_reviewer') throw new RefusalError(403, 'no_permission', '只有市数据局审核人员可以发起公示');
      const kind = body?.kind as keyof typeof PUBLICITY_KINDS;
      if (!(kind in PUBLICITY_KINDS)) throw new RefusalError(400, 'invalid_kind', '公示类别（kind）只能是 entity_publicity 或 award_publicity', 'kind');
      const ids = body?.applications;
      if (!Array.isArray(ids) || !ids.length || ids.some((id) => typeof id !== 'string')) throw new RefusalError(400, 'missing_applications', '请选择要公示的申报（applications）', 'applications');
      if (ids.length > MAX || new Set(ids).size !== ids.length) throw new RefusalError(400, 'invalid_applications', `请选择不重复的申报，一次最多${MAX}件`, 'applications');
      if (body.workingDays !== undefined && body.workingDays !== null && (!Number.isInteger(body.workingDays) || body.workingDays < 1 || body.workingDays > 30)) {
        throw new RefusalError(400, 'invalid_working_days', '公示期（workingDays）应为1至30个工作日', 'workingDays');
      }
      const apps: any[] = [];
      for (const documentId of ids) {
        const app = await strapi.db.query(UID).findOne({ where: { documentId }, populate: ['program', 'district'] });
        if (!app) throw new RefusalError(404, 'not_visible', `申报「${documentId}」不存在`, 'applications');
        if (app.state !== kind) throw new RefusalError(409, 'wrong_stage', `${app.serialNo ?? documentId}不在「${PUBLICITY_KINDS[kind]}」环节，不能发起该公示`, 'applications');
        apps.push(app);
      }
      const program = apps[0].program;
      if (apps.some((app) => app.program?.id !== program?.id)) throw new RefusalError(400, 'mixed_programs', '一批公示只能包含同一资金项目的申报', 'applications');
      const open = await strapi.db.query('api::publicity.publicity').count({
        where: { kind, phase: { $in: ['scheduled', 'open'] }, applications: { documentId: { $in: ids } } },
      });
      if (open) throw new RefusalError(409, 'already_in_publicity', '所选申报已在公示中', 'applications');
      const workingDays = body.workingDays === undefined || body.workingDays === null ? program?.publicityWorkingDays ?? 5 : body.workingDays;
      if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > 30) throw new RefusalError(400, 'invalid_working_days', '公示期（workingDays）应为1至30个工作日', 'workingDays');
      const startsAt = body.startsAt ? new Date(body.startsAt) : now;
      if (Number.isNaN(startsAt.getTime())) throw new RefusalError(400, 'invalid_starts_at', '公示开始时间（startsAt）格式不正确', 'startsAt');
      let endsAt: Date;
      try {
        endsAt = (await loadCalendar(strapi)).periodEnd(startsAt, workingDays);
      } catch (error) {
        if (error instanceof CalendarError) throw new RefusalError(409, 'calendar_not_loaded', error.message, 'startsAt');
        throw error;
      }
      const columns = [
        { key: 'serialNo', label: '申报编号' },
        { key: 'title', label: '项目名称' },
        { key: 'organizationName', label: '申报单位' },
        { key: 'districtName', label: '所属区' },
        ...(kind === 'award_publicity' ? [{ key: 'awardFen', label: '拟奖励（支持）金额（分）' }] : []),
      ];
      const rows = apps.map((app) => ({
        serialNo: app.serialNo,
        title: app.title,
        organizationName: app.organizationName,
        districtName: app.district?.name ?? null,
        ...(kind === 'award_publicity' ? { awardFen: fen(app.awardFen) } : {}),
      }));
      const created = await strapi.db.transaction(() =>
        strapi.documents('api::publicity.publicity').create({
          data: {
            title: `${program?.name ?? ''}${PUBLICITY_KINDS[kind]}（${shanghaiDate(startsAt)}）`,
            kind,
            program: program?.documentId,
            applications: apps.map((app) => app.documentId),
            workingDays,
            startsAt: startsAt.toISOString(),
            endsAt: endsAt.toISOString(),
            phase: startsAt <= now ? 'open' : 'scheduled',
            snapshot: { columns, rows },
          } as any,
        }),
      );
      return { documentId: created.documentId, title: created.title, kind, workingDays, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), snapshot: { columns, rows } };
    },
  };
};
