import { formatWanYuan } from '../../domain/money';
import { isPrivateKey } from '../../domain/personal-data';
import { formatShanghaiDateTime } from '../../domain/time';
import { SafeHtml, html } from '../html';
import { FieldError, errorSummary, fileInput, input, select, textarea } from '../components';
import { LayoutOptions, layout } from '../layout';
import { csrfInput } from '../request';
import { messageFor } from '../validate';

/** 公示: the list of batches, a batch with its public rows, and the objection form. */

export const KIND_LABEL: Record<string, string> = { entity_publicity: '建设单位公示', award_publicity: '拟奖励项目公示' };

export interface BatchSummary {
  documentId: string;
  title: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  /** running now: startsAt <= now < endsAt and not closed early */
  running: boolean;
  /** how many projects it lists */
  count?: number;
}

export interface PublicTable {
  columns: Array<{ key: string; label: string }>;
  rows: Array<Record<string, string>>;
}

export interface BatchDetail extends BatchSummary {
  programName?: string | null;
  table: PublicTable;
  /** what the objection form may name: the batch's applications */
  choices: Array<{ value: string; label: string }>;
}

export interface ObjectionForm {
  values: Record<string, string>;
  errors: FieldError[];
}

export const OBJECTION_LABELS: Record<string, string> = {
  objectorName: '真实姓名',
  objectorOrganization: '工作单位',
  phone: '联系电话',
  email: '电子邮箱',
  application: '异议对象',
  reason: '异议事实和理由',
  signedScan: '签字或盖章的异议书扫描件',
};

const period = (batch: BatchSummary) =>
  html`<time datetime="${batch.startsAt}">${formatShanghaiDateTime(batch.startsAt)}</time> 至 <time datetime="${batch.endsAt}">${formatShanghaiDateTime(batch.endsAt)}</time>`;

const status = (batch: BatchSummary) =>
  batch.running ? html`<span class="tag open">公示中</span>` : html`<span class="tag tag-muted closed">已结束</span>`;

export function publicityListPage(options: LayoutOptions, batches: BatchSummary[]): SafeHtml {
  return layout(
    options,
    html`<h1>公示公告</h1>
${batches.length
  ? html`<ul class="list" id="publicity-list">${batches.map(
      (batch) => html`<li>
    <a href="/publicity/${encodeURIComponent(batch.documentId)}">${batch.title}</a> ${status(batch)}
    <p class="meta">${KIND_LABEL[batch.kind] ?? batch.kind}　公示期：${period(batch)}${batch.count !== undefined ? html`　共 ${batch.count} 个项目` : ''}</p>
  </li>`,
    )}</ul>`
  : html`<p class="empty">暂无公示</p>`}`,
  );
}

function objectionForm(batch: BatchDetail, csrf: string, form: ObjectionForm): SafeHtml {
  const v = form.values;
  const err = (field: string) => messageFor(form.errors, field);
  return html`<section id="objection" aria-labelledby="objection-title">
  <h2 id="objection-title">提出异议</h2>
  <p class="help">异议须实名提出，并提供联系方式、具体事实和签字（单位加盖公章）的异议书扫描件；匿名异议不予受理。</p>
  ${errorSummary(form.errors, OBJECTION_LABELS)}
  <form method="post" action="/publicity/${encodeURIComponent(batch.documentId)}/objections" enctype="multipart/form-data" novalidate id="objection-form">
    ${csrfInput(csrf)}
    ${input({ name: 'objectorName', label: OBJECTION_LABELS.objectorName, value: v.objectorName, required: true, autocomplete: 'name', maxlength: 50, error: err('objectorName') })}
    ${input({ name: 'objectorOrganization', label: OBJECTION_LABELS.objectorOrganization, value: v.objectorOrganization, autocomplete: 'organization', maxlength: 200, error: err('objectorOrganization') })}
    ${input({ name: 'phone', label: OBJECTION_LABELS.phone, value: v.phone, type: 'tel', required: true, autocomplete: 'tel', maxlength: 30, help: '手机号或固定电话，如 027-65770039', error: err('phone') })}
    ${input({ name: 'email', label: OBJECTION_LABELS.email, value: v.email, type: 'email', autocomplete: 'email', error: err('email') })}
    ${select({ name: 'application', label: OBJECTION_LABELS.application, value: v.application, required: true, choices: batch.choices, error: err('application') })}
    ${textarea({ name: 'reason', label: OBJECTION_LABELS.reason, value: v.reason, required: true, maxlength: 5000, help: '至少 10 个字，请写明具体事实', error: err('reason') })}
    ${fileInput({ name: 'signedScan', label: OBJECTION_LABELS.signedScan, required: true, accept: '.pdf,.jpg,.jpeg,.png', help: 'PDF、JPG 或 PNG，不超过 20MB', error: err('signedScan') })}
    <button type="submit" class="button primary">提交异议</button>
  </form>
</section>`;
}

