import type { FormDefinition } from '../../domain/forms/types';
import { ScheduledReport, unfiledPeriods } from '../../domain/supervision';
import type { MaterialSlot } from '../../domain/workflow';
import { formatShanghaiDateTime } from '../../domain/time';
import { FieldError, errorSummary, input, select, textarea } from '../components';
import { StoredFile, formErrorSummary, renderAnswers, renderForm } from '../form/render';
import { SafeHtml, html } from '../html';
import { LayoutOptions, layout } from '../layout';
import { csrfInput } from '../request';

/** 我的申报: the list, and one application's detail with its timeline and what comes next. */
export interface ListRow {
  documentId: string;
  title: string;
  callTitle: string;
  stage: string;
  state: string;
  serialNo: string | null;
  updatedAt: string | null;
}

export function listPage(chrome: LayoutOptions, rows: ListRow[], hasOrganization: boolean): SafeHtml {
  return layout(
    chrome,
    html`<h1>我的申报</h1>
${!hasOrganization ? html`<p class="flash">您的账号尚未绑定申报单位。<a href="/me/organization">绑定申报单位</a>后即可申报。</p>` : ''}
${rows.length
  ? html`<table class="data-table" id="my-applications">
  <caption class="visually-hidden">本单位的申报</caption>
  <thead><tr><th scope="col">项目名称</th><th scope="col">申报通知</th><th scope="col">申报编号</th><th scope="col">当前环节</th><th scope="col">更新时间</th></tr></thead>
  <tbody>${rows.map(
    (row) => html`<tr data-state="${row.state}"><td><a href="/me/applications/${row.documentId}">${row.title}</a></td><td>${row.callTitle}</td><td>${row.serialNo ?? '—'}</td><td><span class="stage stage-${row.state}">${row.stage}</span></td><td>${row.updatedAt ? formatShanghaiDateTime(row.updatedAt) : '—'}</td></tr>`,
  )}</tbody>
</table>`
  : html`<p>本单位还没有申报。请在<a href="/calls">项目申报</a>中选择正在受理的申报通知。</p>`}`,
  );
}

export interface TimelineEntry {
  stage: string;
  action: string;
  opinion: string | null;
  at: string;
}

export interface DetailOptions {
  documentId: string;
  title: string;
  serialNo: string | null;
  state: string;
  stage: string;
  callTitle: string;
  submittedAt: string | null;
  next: string[];
  timeline: TimelineEntry[];
  definition: FormDefinition | null;
  answers: Record<string, unknown>;
  files: Record<string, StoredFile[]>;
  flagged: string[];
  canEdit: boolean;
  completion?: CompletionForm | null;
  /** the files submitted as 建设完成材料, under the item of the list each was uploaded as (null: no list) */
  completionFiles?: Array<{ label: string | null; files: StoredFile[] }>;
  /** after payment: the performance self-evaluations filed, and the form for another */
  performance?: PerformanceOptions | null;
  notice?: string;
}

/** The completion step's form: one file field, or one per item of the step's list of materials (第九条). */
export interface CompletionForm {
  version: number;
  materials: MaterialSlot[] | null;
  /** the message for the single field, or for the form as a whole */
  error?: string;
  /** per material key */
  errors?: Record<string, string>;
}

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.zip,.ofd';

function fileField(id: string, name: string, label: string, required: boolean, error: string | undefined) {
  return html`<div class="field${error ? ' has-error' : ''}">
      <label for="${id}">${label}${required ? html`<span class="required" aria-hidden="true">*</span>` : html`<span class="muted">（如有）</span>`}</label>
      ${error ? html`<p class="field-error" id="${id}-error" role="alert">${error}</p>` : ''}
      <input id="${id}" name="${name}" type="file" multiple accept="${ACCEPT}"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
    </div>`;
}

