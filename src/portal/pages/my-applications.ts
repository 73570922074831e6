import type { FormDefinition } from '../../domain/forms/types';
import { formatShanghaiDateTime } from '../../domain/time';
import { FieldError, errorSummary, input, select, textarea } from '../components';
import { StoredFile, renderAnswers } from '../form/render';
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
  completion?: { version: number; error?: string } | null;
  completionFiles?: StoredFile[];
  /** after payment: the performance self-evaluations filed, and the form for another */
  performance?: PerformanceOptions | null;
  notice?: string;
}

export const REPORT_KINDS: Record<string, string> = { self_evaluation: '绩效自评', operating_data: '经营数据报送' };

export interface PerformanceOptions {
  reports: Array<{ kind: string; period: string; text: string; submittedAt: string; files: StoredFile[] }>;
  values: Record<string, string>;
  errors: FieldError[];
}

function performanceSection(documentId: string, csrf: string, p: PerformanceOptions) {
  const errorOf = (field: string) => p.errors.find((e) => e.field === field)?.message;
  return html`<section aria-labelledby="performance-title" class="card" id="performance">
  <h2 id="performance-title">绩效自评</h2>
  ${p.reports.length
    ? html`<ul class="reports">${p.reports.map(
        (r) => html`<li><strong>${REPORT_KINDS[r.kind] ?? r.kind}（${r.period}）</strong>　报送于 ${formatShanghaiDateTime(r.submittedAt)}<p>${r.text}</p>${r.files.length ? html`<ul class="file-list">${r.files.map((f) => html`<li><a href="/files/${f.id}">${f.name}</a></li>`)}</ul>` : ''}</li>`,
      )}</ul>`
    : html`<p class="muted">尚未报送绩效自评。</p>`}
  <h3>报送绩效自评</h3>
  ${errorSummary(p.errors, { kind: '报送类型', period: '报送期间', content: '自评内容', files: '附件' })}
  <form method="post" action="/me/applications/${documentId}/performance" enctype="multipart/form-data" novalidate class="stack">
    ${csrfInput(csrf)}
    ${select({ name: 'kind', label: '报送类型', value: p.values.kind ?? 'self_evaluation', required: true, error: errorOf('kind'), choices: Object.entries(REPORT_KINDS).map(([value, label]) => ({ value, label })) })}
    ${input({ name: 'period', label: '报送期间', value: p.values.period, required: true, maxlength: 20, help: '例如：2026年度、2026年上半年。', error: errorOf('period') })}
    ${textarea({ name: 'content', label: '自评内容', value: p.values.content, required: true, maxlength: 10000, help: '项目绩效目标完成情况、资金使用情况、产生的效益等。', error: errorOf('content') })}
    <div class="field${errorOf('files') ? ' has-error' : ''}">
      <label for="f-files">附件（可选）</label>
      <p class="help" id="f-files-help">PDF、JPG、PNG、DOCX、XLSX、ZIP 或 OFD，单个不超过20MB。附件仅本单位和有权限的工作人员可见。</p>
      ${errorOf('files') ? html`<p class="field-error" id="f-files-error">${errorOf('files')}</p>` : ''}
      <input id="f-files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.zip,.ofd" aria-describedby="f-files-help${errorOf('files') ? ' f-files-error' : ''}">
    </div>
    <button type="submit" id="submit-performance">报送</button>
  </form>
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
${d.completion
  ? html`<section aria-labelledby="completion-title" class="card">
  <h2 id="completion-title">提交建设完成材料</h2>
  <p>请上传项目建设完成的佐证材料（PDF、JPG、PNG、DOCX、XLSX、ZIP 或 OFD，单个不超过20MB），提交后进入第三方机构评审认定。</p>
  <form method="post" action="/me/applications/${d.documentId}/completion" enctype="multipart/form-data" novalidate>
    ${csrfInput(csrf)}
    <input type="hidden" name="version" value="${d.completion.version}">
    <div class="field${d.completion.error ? ' has-error' : ''}">
      <label for="f-completion">建设完成材料<span class="required" aria-hidden="true">*</span></label>
      ${d.completion.error ? html`<p class="field-error" id="f-completion-error" role="alert">${d.completion.error}</p>` : ''}
      <input id="f-completion" name="completion" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.zip,.ofd"${d.completion.error ? html` aria-invalid="true" aria-describedby="f-completion-error"` : ''}>
    </div>
    <button type="submit" id="submit-completion">提交建设完成材料</button>
  </form>
</section>`
  : ''}
${d.performance ? performanceSection(d.documentId, csrf, d.performance) : ''}
${d.completionFiles?.length ? html`<section aria-labelledby="completion-files-title"><h2 id="completion-files-title">已提交的建设完成材料</h2><ul class="file-list">${d.completionFiles.map((f) => html`<li><a href="/files/${f.id}">${f.name}</a></li>`)}</ul></section>` : ''}
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
