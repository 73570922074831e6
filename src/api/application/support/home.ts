import type { Core } from '@strapi/strapi';
import { CalendarError, addCalendarDays, missingCalendarYear } from '../../../domain/calendar';
import { shanghaiDate } from '../../../domain/time';
import { linkedTo } from '../../../database/links';
import type { Actor, WorkflowDefinition } from '../../../domain/workflow';
import { uncountedWaits } from '../../notification/support/reminders';
import { SUPERVISION_ROLES } from '../../performance-report/services/performance-report';
import { staffActor } from './actors';
import { answering } from './errors';
import { loadCalendar, stageIndex, stagesActedOnBy, staffScope, waitingWorkingDays } from './scope';

/**
 * GET /shenbao/home: the admin home page of one staff member, within the scope its inbox has.
 * - todo: what waits for the caller at the stages its role acts on, overdue first, each with the
 *   due date its stage's time limit gives on the working-day calendar;
 * - publicity: the 公示 batches not yet closed that hold an application in scope;
 * - funnel: applications per stage in scope (every stage of every chain, in chain order);
 * - budgets: per programme and year, budget, committed (plans of applications past the plan) and
 *   paid (payments), integer fen, for finance and the city reviewers;
 * - calendar: for those who may import a year only, the missing year and the waits the reminder
 *   job cannot count;
 * - controls: which desk links the caller's role may open.
 */
const UID = 'api::application.application';
/** The oldest waiting applications read per stage: a home page lists the first of them. */
const TODO_READ = 200;
const TODO_SHOWN = 12;
const CALENDAR = 'api::calendar-day.calendar-day';
const DISBURSEMENT = 'api::disbursement.disbursement';

interface Ability {
  can(action: string, subject?: string): boolean;
}

/** The last working day of a stay within its limit: the limit-th working day after the day it arrived. */
function dueDate(calendar: Awaited<ReturnType<typeof loadCalendar>>, since: string | Date | null, limit: number | null): string | null {
  if (!since || !limit) return null;
  try {
    return calendar.nthWorkingDay(addCalendarDays(shanghaiDate(new Date(since)), 1), limit);
  } catch (error) {
    if (error instanceof CalendarError) return null;
    throw error;
  }
}

/** Labels of a stage key over the chains: 拟奖励项目公示／拟支持项目公示 where two chains name it apart. */
export function stageLabels(definitions: WorkflowDefinition[]) {
  const labels = new Map<string, string[]>();
  for (const definition of [...definitions].sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version)) {
    for (const stage of definition.stages) {
      const known = labels.get(stage.key) ?? [];
      if (!known.includes(stage.label)) labels.set(stage.key, [...known, stage.label]);
    }
  }
  return new Map([...labels].map(([key, names]) => [key, names.join('／')]));
}

async function todoOf(strapi: Core.Strapi, actor: Actor, scope: Record<string, unknown>, definitions: WorkflowDefinition[], now: Date) {
  const stages = stagesActedOnBy(definitions, actor.role);
  const labels = stageLabels(definitions);
  const facts = stageIndex(definitions);
  const calendar = await loadCalendar(strapi);
  const byStage: Array<{ stage: string; label: string; count: number; overdue: number }> = [];
  const items: any[] = [];
  for (const state of stages) {
    const where = { $and: [scope, { state }] };
    const count = await strapi.db.query(UID).count({ where });
    if (!count) continue;
    const rows = await strapi.db.query(UID).findMany({
      where,
      select: ['documentId', 'serialNo', 'title', 'organizationName', 'districtCode', 'programKey', 'state', 'stateChangedAt', 'workflowKey', 'workflowVersion'],
      orderBy: [{ stateChangedAt: 'asc' }, { id: 'asc' }],
      limit: TODO_READ,
    });
    let overdue = 0;
    for (const row of rows) {
      const { label, timeLimitWorkingDays } = facts(row);
      const waiting = waitingWorkingDays(calendar, row.stateChangedAt, now);
      // the inbox's rule: overdue once it has waited more working days than its stage allows
      const late = waiting !== null && timeLimitWorkingDays !== null && waiting > timeLimitWorkingDays;
      if (late) overdue += 1;
      items.push({
        documentId: row.documentId,
        serialNo: row.serialNo,
        title: row.title,
        organizationName: row.organizationName,
        state: row.state,
        stageLabel: label,
        stateChangedAt: row.stateChangedAt,
        waitingWorkingDays: waiting,
        timeLimitWorkingDays,
        dueDate: dueDate(calendar, row.stateChangedAt, timeLimitWorkingDays),
        overdue: late,
      });
    }
    byStage.push({ stage: state, label: labels.get(state) ?? state, count, overdue });
  }
  // Overdue first, then by due date (those without a limit last), then the longest wait.
  const key = (item: any) => [item.overdue ? 0 : 1, item.dueDate ?? '9999-12-31', item.stateChangedAt ? new Date(item.stateChangedAt).getTime() : 0] as const;
  items.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1].localeCompare(y[1]) || x[2] - y[2];
  });
  return { total: byStage.reduce((sum, s) => sum + s.count, 0), overdue: byStage.reduce((sum, s) => sum + s.overdue, 0), byStage, items: items.slice(0, TODO_SHOWN) };
}

