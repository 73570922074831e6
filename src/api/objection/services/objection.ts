import crypto from 'crypto';
import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import type { Actor } from '../../../domain/workflow';
import { FINDING_LABELS, rulingOpinion } from '../../../domain/objections';
import { shanghaiDate } from '../../../domain/time';
import { SYSTEM_ACTOR } from '../../application/support/actors';
import { NOT_VISIBLE, RefusalError } from '../../application/support/errors';
import { asObjectionService } from '../../../guards/write-context';
import { lockRow } from '../../../database/row-lock';
import { CheckedUpload, dropStored, recordAttachment, storeUpload } from '../../attachment/support/keep';
import { QueuedMessage, dispatchNotifications, queueNotification } from '../../notification/support/outbox';

const UID = 'api::objection.objection';
const APPLICATION = 'api::application.application';
const FINDINGS = ['upheld', 'dismissed'] as const;
const OUTCOMES = ['reject', 'return'] as const;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

/** Letters and digits without look-alikes (no 0/O, 1/I/L), for numbers people read out and type. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const randomCode = (length: number) => Array.from(crypto.randomBytes(length), (byte) => ALPHABET[byte % ALPHABET.length]).join('');

/** 异议编号: YY, the Beijing date, and eight letters: YY20261205-7F3KQ2MX. */
export const newReceiptNo = (now: Date) => `YY${shanghaiDate(now).replace(/-/g, '')}-${randomCode(8)}`;

export interface LodgedObjection {
  publicity: string;
  application: string;
  objectorName: string;
  objectorOrganization: string | null;
  phone: string;
  email: string | null;
  reason: string;
}

