import type { Core } from '@strapi/strapi';
import { shanghaiDate, startOfShanghaiDay } from '../../../domain/time';
import type { Actor, WorkflowDefinition } from '../../../domain/workflow';
import { staffActor } from './actors';
import { answering } from './errors';
import { staffScope } from './scope';

/**
 * GET /shenbao/dashboard: the admin home page's figures for the current year (Asia/Shanghai),
 * within the caller's scope. Counts are indexed COUNT queries; the median days per stage come
 * from the review records, read in batches.
 */
const UID = 'api::application.application';
const BATCH = 1000;
const DAY_MS = 86_400_000;

const median = (values: number[]) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export async function dashboardFor(strapi: Core.Strapi, actor: Actor, now = new Date()) {
  const empty = { year: Number(shanghaiDate(now).slice(0, 4)), byStage: [], byDistrict: [], budgets: [], medianDaysInStage: [] };
  const scope = actor.role ? await staffScope(strapi, actor) : null;
  if (!scope) return empty;
  const year = empty.year;
  const from = startOfShanghaiDay(`${year}-01-01`);
  const to = startOfShanghaiDay(`${year + 1}-01-01`);
  const inYear = { submittedAt: { $gte: from, $lt: to } };
  const definitions: WorkflowDefinition[] = await (strapi.service('api::workflow.workflow') as any).allStored();
  const stages = new Map<string, string>();
  for (const definition of definitions) for (const stage of definition.stages) if (stage.key !== 'draft' && !stages.has(stage.key)) stages.set(stage.key, stage.label);

  const byStage: Array<{ stage: string; label: string; count: number }> = [];
  for (const [stage, label] of stages) {
    byStage.push({ stage, label, count: await strapi.db.query(UID).count({ where: { $and: [scope, inYear, { state: stage }] } }) });
  }
  const districts = await strapi.db.query('api::district.district').findMany({ select: ['code', 'name'], orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  const byDistrict: Array<{ code: string; name: string; count: number }> = [];
  for (const district of districts) {
    if (actor.role === 'district_reviewer' && district.code !== actor.districtCode) continue;
    byDistrict.push({ code: district.code, name: district.name, count: await strapi.db.query(UID).count({ where: { $and: [scope, inYear, { districtCode: district.code }] } }) });
  }

  // Budgets are the city's: the city reviewers and finance see them.
  const budgets: Array<{ programKey: string; name: string; year: number; budgetFen: number; usedFen: number }> = [];
  if (actor.role === 'city_reviewer' || actor.role === 'finance') {
    const programs = await strapi.db.query('api::program.program').findMany({ populate: ['annualBudgets'], orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
    for (const program of programs) {
      const budget = (program.annualBudgets ?? []).find((b: any) => b.year === year);
      if (!budget) continue;
      const budgetFen = Number(budget.amountFen);
      const remaining = await (strapi.service('api::application.transition') as any).budgetRemainingFen(program.id, year);
      budgets.push({ programKey: program.key, name: program.name, year, budgetFen, usedFen: budgetFen - remaining });
    }
  }

  // Days in each stage: from the record that entered it to the one that left it, for exits this year.
  const entered = new Map<number, number>();
  const durations = new Map<string, number[]>();
  let lastId = 0;
  for (;;) {
    const records = await strapi.db.query('api::review-record.review-record').findMany({
      where: { id: { $gt: lastId }, occurredAt: { $lt: to } },
      select: ['id', 'fromState', 'toState', 'occurredAt'],
      populate: { application: { select: ['id', 'districtCode'] } },
      orderBy: { id: 'asc' },
      limit: BATCH,
    });
    if (!records.length) break;
    lastId = records[records.length - 1].id;
    for (const record of records) {
      const app = record.application;
      if (!app || record.fromState === record.toState) continue;
      if (actor.role === 'district_reviewer' && app.districtCode !== actor.districtCode) continue;
      const at = new Date(record.occurredAt).getTime();
      const since = entered.get(app.id);
      if (since !== undefined && at >= from.getTime() && stages.has(record.fromState)) {
        if (!durations.has(record.fromState)) durations.set(record.fromState, []);
        durations.get(record.fromState)!.push((at - since) / DAY_MS);
      }
      entered.set(app.id, at);
    }
    if (records.length < BATCH) break;
  }
  const medianDaysInStage = [...durations].map(([stage, days]) => ({ stage, label: stages.get(stage), days: Math.round(median(days)! * 10) / 10 }));
  return { year, byStage, byDistrict, budgets, medianDaysInStage };
}

export function registerDashboardRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    prefix: '/shenbao',
    routes: [
      {
        method: 'GET',
        path: '/dashboard',
        handler: (ctx: any) => answering(ctx, async () => ({ data: await dashboardFor(strapi, await staffActor(strapi, ctx.state.user)) })),
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        info: { apiName: 'application', type: 'admin' },
      },
    ],
  });
}
