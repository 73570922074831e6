import { formatShanghaiDateTime } from '../../domain/time';
import { SafeHtml, html, safeHref } from '../html';
import { renderBlocks } from '../blocks';
import { FieldError, errorSummary, fileInput, input, select, textarea } from '../components';
import { LayoutOptions, layout } from '../layout';
import { csrfInput } from '../request';
import { messageFor } from '../validate';
import { PublicFile, attachmentList, dateTag } from './shared';

/** 征求意见: the consultation text, the draft, the contacts by topic, and the feedback form. */

export interface ConsultationView {
  documentId: string;
  slug: string;
  title: string;
  summary?: string | null;
  body: unknown;
  draftTitle?: string | null;
  draftBody: unknown;
  issuedAt: string;
  deadline: string;
  issuer?: string | null;
  feedbackNote?: string | null;
  /** which files a feedback must carry */
  requires: { wordFile: boolean; signedScan: boolean };
  topics: Array<{ topic: string; name: string; phone?: string | null; email?: string | null }>;
  attachments: PublicFile[];
}

export interface FeedbackForm {
  values: Record<string, string>;
  errors: FieldError[];
}

export const FEEDBACK_LABELS: Record<string, string> = {
  name: '姓名',
  organization: '单位名称',
  phone: '联系电话',
  email: '电子邮箱',
  topic: '意见类别',
  comment: '意见内容',
  wordFile: '意见反馈表（Word 文件）',
  signedScan: '签字或盖章扫描件',
};

/**
 * The topics offered in the form: the consultation's own (`topic` is the key, `name` what the
 * public reads, e.g. dataset / 高质量数据集), or the two the bureau consults on.
 */
export const topicChoices = (view: ConsultationView): Array<{ value: string; label: string }> => {
  const own = view.topics.filter((t) => t.topic).map((t) => ({ value: t.topic, label: t.name || t.topic }));
  const unique = own.filter((choice, index) => own.findIndex((other) => other.value === choice.value) === index);
  return unique.length ? unique : [{ value: 'dataset', label: '高质量数据集' }, { value: 'data_product', label: '数据产品' }];
};

export const consultationPath = (view: ConsultationView) => `/consultations/${encodeURIComponent(view.documentId)}`;

function feedbackForm(view: ConsultationView, csrf: string, form: FeedbackForm): SafeHtml {
  const v = form.values;
  const err = (field: string) => messageFor(form.errors, field);
  return html`<section id="feedback" aria-labelledby="feedback-title">
  <h2 id="feedback-title">提交意见</h2>
  ${errorSummary(form.errors, FEEDBACK_LABELS)}
  ${view.feedbackNote ? html`<p class="help">${view.feedbackNote}</p>` : ''}
  <form method="post" action="${consultationPath(view)}/feedback" enctype="multipart/form-data" novalidate id="feedback-form">
    ${csrfInput(csrf)}
    ${input({ name: 'name', label: FEEDBACK_LABELS.name, value: v.name, required: true, autocomplete: 'name', maxlength: 50, error: err('name') })}
    ${input({ name: 'organization', label: FEEDBACK_LABELS.organization, value: v.organization, autocomplete: 'organization', maxlength: 200, error: err('organization') })}
    ${input({ name: 'phone', label: FEEDBACK_LABELS.phone, value: v.phone, type: 'tel', required: true, autocomplete: 'tel', maxlength: 30, help: '手机号或固定电话，如 027-65770039', error: err('phone') })}
    ${input({ name: 'email', label: FEEDBACK_LABELS.email, value: v.email, type: 'email', autocomplete: 'email', error: err('email') })}
    ${select({ name: 'topic', label: FEEDBACK_LABELS.topic, value: v.topic, required: true, choices: topicChoices(view), error: err('topic') })}
    ${textarea({ name: 'comment', label: FEEDBACK_LABELS.comment, value: v.comment, required: true, maxlength: 5000, error: err('comment') })}
    ${fileInput({ name: 'wordFile', label: FEEDBACK_LABELS.wordFile, required: view.requires.wordFile, accept: '.doc,.docx', help: '.doc 或 .docx 格式，按文件内容识别，不超过 20MB', error: err('wordFile') })}
    ${fileInput({ name: 'signedScan', label: FEEDBACK_LABELS.signedScan, required: view.requires.signedScan, accept: '.pdf,.jpg,.jpeg,.png', help: 'PDF、JPG 或 PNG，不超过 20MB', error: err('signedScan') })}
    <button type="submit" class="button primary">提交意见</button>
  </form>
</section>`;
}

