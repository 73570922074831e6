import { IsoDate, addCalendarDays } from './calendar';
import type { FormDefinition } from './forms/types';

/**
 * Post-award supervision (第十一条): after payment an organisation files performance
 * self-evaluations (绩效自评) and operating data reports (经营情况数据报送) on a schedule set per
 * programme. Each scheduled report is a numbered period with a due date counted from the day the
 * award was paid; a report filed for the period settles it.
 */
export type ReportKind = 'self_evaluation' | 'operating_data';

export const REPORT_KIND_LABELS: Record<ReportKind, string> = { self_evaluation: '绩效自评', operating_data: '经营情况数据报送' };

export interface ReportRule {
  kind: ReportKind;
  /** months between reports; the first is due this many months after payment */
  everyMonths: number;
  /** how many reports in all */
  count: number;
  /** days after the due date before a missing report counts as late */
  graceDays: number;
  /** the report's form, in the definition language of the application forms; one text field when none */
  form?: FormDefinition | null;
}

export type ReportStatus = 'upcoming' | 'due' | 'late' | 'filed';

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { late: '已逾期', due: '待报送', filed: '已报送', upcoming: '未到期' };

export interface ScheduledReport {
  kind: ReportKind;
  /** the period's key, what a filed report names: "self_evaluation#1" */
  period: string;
  label: string;
  dueOn: IsoDate;
  status: ReportStatus;
  filedAt: string | null;
}

/** A report becomes due this many days before its due date, so it can be filed in time. */
export const OPENS_BEFORE_DAYS = 30;

/** The same day `months` later, or the month's last day when it has fewer days (01-31 + 1 → 02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export function reportSchedule(rules: ReportRule[], paidOn: IsoDate, filed: Array<{ period: string; submittedAt: string }>, today: IsoDate): ScheduledReport[] {
  const filedAt = new Map(filed.map((report) => [report.period, report.submittedAt]));
  const schedule: ScheduledReport[] = [];
  for (const rule of rules) {
    for (let n = 1; n <= rule.count; n += 1) {
      const period = `${rule.kind}#${n}`;
      const dueOn = addMonths(paidOn, rule.everyMonths * n);
      const at = filedAt.get(period) ?? null;
      const status: ReportStatus = at
        ? 'filed'
        : today > addCalendarDays(dueOn, rule.graceDays)
          ? 'late'
          : today >= addCalendarDays(dueOn, -OPENS_BEFORE_DAYS)
            ? 'due'
            : 'upcoming';
      schedule.push({ kind: rule.kind, period, label: `${REPORT_KIND_LABELS[rule.kind]}第${n}期（${dueOn}前）`, dueOn, status, filedAt: at });
    }
  }
  return schedule.sort((a, b) => (a.dueOn === b.dueOn ? a.period.localeCompare(b.period) : a.dueOn < b.dueOn ? -1 : 1));
}

/** The periods an organisation may file now: every one not yet filed (early filing is welcome). */
export const unfiledPeriods = (schedule: ScheduledReport[]) => schedule.filter((report) => report.status !== 'filed');

/** The form of a report whose programme defines none: what the organisation has to say, in one field. */
export const DEFAULT_REPORT_FORM: FormDefinition = {
  title: '报送内容',
  type: 'object',
  'x-sections': [{ key: 'main', title: '报送内容' }],
  properties: { summary: { type: 'string', title: '报送内容', maxLength: 10000, 'x-ui': { widget: 'textarea', section: 'main', order: 1 } } as any },
  required: ['summary'],
};

/**
 * The form a report of this rule is filed on. File slots are left out: a report's files go with
 * the report itself (its attachments), not into the answers.
 */
export function reportForm(rule: Pick<ReportRule, 'form'> | undefined): FormDefinition {
  const form = rule?.form;
  if (!form || !form.properties || !Object.keys(form.properties).length) return DEFAULT_REPORT_FORM;
  const fileSlots = Object.keys(form.properties).filter((key) => form.properties[key]['x-ui']?.widget === 'file');
  if (!fileSlots.length) return form;
  return {
    ...form,
    properties: Object.fromEntries(Object.entries(form.properties).filter(([key]) => !fileSlots.includes(key))),
    required: (form.required ?? []).filter((key) => !fileSlots.includes(key)),
  };
}
