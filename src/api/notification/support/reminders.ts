import type { Core } from '@strapi/strapi';
import { formatShanghaiDateTime } from '../../../domain/time';
import { Actor, StageDefinition, WorkflowDefinition, canSee } from '../../../domain/workflow';
import { actorOf } from '../../application/support/actors';
import { loadCalendar, waitingWorkingDays } from '../../application/support/scope';
import { QueuedMessage, dispatchNotifications, queueNotification } from './outbox';

/**
 * Time limits (办理时限): a stage may carry a limit in working days. The daily job reminds the
 * staff who own an application that has waited longer than its stage's limit, once per stay in
 * the stage, and tells their supervisors once it is ESCALATE_AFTER working days later still. Each
 * reminder is a row of the outbox (template reminder.overdue / reminder.escalated): that is the log.
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

export async function sendReminders(strapi: Core.Strapi, now = new Date()) {
  const definitions: WorkflowDefinition[] = await (strapi.service('api::workflow.workflow') as any).allStored();
  const limited = new Map<string, StageDefinition>();
  for (const definition of definitions) for (const stage of definition.stages) if (stage.timeLimitWorkingDays) limited.set(`${definition.key}@${definition.version}:${stage.key}`, stage);
  if (!limited.size) return { reminded: 0, escalated: 0 };
  const states = [...new Set([...limited.keys()].map((key) => key.split(':')[1]))];

  const staff = await loadStaff(strapi);
  const calendar = await loadCalendar(strapi);
  const apps = await strapi.db.query(APPLICATION).findMany({
    where: { state: { $in: states } },
    select: ['id', 'documentId', 'title', 'serialNo', 'state', 'version', 'districtCode', 'organizationUscc', 'assignments', 'stateChangedAt', 'workflowKey', 'workflowVersion'],
  });

  const queued: QueuedMessage[] = [];
  const outcome = { reminded: 0, escalated: 0 };
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
  return outcome;
}
