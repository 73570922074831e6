import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import type { Actor } from '../../../domain/workflow';
import { SYSTEM_ACTOR } from '../../application/support/actors';
import { NOT_VISIBLE, RefusalError } from '../../application/support/errors';
import { QueuedMessage, dispatchNotifications, queueNotification } from '../../notification/support/outbox';

const UID = 'api::objection.objection';
const APPLICATION = 'api::application.application';
const FINDINGS = ['upheld', 'dismissed'] as const;
const OUTCOMES = ['reject', 'return'] as const;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The city reviewer's finding on a 公示 objection (异议处理). Upheld: the application is rejected,
 * or returned for correction, through the transition service. Dismissed: the hold is released,
 * and if the 公示 period has already ended the application advances now. Either way the finding
 * and the reply to the objector are recorded in the same transaction, and the reply is mailed
 * to the objector when it left an address.
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * A lodged objection: a receipt to the objector (when it left an address) and word to each city
   * reviewer, whose finding it awaits. Sent after the objection is stored; a failed send is retried.
   */
  async acknowledge(documentId: string) {
    const objection = await strapi.db.query(UID).findOne({ where: { documentId }, populate: { application: true, publicity: true } });
    if (!objection) return;
    const about = `「${objection.application?.title ?? ''}」（${objection.application?.serialNo ?? ''}）`;
    const reviewers = await strapi.db.query('api::reviewer-profile.reviewer-profile').findMany({ where: { role: 'city_reviewer', active: true }, populate: ['adminUser'] });
    const queued: QueuedMessage[] = [];
    if (text(objection.email)) {
      queued.push(
        await queueNotification(strapi, {
          recipientType: 'public',
          recipientEmail: text(objection.email),
          template: 'objection.received',
          subject: `【异议受理回执】${objection.publicity?.title ?? ''}`,
          body: `${objection.objectorName}：您对${about}提出的公示异议已收到。市数据局将依程序核查，并将处理结果答复您。`,
          payload: { objectionId: documentId },
          application: objection.application?.id,
          dedupeKey: `objection:${documentId}:received`,
        }),
      );
    }
    for (const reviewer of reviewers.filter((r: any) => r.adminUser?.email)) {
      queued.push(
        await queueNotification(strapi, {
          recipientType: 'staff',
          recipientId: String(reviewer.adminUser.id),
          recipientEmail: reviewer.adminUser.email,
          template: 'objection.lodged',
          subject: `【新的公示异议】${about}`,
          body: `${objection.publicity?.title ?? ''}收到对${about}的异议，请在审核工作台核查并作出处理结论。异议理由：${objection.reason}`,
          payload: { objectionId: documentId },
          application: objection.application?.id,
          dedupeKey: `objection:${documentId}:lodged:${reviewer.adminUser.id}`,
        }),
      );
    }
    dispatchNotifications(strapi, queued).catch((error) => strapi.log.error(`[shenbao] objection notices failed: ${error.message}`));
  },

  async decide(actor: Actor, documentId: string, body: Record<string, unknown>, now = new Date()) {
    if (actor.role !== 'city_reviewer') throw new RefusalError(403, 'no_permission', '只有市数据局审核人员可以处理公示异议');
    const finding = body.finding as (typeof FINDINGS)[number];
    if (!FINDINGS.includes(finding)) throw new RefusalError(400, 'invalid_finding', '处理结论（finding）只能是 upheld（异议成立）或 dismissed（异议不成立）', 'finding');
    const reason = text(body.reason);
    if (!reason || reason.length > 2000) throw new RefusalError(400, 'missing_reason', '请填写核查意见（reason），不超过2000字', 'reason');
    const reply = text(body.reply);
    if (!reply || reply.length > 2000) throw new RefusalError(400, 'missing_reply', '请填写给异议人的答复（reply），不超过2000字', 'reply');
    const outcome = body.outcome as (typeof OUTCOMES)[number];
    if (finding === 'upheld' && !OUTCOMES.includes(outcome)) throw new RefusalError(400, 'invalid_outcome', '异议成立时请选择处理方式（outcome）：reject（不予支持）或 return（退回补正）', 'outcome');

    const objection = await strapi.db.query(UID).findOne({ where: { documentId }, populate: { application: true, publicity: true } });
    if (!objection) throw NOT_VISIBLE();
    if (objection.resolution !== 'open') throw new RefusalError(409, 'already_decided', '该异议已处理', 'finding');
    const app = objection.application;
    if (!app) throw new RefusalError(409, 'no_application', '该异议未指明申报，请在内容管理中核对后处理');
    const transitions = strapi.service('api::application.transition') as any;

    const queued = await strapi.db.transaction(async () => {
      // Decided only once, even when two reviewers answer at the same moment.
      const { count } = await strapi.db.query(UID).updateMany({
        where: { id: objection.id, resolution: 'open' },
        data: { resolution: finding, finding: reason, reply, decidedAt: now },
      });
      if (count !== 1) throw new RefusalError(409, 'already_decided', '该异议已处理', 'finding');
      if (finding === 'upheld') {
        const request =
          outcome === 'reject'
            ? { action: 'reject', version: app.version, opinion: `公示异议成立：${reason}` }
            : { action: 'return', version: app.version, opinion: `公示异议成立：${reason}`, flaggedFields: Array.isArray(body.flaggedFields) ? body.flaggedFields : [] };
        await transitions.transition({ documentId: app.documentId, actor, request, now });
      } else {
        await releaseHoldWith(strapi, app, now);
      }
      const email = text(objection.email);
      return email
        ? [
            await queueNotification(strapi, {
              recipientType: 'public',
              recipientEmail: email,
              template: 'objection.answered',
              subject: `【公示异议答复】${objection.publicity?.title ?? ''}`,
              body: `${objection.objectorName}：您对「${app.title}」（${app.serialNo ?? ''}）提出的公示异议已办结。核查结论：${finding === 'upheld' ? '异议成立' : '异议不成立'}。答复：${reply}`,
              payload: { objectionId: documentId, finding },
              application: app.id,
              dedupeKey: `objection:${documentId}:answered`,
            }),
          ]
        : [];
    });
    dispatchNotifications(strapi, queued).catch((error) => strapi.log.error(`[shenbao] objection reply dispatch failed: ${error.message}`));
    return strapi.db.query(UID).findOne({ where: { documentId }, select: ['documentId', 'resolution', 'finding', 'reply', 'decidedAt'] });
  },
}));

/**
 * A dismissed objection releases its hold: once no other objection is open and the 公示 of the
 * stage has ended, the application advances as the closing job would have advanced it.
 */
async function releaseHoldWith(strapi: Core.Strapi, app: any, now: Date) {
  const transitions = strapi.service('api::application.transition') as any;
  const current = await strapi.db.query(APPLICATION).findOne({ where: { id: app.id }, populate: ['organization', 'program'] });
  const snapshot = await transitions.snapshotOf(current, await transitions.recordsOf(current), now);
  if (snapshot.publicity !== 'ended' || snapshot.openObjections > 0) return;
  await transitions.transition({ documentId: current.documentId, actor: SYSTEM_ACTOR, request: { action: 'publicity_passed', version: current.version }, now });
}