export function publicityDetailPage(options: LayoutOptions, batch: BatchDetail, form: ObjectionForm): SafeHtml {
  return layout(
    options,
    html`<nav class="breadcrumb" aria-label="当前位置"><a href="/">首页</a> › <a href="/publicity">公示公告</a></nav>
<h1>${batch.title}</h1>
<dl class="doc-meta">
  <dt>公示类型</dt><dd>${KIND_LABEL[batch.kind] ?? batch.kind}</dd>
  ${batch.programName ? html`<dt>资金项目</dt><dd>${batch.programName}</dd>` : ''}
  <dt>公示期</dt><dd>${period(batch)} ${status(batch)}</dd>
</dl>
${batch.table.rows.length
  ? html`<table class="data" id="publicity-table"><caption>公示名单</caption>
  <thead><tr>${batch.table.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
  <tbody>${batch.table.rows.map((row) => html`<tr>${batch.table.columns.map((c) => html`<td>${row[c.key] ?? ''}</td>`)}</tr>`)}</tbody>
</table>`
  : html`<p class="empty">本批次暂无公示名单</p>`}
${batch.running
  ? objectionForm(batch, options.csrf ?? '', form)
  : html`<p class="notice-box" id="objection-closed">公示期已结束，不再受理异议。</p>`}
<p class="help">已提出异议？凭异议编号和查询码<a href="/objections">查询办理情况</a>。</p>`,
  );
}

export interface ObjectionStatus {
  receiptNo: string;
  publicity: { documentId: string; title: string } | null;
  application: { serialNo: string | null; title: string } | null;
  lodgedAt: string;
  resolution: 'open' | 'upheld' | 'dismissed';
  reply: string | null;
  decidedAt: string | null;
}

const RESOLUTION_TEXT = { open: '核查中', upheld: '已办结：异议成立', dismissed: '已办结：异议不成立' } as const;

/**
 * One objection as its objector sees it, by receipt number and key: the receipt just after it
 * was lodged (`key` given, to be kept), and later the ruling and the bureau's reply.
 */
export function objectionStatusPage(options: LayoutOptions, status: ObjectionStatus, key: string | null): SafeHtml {
  return layout(
    options,
    html`<div class="receipt" id="objection-receipt">
  <h1>${key ? '异议已提交' : '异议办理情况'}</h1>
  ${key ? html`<p>我们已收到您的异议，将依规核查，并将处理结果答复您。请记下异议编号和查询码，凭它们可随时查询办理情况和结论。</p>` : ''}
  <dl class="doc-meta">
    <dt>异议编号</dt><dd id="objection-receipt-no">${status.receiptNo}</dd>
    ${key ? html`<dt>查询码</dt><dd id="objection-key">${key}</dd>` : ''}
    <dt>公示</dt><dd>${status.publicity?.title ?? ''}</dd>
    <dt>异议项目</dt><dd>${[status.application?.serialNo, status.application?.title].filter(Boolean).join(' ')}</dd>
    <dt>提交时间</dt><dd><time datetime="${status.lodgedAt}">${formatShanghaiDateTime(status.lodgedAt)}</time>（北京时间）</dd>
    <dt>办理情况</dt><dd id="objection-resolution">${RESOLUTION_TEXT[status.resolution]}</dd>
    ${status.decidedAt ? html`<dt>办结时间</dt><dd><time datetime="${status.decidedAt}">${formatShanghaiDateTime(status.decidedAt)}</time>（北京时间）</dd>` : ''}
    ${status.reply ? html`<dt>答复</dt><dd id="objection-reply">${status.reply}</dd>` : ''}
  </dl>
  ${key ? html`<p>本页地址含查询码，请勿转发他人；也可在<a href="/objections">异议查询</a>页凭编号和查询码查询。</p>` : ''}
  ${status.publicity ? html`<p><a href="/publicity/${encodeURIComponent(status.publicity.documentId)}">返回公示</a></p>` : ''}
</div>`,
  );
}

/** 异议查询: the receipt number and the key given when the objection was lodged. */
export function objectionLookupPage(options: LayoutOptions, values: { no?: string; key?: string }, error: string | null): SafeHtml {
  return layout(
    options,
    html`<nav class="breadcrumb" aria-label="当前位置"><a href="/">首页</a> › <a href="/publicity">公示公告</a></nav>
<h1>公示异议查询</h1>
<p>凭提出异议时取得的异议编号和查询码，查询异议的办理情况和结论。</p>
${error ? html`<p class="error-message" role="alert" id="lookup-error">${error}</p>` : ''}
<form method="get" action="/objections" novalidate id="objection-lookup">
  ${input({ name: 'no', label: '异议编号', value: values.no, required: true, maxlength: 32, help: '如 YY20261205-7F3KQ2MX' })}
  ${input({ name: 'key', label: '查询码', value: values.key, required: true, maxlength: 40 })}
  <button type="submit" class="button primary">查询</button>
</form>`,
  );
}

/** Labels for the snapshot's usual keys; other keys show as they are. */
const COLUMN_LABEL: Record<string, string> = {
  serialNo: '申报编号',
  title: '项目名称',
  projectTitle: '项目名称',
  organizationName: '申报单位',
  organization: '申报单位',
  district: '所在区',
  districtName: '所在区',
  programName: '资金项目',
  awardFen: '拟奖励金额',
  score: '评审得分',
};

function cellText(key: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (/Fen$/.test(key) && (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)))) return formatWanYuan(Number(value));
  if (typeof value === 'object') return (value as any).name ?? (value as any).label ?? '';
  return String(value);
}

