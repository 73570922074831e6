import type { Core } from '@strapi/strapi';
import { formatShanghaiDateTime, shanghaiDate } from '../../../domain/time';
import { Actor, StageDefinition, WorkflowDefinition, canSee } from '../../../domain/workflow';
import { actorOf } from '../../application/support/actors';
import { loadCalendar, waitingWorkingDays } from '../../application/support/scope';
import { QueuedMessage, dispatchNotifications, queueNotification } from './outbox';

/**
 * Time limits (办理时限): a stage may carry a limit in working days. The daily job reminds the
 * staff who own an application that has waited longer than its stage's limit, once per stay in
 * the stage, and tells their supervisors once it is ESCALATE_AFTER working days later still. Each
 * reminder is a row of the outbox (template reminder.overdue / reminder.escalated): that is the log.
 * An application whose wait cannot be counted (a year of its period has no working-day calendar)
 * cannot be reminded of: the job says so in the log each run, and the home page of those who may
 * import a year shows it (uncountedWaits), rather than the reminders stopping silently.
 */
export const ESCALATE_AFTER = 5;
const APPLICATION = 'api::application.application';
const PROFILE = 'api::reviewer-profile.reviewer-profile';

export interface Owner {
  actor: Actor;
  email: string;
  supervisor: { id: number; email: string } | null;
  /** the reviewer profile's opt-out of the daily digest (support/digest.ts) */
  digestOptOut: boolean;
}

/** Active staff with an email address, as the engine sees them. */
export async function loadStaff(strapi: Core.Strapi): Promise<Owner[]> {
  const profiles = await strapi.db.query(PROFILE).findMany({ where: { active: true }, populate: ['adminUser', 'supervisor', 'district'] });
  return profiles
    .filter((p: any) => p.adminUser?.email)
    .map((profile: any) => ({
      actor: actorOf(profile.adminUser, profile),
      email: profile.adminUser.email,
      supervisor: profile.supervisor?.email ? { id: profile.supervisor.id, email: profile.supervisor.email } : null,
      digestOptOut: profile.digestOptOut === true,
    }));
}

/** The staff who act at the stage; those who assign only, when nobody they assign can see it yet. */
export function ownersAt(stage: StageDefinition, app: any, staff: Owner[]): Owner[] {
  const snapshot = {
    state: app.state,
    version: app.version,
    districtCode: app.districtCode,
    organizationId: '',
    organizationUscc: app.organizationUscc ?? '',
    assignments: app.assignments ?? {},
  };
  const roles = (assignOnly: boolean) => new Set(stage.actions.filter((a) => (a.key === 'assign') === assignOnly && a.role !== 'system' && a.role !== 'applicant').map((a) => a.role));
  const who = (wanted: Set<string>) => staff.filter((owner) => wanted.has(owner.actor.role ?? '') && canSee(owner.actor, snapshot));
  const acting = who(roles(false));
  return acting.length ? acting : who(roles(true));
}

/** The stages with a time limit, by workflow key, version and stage key. */
function limitedStages(definitions: WorkflowDefinition[]) {
  const limited = new Map<string, StageDefinition>();
  for (const definition of definitions) for (const stage of definition.stages) if (stage.timeLimitWorkingDays) limited.set(`${definition.key}@${definition.version}:${stage.key}`, stage);
  return limited;
}

