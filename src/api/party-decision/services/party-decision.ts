import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { formatShanghaiDate, shanghaiDate } from '../../../domain/time';
import type { Actor, AttachmentRef } from '../../../domain/workflow';
import { checkFile } from '../../../portal/private-files';
import { RefusalError } from '../../application/support/errors';
import { keepAttachment } from '../../attachment/support/keep';

const UID = 'api::party-decision.party-decision';
const SCAN_SLOT = '__decision_scan';
const MAX_SCAN_BYTES = 20 * 1024 * 1024;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface UploadedScan {
  filepath: string;
  originalFilename?: string | null;
  size: number;
}

/**
 * 党组集体研究决定 (第十二条): the meeting that decides a disbursement plan. Finance records the
 * meeting date, the minute number and the scanned minutes once; each approval then names the
 * record, and the scan's SHA-256 goes into the application's hash chain with it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** One record with its scan, as the desk shows it. */
  async function describe(documentId: string) {
    const row = await strapi.db.query(UID).findOne({ where: { documentId }, populate: ['files'] });
    if (!row) return null;
    const scan = (row.files ?? []).find((file: any) => file.slot === SCAN_SLOT);
    return {
      documentId: row.documentId as string,
      meetingDate: row.meetingDate as string,
      minuteNo: row.minuteNo as string,
      note: row.note as string | null,
      scan: scan
        ? {
            id: scan.documentId as string,
            name: scan.originalName as string,
            sha256: scan.sha256 as string,
          }
        : null,
    };
  }

  return {
    async record(actor: Actor, body: Record<string, unknown>, scan: UploadedScan | undefined, now = new Date()) {
      try {
        if (actor.role !== 'finance') throw new RefusalError(403, 'no_permission', '只有资金拨付人员可以登记党组集体研究决定');
        const meetingDate = typeof body.meetingDate === 'string' ? body.meetingDate.trim() : '';
        const meetingDay = new Date(`${meetingDate}T12:00:00+08:00`);
        if (!ISO_DATE.test(meetingDate) || Number.isNaN(meetingDay.getTime()) || shanghaiDate(meetingDay) !== meetingDate) {
          throw new RefusalError(400, 'invalid_meeting_date', '会议日期应为有效日期，格式如 2026-03-01', 'meetingDate');
        }
        if (meetingDate > shanghaiDate(now)) throw new RefusalError(400, 'meeting_in_future', '会议日期不能晚于今天', 'meetingDate');
        const minuteNo = typeof body.minuteNo === 'string' ? body.minuteNo.trim() : '';
        if (!minuteNo || minuteNo.length > 100) throw new RefusalError(400, 'invalid_minute_no', '请填写会议纪要编号，不超过100字', 'minuteNo');
        const note = typeof body.note === 'string' ? body.note.trim() : '';
        if (note.length > 1000) throw new RefusalError(400, 'invalid_note', '备注不能超过1000字', 'note');
        if (!scan?.filepath) throw new RefusalError(400, 'missing_scan', '请上传会议纪要扫描件', 'scan');
        if (scan.size > MAX_SCAN_BYTES) throw new RefusalError(400, 'too_large', '会议纪要扫描件不能超过20MB', 'scan');
        const detected = await checkFile(scan, 'scan');
        if (!detected) throw new RefusalError(400, 'wrong_type', '会议纪要扫描件只接受 PDF、JPG 或 PNG 文件（按文件内容识别）', 'scan');
        if (await strapi.db.query(UID).count({ where: { minuteNo } })) throw new RefusalError(409, 'duplicate_minute_no', `会议纪要「${minuteNo}」已经登记过`, 'minuteNo');

        const documentId = await strapi.db.transaction(async () => {
          const decision = await strapi.documents(UID as any).create({
            data: {
              meetingDate,
              minuteNo,
              note: note || null,
              recordedBy: actor.id,
            } as any,
          });
          await keepAttachment(strapi, { partyDecision: decision.documentId }, SCAN_SLOT, { ...scan, detected }, actor.id);
          return decision.documentId as string;
        });
        return describe(documentId);
      } finally {
        if (scan?.filepath) fs.rmSync(scan.filepath, { force: true });
      }
    },

    /** The latest records, for finance to pick the meeting that decided an application. */
    async recent(limit = 50) {
      const rows = await strapi.db.query(UID).findMany({
        orderBy: [{ meetingDate: 'desc' }, { id: 'desc' }],
        limit,
        select: ['documentId'],
      });
      return Promise.all(rows.map((row: any) => describe(row.documentId)));
    },

    /**
     * What an approval carries: the record, the scan's reference for the hash chain, and an opinion
     * that names the meeting. Refused when the record is missing or has no scan.
     */
    async forApproval(documentId: unknown): Promise<{
      decisionRecord: string;
      minuteNo: string;
      attachments: AttachmentRef[];
      opinion: string;
    }> {
      const decision = typeof documentId === 'string' && documentId ? await describe(documentId) : null;
      if (!decision) throw new RefusalError(400, 'unknown_decision_record', '请选择已登记的党组集体研究决定', 'decisionRecord');
      if (!decision.scan) throw new RefusalError(400, 'decision_without_scan', `党组决定「${decision.minuteNo}」缺少会议纪要扫描件，请重新登记`, 'decisionRecord');
      return {
        decisionRecord: decision.documentId,
        minuteNo: decision.minuteNo,
        attachments: [
          {
            id: decision.scan.id,
            name: decision.scan.name,
            sha256: decision.scan.sha256,
          },
        ],
        opinion: `经${formatShanghaiDate(`${decision.meetingDate}T12:00:00+08:00`)}党组会议集体研究通过（${decision.minuteNo}）`,
      };
    },
  };
};
