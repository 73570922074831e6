import type { Core } from '@strapi/strapi';
import { FieldError, StoredAttachment, definitionAtVersion, foreignAttachments, missingMaterials } from '../../../domain/forms';
import { callWithForms } from '../../task-spec/support/forms';

/**
 * `npm run audit:materials`: the applications whose materials are not real. Before issue 20 a
 * file slot took any string and submission never looked for the files, so an application could
 * name files that were never stored and still go through the whole chain. This finds them, and
 * the records that name files no longer stored; it changes nothing. What to do with each case
 * (return it for correction, or leave a note on the file) is the bureau's call.
 */
export interface MaterialsFinding {
  documentId: string;
  serialNo: string | null;
  title: string;
  state: string;
  organizationName: string | null;
  /** each slot that names what was not stored for it, or that a submitted application lacks */
  slots: Array<{ slot: string; label: string; problem: 'foreign' | 'missing'; message: string }>;
  /** records (by seq) that name a file no longer stored for the application */
  records: Array<{ seq: number; action: string; missing: string[] }>;
}

export interface MaterialsReport {
  applications: number;
  findings: MaterialsFinding[];
}

const APPLICATION = 'api::application.application';
const ATTACHMENT = 'api::attachment.attachment';
const RECORD = 'api::review-record.review-record';
const BATCH = 500;
/** Never submitted: its files may still come, so only made-up ids are a finding. */
const UNSUBMITTED = ['draft', 'withdrawn'];

/** The rows of `uid` linked through `field` to these applications, grouped by application id. */
async function linkedRows(strapi: Core.Strapi, uid: string, field: string, applicationIds: number[], select: string[]) {
  const { joinTable } = (strapi.db.metadata.get(uid as any).attributes as any)[field];
  const [own, parent] = [joinTable.joinColumn.name, joinTable.inverseJoinColumn.name];
  const links = await strapi.db.connection(joinTable.name).whereIn(parent, applicationIds).select(own, parent);
  const owner = new Map<number, number>(links.map((link: any) => [Number(link[own]), Number(link[parent])]));
  const rows = owner.size ? await strapi.db.query(uid as any).findMany({ where: { id: { $in: [...owner.keys()] } }, select: ['id', ...select] }) : [];
  const grouped = new Map<number, any[]>();
  for (const row of rows) {
    const applicationId = owner.get(row.id)!;
    grouped.set(applicationId, [...(grouped.get(applicationId) ?? []), row]);
  }
  return grouped;
}

export async function auditMaterials(strapi: Core.Strapi, onProgress?: (checked: number) => void): Promise<MaterialsReport> {
  const report: MaterialsReport = { applications: 0, findings: [] };
  const calls = new Map<string, any>();
  const callOf = async (documentId: string) => {
    if (!calls.has(documentId)) calls.set(documentId, await callWithForms(strapi, documentId));
    return calls.get(documentId);
  };
  let lastId = 0;
  for (;;) {
    const applications = await strapi.db.query(APPLICATION).findMany({
      where: { id: { $gt: lastId } },
      select: ['id', 'documentId', 'serialNo', 'title', 'state', 'answers', 'formVersion', 'taskSpecDocumentId', 'organizationName'],
      orderBy: { id: 'asc' },
      limit: BATCH,
    });
    if (!applications.length) return report;
    lastId = applications[applications.length - 1].id;
    const ids = applications.map((a: any) => a.id);
    const files = await linkedRows(strapi, ATTACHMENT, 'application', ids, ['documentId', 'slot']);
    const records = await linkedRows(strapi, RECORD, 'application', ids, ['seq', 'action', 'attachments']);
    for (const app of applications) {
      report.applications += 1;
      const stored: StoredAttachment[] = (files.get(app.id) ?? []).map((row: any) => ({ id: row.documentId, slot: row.slot }));
      const call = app.taskSpecDocumentId ? await callOf(app.taskSpecDocumentId) : null;
      const definition = call ? definitionAtVersion(call, app.formVersion ?? call.formVersion ?? 1) : null;
      const answers = app.answers ?? {};
      const foreign = definition ? foreignAttachments(definition, answers, stored) : [];
      const missing = definition && !UNSUBMITTED.includes(app.state) ? missingMaterials(definition, answers, stored).filter((m) => !foreign.some((f) => f.path === m.path)) : [];
      const problems: Array<FieldError & { problem: 'foreign' | 'missing' }> = [
        ...foreign.map((p) => ({ ...p, problem: 'foreign' as const })),
        ...missing.map((p) => ({ ...p, problem: 'missing' as const })),
      ];
      const storedIds = new Set(stored.map((file) => file.id));
      const deadRecords = (records.get(app.id) ?? [])
        .map((record: any) => ({ seq: Number(record.seq), action: record.action, missing: (Array.isArray(record.attachments) ? record.attachments : []).map((a: any) => String(a?.id)).filter((id: string) => !storedIds.has(id)) }))
        .filter((record: any) => record.missing.length)
        .sort((a: any, b: any) => a.seq - b.seq);
      if (problems.length || deadRecords.length) {
        report.findings.push({
          documentId: app.documentId,
          serialNo: app.serialNo ?? null,
          title: app.title,
          state: app.state,
          organizationName: app.organizationName ?? null,
          slots: problems.map((p) => ({ slot: p.path, label: p.label ?? p.path, problem: p.problem, message: p.message })),
          records: deadRecords,
        });
      }
    }
    onProgress?.(report.applications);
  }
}