function completionSection(documentId: string, csrf: string, c: CompletionForm) {
  const fields = c.materials
    ? html`${c.error ? html`<p class="field-error" role="alert" id="completion-error">${c.error}</p>` : ''}${c.materials.map((m) => fileField(`f-completion-${m.key}`, `completion-${m.key}`, m.label, m.required, c.errors?.[m.key]))}`
    : fileField('f-completion', 'completion', '建设完成材料', true, c.error);
  return html`<section aria-labelledby="completion-title" class="card">
  <h2 id="completion-title">提交建设完成材料</h2>
  <p>${c.materials ? '评审开始前，请按项分别上传以下佐证材料' : '请上传项目建设完成的佐证材料'}（PDF、JPG、PNG、DOCX、XLSX、ZIP 或 OFD，单个不超过20MB），提交后进入第三方机构评审认定。</p>
  <form method="post" action="/me/applications/${documentId}/completion" enctype="multipart/form-data" novalidate>
    ${csrfInput(csrf)}
    <input type="hidden" name="version" value="${c.version}">
    ${fields}
    <button type="submit" id="submit-completion">提交建设完成材料</button>
  </form>
</section>`;
}

export interface PerformanceOptions {
  /** the programme's report schedule for this application, with each period's status */
  schedule: ScheduledReport[];
  reports: Array<{ period: string; definition: FormDefinition | null; answers: Record<string, unknown>; text: string; submittedAt: string; files: StoredFile[] }>;
  /** the period being filed and its form; null when every period is filed */
  current: { period: string; label: string; definition: FormDefinition } | null;
  answers: Record<string, unknown>;
  /** messages by answer path, and messages about the report as a whole */
  errors: Record<string, string>;
  general: string[];
}

const STATUS_LABELS: Record<ScheduledReport['status'], string> = { upcoming: '未到期', due: '待报送', late: '已逾期', filed: '已报送' };

function performanceSection(documentId: string, csrf: string, p: PerformanceOptions) {
  const labelOf = (period: string) => p.schedule.find((r) => r.period === period)?.label ?? period;
  const fileError = p.errors.files;
  return html`<section aria-labelledby="performance-title" class="card" id="performance">
  <h2 id="performance-title">绩效自评与数据报送</h2>
  ${p.schedule.length
    ? html`<table class="schedule" id="report-schedule"><caption>报送计划（自资金拨付之日起计算）</caption>
  <thead><tr><th scope="col">期次</th><th scope="col">截止日期</th><th scope="col">状态</th></tr></thead>
  <tbody>${p.schedule.map(
    (r) => html`<tr class="report-${r.status}"><td>${r.status === 'filed' || r.period === p.current?.period ? r.label : html`<a href="/me/applications/${documentId}?report=${encodeURIComponent(r.period)}#performance">${r.label}</a>`}</td><td>${r.dueOn}</td><td>${STATUS_LABELS[r.status]}${r.filedAt ? html`（${formatShanghaiDateTime(r.filedAt)}）` : ''}</td></tr>`,
  )}</tbody>
</table>`
    : html`<p class="muted">该资金项目未设置报送计划。</p>`}
  ${p.reports.length
    ? html`<ul class="reports">${p.reports.map(
        (r) => html`<li><strong>${labelOf(r.period)}</strong>　报送于 ${formatShanghaiDateTime(r.submittedAt)}${r.definition ? renderAnswers(r.definition, r.answers) : html`<p>${r.text}</p>`}${r.files.length ? html`<ul class="file-list">${r.files.map((f) => html`<li><a href="/files/${f.id}">${f.name}</a></li>`)}</ul>` : ''}</li>`,
      )}</ul>`
    : ''}
  ${p.current
    ? html`<h3 id="report-form-title">报送：${p.current.label}</h3>
  ${formErrorSummary(p.current.definition, p.errors, p.general)}
  <form method="post" action="/me/applications/${documentId}/performance" enctype="multipart/form-data" novalidate class="stack" aria-labelledby="report-form-title">
    ${csrfInput(csrf)}
    <input type="hidden" name="period" value="${p.current.period}">
    ${renderForm({ definition: p.current.definition, answers: p.answers, errors: p.errors })}
    <div class="field${fileError ? ' has-error' : ''}">
      <label for="f-files">附件（可选）</label>
      <p class="help" id="f-files-help">PDF、JPG、PNG、DOCX、XLSX、ZIP 或 OFD，单个不超过20MB。附件仅本单位和有权限的工作人员可见。</p>
      ${fileError ? html`<p class="field-error" id="f-files-error">${fileError}</p>` : ''}
      <input id="f-files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.zip,.ofd" aria-describedby="f-files-help${fileError ? ' f-files-error' : ''}">
    </div>
    <button type="submit" id="submit-performance">报送</button>
  </form>`
    : p.schedule.length
      ? html`<p class="muted">报送计划中的各期均已报送。</p>`
      : ''}
</section>`;
}

