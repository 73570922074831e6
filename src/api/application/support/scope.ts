import type { Core } from '@strapi/strapi';
import { CalendarError, WorkingCalendar, addCalendarDays } from '../../../domain/calendar';
import { shanghaiDate } from '../../../domain/time';
import type { ActionDefinition, Actor, WorkflowDefinition } from '../../../domain/workflow';

/**
 * What a staff member may see, as a where clause on indexed application columns: district staff
 * their district (district_code), institutions and experts the rows of the assignment table that
 * name them, the city reviewers and finance everything. `null`: nothing at all.
 */
export async function staffScope(strapi: Core.Strapi, actor: Actor): Promise<Record<string, unknown> | null> {
  switch (actor.role) {
    case 'district_reviewer':
      return actor.districtCode ? { districtCode: actor.districtCode } : null;
    case 'institution':
    case 'expert': {
      const ids = await assignedApplicationIds(strapi, actor);
      return ids.length ? { id: { $in: ids } } : null;
    }
    case 'city_reviewer':
    case 'finance':
      return {};
    default:
      return null;
  }
}

/** The applications assigned to an institution (by its name) or an expert (by its admin user). */
export async function assignedApplicationIds(strapi: Core.Strapi, actor: Actor): Promise<number[]> {
  const where =
    actor.role === 'institution'
      ? actor.institution
        ? { role: 'institution', institution: actor.institution }
        : null
      : actor.role === 'expert'
        ? { role: 'expert', adminUserId: Number(actor.id) }
        : null;
  if (!where) return [];
  const rows = await strapi.db.query('api::assignment.assignment').findMany({ where, select: ['applicationRowId'] });
  return [...new Set(rows.map((row: any) => Number(row.applicationRowId)))];
}

/** Stage facts (label, time limit) by workflow key and version, for every stored definition. */
export function stageIndex(definitions: WorkflowDefinition[]) {
  const byVersion = new Map<string, { label: string; timeLimitWorkingDays: number | null }>();
  const byKey = new Map<string, { label: string; timeLimitWorkingDays: number | null }>();
  const sorted = [...definitions].sort((a, b) => a.version - b.version);
  for (const definition of sorted) {
    for (const stage of definition.stages) {
      const facts = { label: stage.label, timeLimitWorkingDays: stage.timeLimitWorkingDays ?? null };
      byVersion.set(`${definition.key}@${definition.version}:${stage.key}`, facts);
      byKey.set(`${definition.key}:${stage.key}`, facts);
      if (!byKey.has(`*:${stage.key}`)) byKey.set(`*:${stage.key}`, facts);
    }
  }
  return (app: { workflowKey?: string | null; workflowVersion?: number | null; programKey?: string | null; state: string }) =>
    byVersion.get(`${app.workflowKey}@${app.workflowVersion}:${app.state}`) ??
    byKey.get(`${app.workflowKey ?? app.programKey}:${app.state}`) ??
    byKey.get(`*:${app.state}`) ?? { label: app.state, timeLimitWorkingDays: null };
}

/** The stage keys where the role has an action, over every stored workflow. */
export function stagesActedOnBy(definitions: WorkflowDefinition[], role: string | null | undefined): string[] {
  if (!role) return [];
  const stages = new Set<string>();
  // Evidence records (现场调研, 监督检查…) are optional acts, not waiting work: a stage where the role
  // can only record evidence (a paid project, for the city reviewer) is reached from 绩效监管, not the queue.
  const works = (action: ActionDefinition) => action.role === role && !action.effects?.includes('evidence');
  for (const definition of definitions) for (const stage of definition.stages) if (stage.actions.some(works)) stages.add(stage.key);
  return [...stages];
}

/** The working-day calendar as loaded into the calendar-day table. */
export async function loadCalendar(strapi: Core.Strapi): Promise<WorkingCalendar> {
  const days = await strapi.db.query('api::calendar-day.calendar-day').findMany({ select: ['date', 'kind', 'year'] });
  return new WorkingCalendar(
    days.map((d: any) => ({ date: String(d.date).slice(0, 10), kind: d.kind })),
    days.map((d: any) => Number(d.year)),
  );
}

/**
 * Working days an application has waited in its stage: those after the day it arrived, up to
 * today (Asia/Shanghai). `null` when the calendar does not cover the period.
 */
export function waitingWorkingDays(calendar: WorkingCalendar, since: string | Date | null, now = new Date()): number | null {
  if (!since) return null;
  try {
    const from = addCalendarDays(shanghaiDate(new Date(since)), 1);
    return calendar.countWorkingDays(from, shanghaiDate(now));
  } catch (error) {
    if (error instanceof CalendarError) return null;
    throw error;
  }
}