async function publicityOf(strapi: Core.Strapi, scope: Record<string, unknown>) {
  const batches = await strapi.db.query('api::publicity.publicity').findMany({
    where: { phase: { $ne: 'closed' } },
    select: ['documentId', 'title', 'kind', 'phase', 'startsAt', 'endsAt', 'workingDays'],
    populate: { applications: { select: ['id'] } },
    orderBy: [{ endsAt: 'asc' }, { id: 'asc' }],
  });
  const shown: any[] = [];
  for (const batch of batches) {
    const ids = (batch.applications ?? []).map((a: any) => a.id);
    const count = ids.length ? await strapi.db.query(UID).count({ where: { $and: [scope, { id: { $in: ids } }] } }) : 0;
    if (!count) continue;
    shown.push({ documentId: batch.documentId, title: batch.title, kind: batch.kind, phase: batch.phase, startsAt: batch.startsAt, endsAt: batch.endsAt, workingDays: batch.workingDays, applications: count });
  }
  return shown;
}

async function funnelOf(strapi: Core.Strapi, scope: Record<string, unknown>, definitions: WorkflowDefinition[]) {
  const labels = stageLabels(definitions);
  const funnel: Array<{ stage: string; label: string; count: number }> = [];
  for (const stage of labels.keys()) {
    if (stage === 'draft') continue;
    const count = await strapi.db.query(UID).count({ where: { $and: [scope, { state: stage }] } });
    if (count) funnel.push({ stage, label: labels.get(stage)!, count });
  }
  return funnel;
}

/** Budget, committed and paid per programme and budget year (integer fen). */
export async function budgetFigures(strapi: Core.Strapi) {
  const transitions = strapi.service('api::application.transition') as any;
  const programs = await strapi.db.query('api::program.program').findMany({ populate: ['annualBudgets'], orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  const figures: Array<{ programKey: string; name: string; year: number; budgetFen: number; committedFen: number; paidFen: number }> = [];
  for (const program of programs) {
    for (const budget of [...(program.annualBudgets ?? [])].sort((a: any, b: any) => b.year - a.year)) {
      const budgetFen = Number(budget.amountFen);
      const committedFen = budgetFen - Number(await transitions.budgetRemainingFen(program.id, budget.year));
      const payments = await strapi.db.query(DISBURSEMENT).findMany({
        where: { kind: 'payment', budgetYear: budget.year, ...linkedTo(strapi, DISBURSEMENT, 'program', program.id) },
        select: ['amountFen'],
      });
      const paidFen = payments.reduce((sum: number, p: any) => sum + Number(p.amountFen), 0);
      figures.push({ programKey: program.key, name: program.name, year: budget.year, budgetFen, committedFen, paidFen });
    }
  }
  return figures;
}

export async function homeFor(strapi: Core.Strapi, actor: Actor, ability: Ability, now = new Date()) {
  const canImportCalendar = ability.can('plugin::content-manager.explorer.create', CALENDAR);
  const calendar = canImportCalendar
    ? { ...missingCalendarYear((await loadCalendar(strapi)).loadedYears, shanghaiDate(now)), uncounted: await uncountedWaits(strapi, now) }
    : null;
  const controls = { supervision: SUPERVISION_ROLES.includes(actor.role ?? ''), calendarImport: canImportCalendar };
  const scope = actor.role ? await staffScope(strapi, actor) : null;
  if (!scope) return { role: actor.role, todo: { total: 0, overdue: 0, byStage: [], items: [] }, publicity: [], funnel: [], budgets: [], calendar, controls };
  const definitions: WorkflowDefinition[] = await (strapi.service('api::workflow.workflow') as any).allStored();
  return {
    role: actor.role,
    todo: await todoOf(strapi, actor, scope, definitions, now),
    publicity: await publicityOf(strapi, scope),
    funnel: await funnelOf(strapi, scope, definitions),
    budgets: ['finance', 'city_reviewer'].includes(actor.role!) ? await budgetFigures(strapi) : [],
    calendar,
    controls,
  };
}

export function registerHomeRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    prefix: '/shenbao',
    routes: [
      {
        method: 'GET',
        path: '/home',
        handler: (ctx: any) => answering(ctx, async () => ({ data: await homeFor(strapi, await staffActor(strapi, ctx.state.user), ctx.state.userAbility) })),
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        info: { apiName: 'application', type: 'admin' },
      },
    ],
  });
}