export function detailPage(chrome: LayoutOptions, csrf: string, d: DetailOptions): SafeHtml {
  return layout(
    chrome,
    html`<h1>${d.title}</h1>
${d.notice ? html`<p class="flash" role="status">${d.notice}</p>` : ''}
<dl class="details" id="application-summary">
  <div><dt>申报通知</dt><dd>${d.callTitle}</dd></div>
  <div><dt>申报编号</dt><dd>${d.serialNo ?? '（提交后生成）'}</dd></div>
  <div><dt>当前环节</dt><dd id="current-stage"><span class="stage stage-${d.state}">${d.stage}</span></dd></div>
  ${d.submittedAt ? html`<div><dt>提交时间</dt><dd>${formatShanghaiDateTime(d.submittedAt)}</dd></div>` : ''}
</dl>
<section aria-labelledby="next-title" class="next-steps">
  <h2 id="next-title">下一步</h2>
  <ul id="next-steps">${d.next.map((line) => html`<li>${line}</li>`)}</ul>
  ${d.canEdit ? html`<p><a class="button" href="/me/applications/${d.documentId}/edit" id="edit-application">${d.state === 'returned' ? '修改被退回的内容并重新提交' : '继续填写'}</a></p>` : ''}
</section>
${d.completion ? completionSection(d.documentId, csrf, d.completion) : ''}
${d.performance ? performanceSection(d.documentId, csrf, d.performance) : ''}
${d.completionFiles?.length
  ? html`<section aria-labelledby="completion-files-title"><h2 id="completion-files-title">已提交的建设完成材料</h2>${d.completionFiles.map(
      (group) => html`${group.label ? html`<h3>${group.label}</h3>` : ''}<ul class="file-list">${group.files.map((f) => html`<li><a href="/files/${f.id}">${f.name}</a></li>`)}</ul>`,
    )}</section>`
  : ''}
<section aria-labelledby="timeline-title">
  <h2 id="timeline-title">办理进度</h2>
  ${d.timeline.length
    ? html`<ol class="timeline" id="timeline">${d.timeline.map(
        (entry) => html`<li><p class="timeline-head"><time>${formatShanghaiDateTime(entry.at)}</time>　<strong>${entry.stage}</strong>：${entry.action}</p>${entry.opinion ? html`<p class="opinion">意见：${entry.opinion}</p>` : ''}</li>`,
      )}</ol>`
    : html`<p class="muted">尚未提交，还没有办理记录。</p>`}
</section>
<section aria-labelledby="answers-title">
  <h2 id="answers-title">${d.submittedAt ? '申报内容（按提交时的表单）' : '已填写的内容'}</h2>
  ${d.definition ? renderAnswers(d.definition, d.answers, d.files, d.flagged) : html`<p class="muted">该申报通知没有在线表单。</p>`}
</section>
<p><a href="/me/applications">返回我的申报</a></p>`,
  );
}