/**
 * 公示异议 (src/domain/objections.ts): lodging one, with the record of its filing in the
 * application's chain; the objector's lookup of its ruling; and the city reviewer's ruling, which
 * is recorded in the chain too and then rejects, returns or releases the application.
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * A lodged objection: a receipt to the objector (when it left an address) and word to each city
   * reviewer, whose finding it awaits. Sent after the objection is stored; a failed send is retried.
   */
  async acknowledge(documentId: string, key: string) {
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
          body: `${objection.objectorName}：您对${about}提出的公示异议已收到，异议编号 ${objection.receiptNo}。市数据局将依程序核查，并将处理结果答复您。\n您可凭异议编号和查询码 ${key}，在申报门户的「公示公告 › 异议查询」（/objections）查看处理进展和结论。`,
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
          body: `${objection.publicity?.title ?? ''}收到对${about}的异议（异议编号 ${objection.receiptNo}），请在审核工作台核查并作出处理结论。异议理由：${objection.reason}`,
          payload: { objectionId: documentId },
          application: objection.application?.id,
          dedupeKey: `objection:${documentId}:lodged:${reviewer.adminUser.id}`,
        }),
      );
    }
    dispatchNotifications(strapi, queued).catch((error) => strapi.log.error(`[shenbao] objection notices failed: ${error.message}`));
  },

  /**
   * An objection lodged during a 公示, with its signed scan. The objection, its file and the record
   * of its filing in the application's chain are written in one transaction: all, or nothing.
   * Returns the receipt number and the key with which the objector looks up the ruling later
   * (only its hash is kept).
   */
  async lodge(values: LodgedObjection, scan: CheckedUpload, now = new Date()) {
    const receiptNo = newReceiptNo(now);
    const key = randomCode(20);
    const saved = storeUpload(strapi, scan);
    try {
      const objection = await strapi.db.transaction(async () => {
        // The application's row first: the objection's link to it takes a share of that row, and
        // two objections lodged at once that both held a share and then wanted the row would deadlock.
        await lockRow(strapi, 'applications', { document_id: values.application });
        // Checked again under the lock: a 公示 that the closing job ended a moment ago takes no objection.
        const batch = await strapi.db.query('api::publicity.publicity').findOne({ where: { documentId: values.publicity, applications: { documentId: values.application } }, select: ['kind', 'endsAt'] });
        const current = await strapi.db.query(APPLICATION).findOne({ where: { documentId: values.application }, select: ['state'] });
        if (!batch || current?.state !== batch.kind || new Date(batch.endsAt) <= now) throw new RefusalError(409, 'publicity_over', '该项目的公示期已结束，不再受理异议', 'application');
        const row = await asObjectionService(() =>
          strapi.documents(UID).create({ data: { ...values, receiptNo, lookupKeyHash: sha256(key), resolution: 'open', lodgedAt: now.toISOString() } as any }),
        );
        const file = await recordAttachment(strapi, { objection: row.documentId }, 'signedScan', scan, saved, 'public');
        // The objector is a member of the public whose name stays with the objection (个人信息保护法).
        await recordLodged(strapi, { documentId: row.documentId, receiptNo, reason: values.reason, publicity: values.publicity, application: values.application }, { kind: 'public', id: row.documentId, name: null, role: null }, [file], now);
        return row;
      });
      return { documentId: objection.documentId as string, receiptNo, key };
    } catch (error) {
      dropStored(strapi, saved);
      throw error;
    }
  },

  /** What the objector may see of its objection, by receipt number and the key it was given; null otherwise. */
  async lookup(receiptNo: unknown, key: unknown) {
    if (typeof receiptNo !== 'string' || typeof key !== 'string' || !receiptNo || !key) return null;
    const row = await strapi.db.query(UID).findOne({ where: { receiptNo: receiptNo.trim().toUpperCase() }, populate: { application: { select: ['serialNo', 'title'] }, publicity: { select: ['documentId', 'title'] } } });
    if (!row?.lookupKeyHash) return null;
    const [expected, given] = [Buffer.from(row.lookupKeyHash), Buffer.from(sha256(key.trim()))];
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
    return {
      receiptNo: row.receiptNo as string,
      publicity: row.publicity ? { documentId: row.publicity.documentId as string, title: row.publicity.title as string } : null,
      application: row.application ? { serialNo: row.application.serialNo as string | null, title: row.application.title as string } : null,
      lodgedAt: row.lodgedAt as string,
      resolution: row.resolution as 'open' | 'upheld' | 'dismissed',
      reply: row.resolution === 'open' ? null : (row.reply as string),
      decidedAt: row.decidedAt as string | null,
    };
  },

  /**
   * The city reviewer's ruling. In one transaction: the objection is decided (once, even when two
   * reviewers answer at the same moment), the ruling goes into the application's chain (who, when,
   * 成立 or 不成立, and why), and then: upheld, the application is rejected or returned through the
   * transition service while it is still in its 公示; dismissed, its hold is released.
   */
  async decide(actor: Actor, documentId: string, body: Record<string, unknown>, now = new Date()) {
    if (actor.role !== 'city_reviewer') throw new RefusalError(403, 'no_permission', '只有市数据局审核人员可以处理公示异议');
    const finding = body.finding as (typeof FINDINGS)[number];
    if (!FINDINGS.includes(finding)) throw new RefusalError(400, 'invalid_finding', '请选择核查结论：异议成立或异议不成立', 'finding');
    const reason = text(body.reason);
    if (!reason || reason.length > 2000) throw new RefusalError(400, 'missing_reason', '请填写核查意见，不超过2000字', 'reason');
    const reply = text(body.reply);
    if (!reply || reply.length > 2000) throw new RefusalError(400, 'missing_reply', '请填写给异议人的答复，不超过2000字', 'reply');
    const outcome = body.outcome as (typeof OUTCOMES)[number];
    if (finding === 'upheld' && !OUTCOMES.includes(outcome)) throw new RefusalError(400, 'invalid_outcome', '异议成立时请选择处理方式：不予支持或退回补正', 'outcome');

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
        data: { resolution: finding, finding: reason, reply, decidedAt: now, decidedBy: actor.name ?? actor.id },
      });
      if (count !== 1) throw new RefusalError(409, 'already_decided', '该异议已处理', 'finding');
      const current = await strapi.db.query(APPLICATION).findOne({ where: { id: app.id }, select: ['documentId', 'state'] });
      // An upheld objection acts on the application while it is in the 公示 the objection was lodged in.
      const acts = finding === 'upheld' && current.state === objection.publicity?.kind;
      await transitions.recordEvent({
        documentId: app.documentId,
        actor,
        action: 'objection_ruled',
        opinion: rulingOpinion(finding, reason),
        subject: { kind: 'objection', objection: documentId, receiptNo: objection.receiptNo ?? null, finding, outcome: acts ? outcome : null, replySha256: sha256(reply) },
        now,
      });
      if (acts) {
        const version = (await strapi.db.query(APPLICATION).findOne({ where: { id: app.id }, select: ['version'] })).version;
        const request =
          outcome === 'reject'
            ? { action: 'reject', version, opinion: `公示异议成立：${reason}` }
            : { action: 'return', version, opinion: `公示异议成立：${reason}`, flaggedFields: Array.isArray(body.flaggedFields) ? body.flaggedFields : [] };
        await transitions.transition({ documentId: app.documentId, actor, request, now });
      } else if (finding === 'dismissed') {
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
              body: `${objection.objectorName}：您对「${app.title}」（${app.serialNo ?? ''}）提出的公示异议${objection.receiptNo ? `（异议编号 ${objection.receiptNo}）` : ''}已办结。核查结论：${FINDING_LABELS[finding]}。答复：${reply}`,
              payload: { objectionId: documentId, finding },
              application: app.id,
              dedupeKey: `objection:${documentId}:answered`,
            }),
          ]
        : [];
    });
    dispatchNotifications(strapi, queued).catch((error) => strapi.log.error(`[shenbao] objection reply dispatch failed: ${error.message}`));
    return strapi.db.query(UID).findOne({ where: { documentId }, select: ['documentId', 'receiptNo', 'resolution', 'finding', 'reply', 'decidedAt', 'decidedBy'] });
  },
}));

/**
 * The record of an objection's filing in its application's chain: the objection, its receipt
 * number, the hash of its reason and its files, and who lodged it (the objector, or the staff
 * member who registered it on the objector's behalf).
 */
export async function recordLodged(
  strapi: Core.Strapi,
  objection: { documentId: string; receiptNo: string; reason: string; publicity: string | null; application: string },
  actor: Actor,
  files: Array<{ id: string; name: string; sha256: string }>,
  now = new Date(),
) {
  const onBehalf = actor.kind === 'staff';
  await (strapi.service('api::application.transition') as any).recordEvent({
    documentId: objection.application,
    actor,
    action: 'objection_lodged',
    opinion: `${onBehalf ? '代异议人登记，' : ''}异议编号 ${objection.receiptNo}，待市数据局核查`,
    subject: { kind: 'objection', objection: objection.documentId, receiptNo: objection.receiptNo, publicity: objection.publicity, reasonSha256: sha256(objection.reason) },
    attachments: files.map(({ id, name, sha256: hash }) => ({ id, name, sha256: hash })),
    now,
  });
}

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