export function consultationPage(options: LayoutOptions, view: ConsultationView, now: Date, form: FeedbackForm): SafeHtml {
  const open = now < new Date(view.deadline);
  return layout(
    { ...options, description: view.summary ?? undefined },
    html`<nav class="breadcrumb" aria-label="当前位置"><a href="/">首页</a> › <a href="/notices">通知公告</a></nav>
<article class="consultation">
  <h1>${view.title}</h1>
  <dl class="doc-meta">
    ${view.issuer ? html`<dt>发布机构</dt><dd>${view.issuer}</dd>` : ''}
    <dt>发布日期</dt><dd>${dateTag(view.issuedAt)}</dd>
    <dt>意见反馈截止</dt><dd><time datetime="${view.deadline}" id="deadline">${formatShanghaiDateTime(view.deadline)}</time>${open ? '' : '（已截止）'}</dd>
  </dl>
  <div class="rich-text">${renderBlocks(view.body)}</div>
  ${view.draftTitle || view.draftBody
    ? html`<section class="draft" aria-labelledby="draft-title"><h2 id="draft-title">${view.draftTitle || '征求意见稿'}</h2>
    <div class="rich-text">${renderBlocks(view.draftBody)}</div></section>`
    : ''}
  ${attachmentList(view.attachments)}
  ${view.topics.length
    ? html`<section aria-labelledby="topics-title"><h2 id="topics-title">联系方式</h2>
    <table class="data"><thead><tr><th scope="col">类别</th><th scope="col">电话</th><th scope="col">电子邮箱</th></tr></thead>
    <tbody>${view.topics.map(
      (t) => html`<tr><td>${t.name || t.topic}</td><td>${t.phone ? html`<a href="${safeHref(`tel:${t.phone}`)}">${t.phone}</a>` : '—'}</td><td>${t.email ? html`<a href="${safeHref(`mailto:${t.email}`)}">${t.email}</a>` : '—'}</td></tr>`,
    )}</tbody></table></section>`
    : ''}
</article>
${open
  ? feedbackForm(view, options.csrf ?? '', form)
  : html`<section id="feedback-closed" class="notice-box" aria-labelledby="closed-title"><h2 id="closed-title">意见征集已结束</h2>
  <p>本次征求意见已于 ${formatShanghaiDateTime(view.deadline)} 截止，不再接收反馈。</p></section>`}`,
  );
}

export function feedbackReceiptPage(options: LayoutOptions, view: ConsultationView, receipt: { receiptNo: string; submittedAt: string }): SafeHtml {
  return layout(
    options,
    html`<div class="receipt" id="feedback-receipt">
  <h1>意见已提交</h1>
  <p>感谢您对《${view.title}》提出意见。我们已收到您的反馈和附件。</p>
  <dl class="doc-meta">
    <dt>回执编号</dt><dd id="receipt-no">${receipt.receiptNo}</dd>
    <dt>提交时间</dt><dd><time datetime="${receipt.submittedAt}">${formatShanghaiDateTime(receipt.submittedAt)}</time></dd>
  </dl>
  <p>请保留回执编号以便查询。<a href="${consultationPath(view)}">返回征求意见页面</a></p>
</div>`,
  );
}