/**
 * The public table from a batch's stored snapshot: an array of rows, or `{ columns, rows }`.
 * Whatever shape it has, only string-able cells of non-private keys are shown.
 */
export function snapshotTable(snapshot: unknown): PublicTable {
  const body: any = snapshot && typeof snapshot === 'object' ? snapshot : null;
  const rows: any[] = Array.isArray(body) ? body : Array.isArray(body?.rows) ? body.rows : Array.isArray(body?.applications) ? body.applications : [];
  const objects = rows.filter((row) => row && typeof row === 'object' && !Array.isArray(row));
  let columns: Array<{ key: string; label: string }> = Array.isArray(body?.columns)
    ? body.columns
        .map((c: any) => (typeof c === 'string' ? { key: c, label: COLUMN_LABEL[c] ?? c } : { key: String(c?.key ?? ''), label: String(c?.label ?? COLUMN_LABEL[c?.key] ?? c?.key ?? '') }))
        .filter((c: { key: string }) => c.key)
    : [...new Set(objects.flatMap((row) => Object.keys(row)))].map((key) => ({ key, label: COLUMN_LABEL[key] ?? key }));
  columns = columns.filter((c) => !isPrivateKey(c.key));
  return {
    columns,
    rows: objects.map((row) => Object.fromEntries(columns.map((c) => [c.key, cellText(c.key, row[c.key])]))),
  };
}