export async function sendReminders(strapi: Core.Strapi, now = new Date()) {
  const definitions: WorkflowDefinition[] = await (strapi.service('api::workflow.workflow') as any).allStored();
  const limited = limitedStages(definitions);
  if (!limited.size) return { reminded: 0, escalated: 0, uncounted: { applications: 0, years: [] as number[] } };
  const states = [...new Set([...limited.keys()].map((key) => key.split(':')[1]))];

  const staff = await loadStaff(strapi);
  const calendar = await loadCalendar(strapi);
  const apps = await strapi.db.query(APPLICATION).findMany({
    where: { state: { $in: states } },
    select: ['id', 'documentId', 'title', 'serialNo', 'state', 'version', 'districtCode', 'organizationUscc', 'assignments', 'stateChangedAt', 'workflowKey', 'workflowVersion'],
  });

  const queued: QueuedMessage[] = [];
  const outcome = { reminded: 0, escalated: 0, uncounted: uncounted(calendar.loadedYears, limited, apps, now) };
  const remind = async (level: 'overdue' | 'escalated', app: any, stage: StageDefinition, waited: number, to: { id: string; email: string }) => {
    const dedupeKey = `reminder:${app.documentId}:${new Date(app.stateChangedAt).toISOString()}:${level}:${to.id}`;
    if (await strapi.db.query('api::notification.notification').count({ where: { dedupeKey } })) return;
    const about = `「${app.title}」（${app.serialNo ?? '未编号'}）`;
    queued.push(
      await queueNotification(strapi, {
        recipientType: 'staff',
        recipientId: to.id,
        recipientEmail: to.email,
        template: level === 'overdue' ? 'reminder.overdue' : 'reminder.escalated',
        subject: `【${level === 'overdue' ? '办理超期提醒' : '超期升级提醒'}】${about}`,
        body:
          level === 'overdue'
            ? `${about}自${formatShanghaiDateTime(app.stateChangedAt)}进入「${stage.label}」，已等待${waited}个工作日，超过办理时限（${stage.timeLimitWorkingDays}个工作日）。请尽快在审核工作台办理。`
            : `${about}在「${stage.label}」已等待${waited}个工作日，超过办理时限（${stage.timeLimitWorkingDays}个工作日）${waited - stage.timeLimitWorkingDays!}个工作日，经办人员已于此前收到提醒。请督促办理。`,
        payload: { applicationId: app.documentId, stage: stage.key, waitedWorkingDays: waited, level },
        application: app.id,
        dedupeKey,
      }),
    );
    outcome[level === 'overdue' ? 'reminded' : 'escalated'] += 1;
  };

  for (const app of apps) {
    const stage = limited.get(`${app.workflowKey}@${app.workflowVersion}:${app.state}`);
    const waited = stage ? waitingWorkingDays(calendar, app.stateChangedAt, now) : null;
    if (!stage || waited === null || waited <= stage.timeLimitWorkingDays!) continue;
    const owners = ownersAt(stage, app, staff);
    for (const owner of owners) await remind('overdue', app, stage, waited, { id: owner.actor.id, email: owner.email });
    if (waited > stage.timeLimitWorkingDays! + ESCALATE_AFTER) {
      const supervisors = new Map(owners.filter((o) => o.supervisor).map((o) => [o.supervisor!.id, o.supervisor!]));
      for (const supervisor of supervisors.values()) await remind('escalated', app, stage, waited, { id: String(supervisor.id), email: supervisor.email });
    }
  }
  await dispatchNotifications(strapi, queued);
  if (outcome.uncounted.applications) {
    const years = outcome.uncounted.years.join('、');
    strapi.log.warn(
      `[办理时限提醒] ${outcome.uncounted.applications}件申报的等待工作日无法计算，未能判断是否超期：${years}年工作日历尚未导入。请在「内容管理 › 工作日历」导入 (reminders skipped: working-day calendar of ${years} not loaded)`,
    );
  }
  return outcome;
}

/** The applications at a time-limited stage whose wait runs into a year without a calendar, and those years. */
function uncounted(loadedYears: ReadonlySet<number>, limited: Map<string, StageDefinition>, apps: any[], now: Date) {
  const thisYear = Number(shanghaiDate(now).slice(0, 4));
  const years = new Set<number>();
  let applications = 0;
  for (const app of apps) {
    if (!app.stateChangedAt || !limited.has(`${app.workflowKey}@${app.workflowVersion}:${app.state}`)) continue;
    const missing: number[] = [];
    for (let year = Number(shanghaiDate(new Date(app.stateChangedAt)).slice(0, 4)); year <= thisYear; year += 1) if (!loadedYears.has(year)) missing.push(year);
    if (!missing.length) continue;
    applications += 1;
    for (const year of missing) years.add(year);
  }
  return { applications, years: [...years].sort() };
}

/** What the reminder job cannot count now, for the home page of those who can fix it. */
export async function uncountedWaits(strapi: Core.Strapi, now = new Date()) {
  const definitions: WorkflowDefinition[] = await (strapi.service('api::workflow.workflow') as any).allStored();
  const limited = limitedStages(definitions);
  if (!limited.size) return { applications: 0, years: [] as number[] };
  const states = [...new Set([...limited.keys()].map((key) => key.split(':')[1]))];
  const apps = await strapi.db.query(APPLICATION).findMany({ where: { state: { $in: states } }, select: ['state', 'stateChangedAt', 'workflowKey', 'workflowVersion'] });
  return uncounted((await loadCalendar(strapi)).loadedYears, limited, apps, now);
}
