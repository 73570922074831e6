import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { compileForm } from '../../../domain/forms';
import type { CompiledForm } from '../../../domain/forms';
import { REPORT_STATUS_LABELS, ReportKind, ReportRule, ReportStatus, ScheduledReport, reportForm, reportSchedule } from '../../../domain/supervision';
import { shanghaiDate } from '../../../domain/time';
import type { Actor } from '../../../domain/workflow';
import { RefusalError } from '../../application/support/errors';
import { staffScope } from '../../application/support/scope';
import { findLinked, linkedTo } from '../../../database/links';

const UID = 'api::performance-report.performance-report';
const APPLICATION = 'api::application.application';
const STATUSES: ReportStatus[] = ['upcoming', 'due', 'late', 'filed'];
/** The supervision records after payment (src/domain/workflow/definitions.ts, disbursed). */
const SUPERVISION_ACTIONS = ['inspection', 'audit', 'data_report_check'];

/** After payment, and after a clawback too: the money was paid, so the reports were owed. */
const SUPERVISED = ['disbursed', 'clawed_back'];
/** The roles that may open 绩效监管 (the desk shows its link to them only). */
export const SUPERVISION_ROLES = ['city_reviewer', 'finance', 'district_reviewer'];

/**
 * Post-award supervision (第十一条): each paid application's report schedule, from its
 * programme's rules and the day it was paid, with what has been filed; for the applicant on the
 * portal and for staff as a list of what is due, late or filed.
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  async function paidOn(app: any): Promise<string> {
    const payment = await strapi.db.query('api::disbursement.disbursement').findOne({ where: { kind: 'payment', ...linkedTo(strapi, 'api::disbursement.disbursement', 'application', app.id) }, orderBy: { id: 'desc' } });
    // Applications paid before payments had their own step: the day they reached 已拨付.
    return payment?.paidOn ? String(payment.paidOn).slice(0, 10) : shanghaiDate(app.stateChangedAt ?? app.updatedAt);
  }

  async function rulesOf(programKey: string): Promise<ReportRule[]> {
    const program = await strapi.db.query('api::program.program').findOne({ where: { key: programKey }, populate: ['reportRules'] });
    return (program?.reportRules ?? []).map((r: any) => ({ kind: r.kind, everyMonths: r.everyMonths, count: r.count, graceDays: r.graceDays ?? 0, form: r.form ?? null }));
  }

  // Compiled once per definition: a report form is checked on every filing.
  const compiled = new Map<string, CompiledForm>();
  const compiledFor = (definition: unknown) => {
    const key = JSON.stringify(definition);
    if (!compiled.has(key)) compiled.set(key, compileForm(definition));
    return compiled.get(key)!;
  };

  async function scheduleOf(app: any, now: Date): Promise<ScheduledReport[]> {
    const rules = await rulesOf(app.programKey);
    const filed = await findLinked(strapi, UID, 'application', app.id, { select: ['period', 'submittedAt'] });
    return reportSchedule(rules, await paidOn(app), filed.map((r: any) => ({ period: r.period, submittedAt: new Date(r.submittedAt).toISOString() })), shanghaiDate(now));
  }

  return {
    /** The schedule of one paid application (empty before payment). */
    async scheduleFor(applicationDocumentId: string, now = new Date()) {
      const app = await strapi.db.query(APPLICATION).findOne({ where: { documentId: applicationDocumentId } });
      if (!app || !SUPERVISED.includes(app.state)) return [];
      return scheduleOf(app, now);
    },

    /** The compiled form a report of this kind is filed on, for the application's programme. */
    async formFor(applicationDocumentId: string, kind: ReportKind): Promise<CompiledForm> {
      const app = await strapi.db.query(APPLICATION).findOne({ where: { documentId: applicationDocumentId }, select: ['programKey'] });
      const rule = (await rulesOf(app?.programKey)).find((r) => r.kind === kind);
      return compiledFor(reportForm(rule));
    },

    /** 绩效监管: every paid application within the caller's scope, with its reports' statuses, optionally one status only. */
    async overview(actor: Actor, query: { status?: unknown } = {}, now = new Date()) {
      const status = query.status === undefined || query.status === '' ? undefined : (query.status as ReportStatus);
      if (status !== undefined && !STATUSES.includes(status)) throw new RefusalError(400, 'invalid_status', `状态只能是${STATUSES.map((s) => REPORT_STATUS_LABELS[s]).join('、')}`, 'status');
      const scope = actor.role ? await staffScope(strapi, actor) : null;
      if (!scope || !SUPERVISION_ROLES.includes(actor.role!)) throw new RefusalError(403, 'no_permission', '您的角色无权查看绩效监管');
      const apps = await strapi.db.query(APPLICATION).findMany({
        where: { $and: [scope, { state: { $in: SUPERVISED } }] },
        select: ['id', 'documentId', 'serialNo', 'title', 'organizationName', 'districtCode', 'programKey', 'workflowKey', 'workflowVersion', 'state', 'stateChangedAt', 'updatedAt'],
        orderBy: { id: 'asc' },
      });
      // 第十一条: the bureau's own checks of each (检查、审计、数据报送核查), newest first, with their findings.
      const checks = apps.length
        ? await strapi.db.query('api::review-record.review-record').findMany({
            where: { action: { $in: SUPERVISION_ACTIONS }, application: { id: { $in: apps.map((a: any) => a.id) } } },
            select: ['seq', 'action', 'subject', 'occurredAt', 'actorName'],
            populate: { application: { select: ['id'] } },
            orderBy: { occurredAt: 'desc' },
          })
        : [];
      const rows: Array<Record<string, unknown>> = [];
      for (const app of apps) {
        const reports = await scheduleOf(app, now);
        const shown = status ? reports.filter((r) => r.status === status) : reports;
        if (status && !shown.length) continue;
        const count = (s: ReportStatus) => reports.filter((r) => r.status === s).length;
        // Each check is named as the application's own chain names it.
        const disbursed = (await (strapi.service('api::application.transition') as any).definitionFor(app)).stages.find((s: any) => s.key === 'disbursed');
        const checkLabel = (action: string) => disbursed?.actions.find((a: any) => a.key === action)?.label ?? action;
        rows.push({
          documentId: app.documentId,
          serialNo: app.serialNo,
          title: app.title,
          organizationName: app.organizationName,
          districtCode: app.districtCode,
          programKey: app.programKey,
          counts: { due: count('due'), late: count('late'), filed: count('filed'), upcoming: count('upcoming') },
          reports: shown,
          checks: checks
            .filter((c: any) => c.application?.id === app.id)
            .map((c: any) => ({ seq: c.seq, action: c.action, label: checkLabel(c.action), finding: c.subject?.finding ?? null, occurredAt: c.occurredAt, actorName: c.actorName })),
        });
      }
      return rows;
    },
  };
});
