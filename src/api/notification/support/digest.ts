import type { Core } from '@strapi/strapi';
import { addCalendarDays, CalendarError, WorkingCalendar } from '../../../domain/calendar';
import { DigestItem, composeDigest } from '../../../domain/digest';
import { shanghaiDate } from '../../../domain/time';
import { StageDefinition, WorkflowDefinition } from '../../../domain/workflow';
import { loadCalendar, waitingWorkingDays } from '../../application/support/scope';
import { QueuedMessage, dispatchNotifications, queueNotification } from './outbox';
import { Owner, loadStaff, ownersAt } from './reminders';

/**
 * The daily digest (每日待办): each staff member who owns an application at a stage (as the
 * reminders decide ownership) gets one mail a day listing what arrived since the last digest and
 * what is overdue. One outbox row per person and Shanghai day, keyed `digest:<user>:<day>`: the
 * unique dedupe key is what keeps two instances, or a second run, from sending twice.
 */
const APPLICATION = 'api::application.application';
const NOTIFICATION = 'api::notification.notification';
export const DIGEST_TEMPLATE = 'digest.daily';

/** The last day of a stage's time limit, counted like the inbox counts waiting days; null beyond the calendar. */
function dueDate(calendar: WorkingCalendar, since: Date | string, limit: number): string | null {
  try {
    return calendar.nthWorkingDay(addCalendarDays(shanghaiDate(since), 1), limit);
  } catch (error) {
    if (error instanceof CalendarError) return null;
    throw error;
  }
}

/** Where links in mail point: the configured public URL, else this server's own address. */
function deskUrl(strapi: Core.Strapi) {
  const configured = String(strapi.config.get('server.url') ?? '');
  if (/^https?:\/\//.test(configured)) return `${configured.replace(/\/$/, '')}/admin/shenbao-desk/applications/`;
  const host = String(strapi.config.get('server.host') ?? 'localhost');
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${strapi.config.get('server.port')}/admin/shenbao-desk/applications/`;
}

export async function sendDigests(strapi: Core.Strapi, now = new Date()) {
  const day = shanghaiDate(now);
  const definitions: WorkflowDefinition[] = await (strapi.service('api::workflow.workflow') as any).allStored();
  const stages = new Map<string, StageDefinition>();
  for (const definition of definitions) {
    for (const stage of definition.stages) {
      // After payment (supervision, clawback) an application waits for nobody: no to-do.
      if (stage.kind === 'final') continue;
      if (stage.actions.some((a) => a.role !== 'system' && a.role !== 'applicant')) stages.set(`${definition.key}@${definition.version}:${stage.key}`, stage);
    }
  }
  const staff = (await loadStaff(strapi)).filter((owner) => !owner.digestOptOut);
  if (!stages.size || !staff.length) return { sent: 0 };
  const states = [...new Set([...stages.keys()].map((key) => key.split(':')[1]))];
  const apps = await strapi.db.query(APPLICATION).findMany({
    where: { state: { $in: states } },
    select: ['id', 'documentId', 'title', 'serialNo', 'state', 'version', 'districtCode', 'organizationUscc', 'assignments', 'stateChangedAt', 'workflowKey', 'workflowVersion'],
    orderBy: { stateChangedAt: 'asc' },
  });
  const calendar = await loadCalendar(strapi);
  const url = deskUrl(strapi);

  // Each person's items, with the time the application arrived at its stage.
  const items = new Map<string, { owner: Owner; entries: { item: DigestItem; arrived: Date }[] }>();
  for (const app of apps) {
    const stage = stages.get(`${app.workflowKey}@${app.workflowVersion}:${app.state}`);
    if (!stage || !app.stateChangedAt) continue;
    const limit = stage.timeLimitWorkingDays;
    const waited = limit ? waitingWorkingDays(calendar, app.stateChangedAt, now) : null;
    const item: DigestItem = {
      documentId: app.documentId,
      title: app.title,
      serialNo: app.serialNo ?? null,
      stageKey: stage.key,
      stageLabel: stage.label,
      dueDate: limit ? dueDate(calendar, app.stateChangedAt, limit) : null,
      ...(limit && waited !== null && waited > limit ? { overdueBy: waited - limit } : {}),
      url: `${url}${app.documentId}`,
    };
    for (const owner of ownersAt(stage, app, staff)) {
      const mine = items.get(owner.actor.id) ?? { owner, entries: [] };
      mine.entries.push({ item, arrived: new Date(app.stateChangedAt) });
      items.set(owner.actor.id, mine);
    }
  }

  const queued: QueuedMessage[] = [];
  for (const [id, { owner, entries }] of items) {
    const dedupeKey = `digest:${id}:${day}`;
    if (await strapi.db.query(NOTIFICATION).count({ where: { dedupeKey } })) continue;
    // The last digest's own clock (payload.at), not its row's creation time: a run can be given its "now".
    const last = await strapi.db.query(NOTIFICATION).findOne({ where: { template: DIGEST_TEMPLATE, recipientId: id }, orderBy: { id: 'desc' }, select: ['payload'] });
    const since = last?.payload?.at ? new Date(last.payload.at) : new Date(now.getTime() - 24 * 3600_000);
    const overdue = entries.filter((e) => e.item.overdueBy).map((e) => e.item);
    const fresh = entries.filter((e) => !e.item.overdueBy && e.arrived > since && e.arrived <= now).map((e) => e.item);
    const digest = composeDigest(owner.actor.name ?? owner.email, day, fresh, overdue);
    if (!digest) continue;
    try {
      queued.push(
        await queueNotification(strapi, {
          recipientType: 'staff',
          recipientId: id,
          recipientEmail: owner.email,
          template: DIGEST_TEMPLATE,
          ...digest,
          payload: { day, at: now.toISOString(), fresh: fresh.map((i) => i.documentId), overdue: overdue.map((i) => i.documentId) },
          dedupeKey,
        }),
      );
    } catch (error) {
      // Another instance wrote this person's digest for the day between the count and the insert.
      if (await strapi.db.query(NOTIFICATION).count({ where: { dedupeKey } })) continue;
      throw error;
    }
  }
  await dispatchNotifications(strapi, queued);
  return { sent: queued.length };
}
