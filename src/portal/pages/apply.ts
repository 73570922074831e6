import type { FormDefinition } from '../../domain/forms/types';
import { formatShanghaiDateTime } from '../../domain/time';
import { StoredFile, formErrorSummary, renderForm } from '../form/render';
import { SafeHtml, html } from '../html';
import { LayoutOptions, layout } from '../layout';
import { csrfInput } from '../request';

/** The generated application form page: a new draft, a draft resumed, or a returned application. */
export interface ApplyPageOptions {
  callTitle: string;
  closesAt?: string | null;
  definition: FormDefinition;
  answers: Record<string, unknown>;
  errors: Record<string, string>;
  general: string[];
  files: Record<string, StoredFile[]>;
  /** null: every field; after a return: the flagged ones */
  editable: string[] | null;
  flagged?: string[];
  rowCounts?: Record<string, number>;
  action: string;
  notice?: string;
  /** after a return: the reviewer's opinion */
  returnOpinion?: string | null;
  returned?: boolean;
}

export function applyPage(chrome: LayoutOptions, csrf: string, options: ApplyPageOptions): SafeHtml {
  const returned = Boolean(options.returned);
  return layout(
    chrome,
    html`<h1>${returned ? '补正申报材料' : '在线填报'}：${options.callTitle}</h1>
${options.notice ? html`<p class="flash" role="status" id="form-notice">${options.notice}</p>` : ''}
${formErrorSummary(options.definition, options.errors, options.general)}
${returned
  ? html`<div class="return-note"><h2>退回补正</h2>${options.returnOpinion ? html`<p>审核意见：${options.returnOpinion}</p>` : ''}<p>只需修改标有“审核意见要求修改此项”的内容，其余内容不可修改。修改后请点击“重新提交”。</p></div>`
  : html`<p class="help">带 <span class="required" aria-hidden="true">*</span> 的为提交时必填项。可随时“保存草稿”，下次登录后继续填写，已上传的附件会保留。${options.closesAt ? html`申报截止时间：<strong>${formatShanghaiDateTime(options.closesAt)}</strong>（北京时间）。` : ''}</p>`}
<form method="post" action="${options.action}" enctype="multipart/form-data" novalidate class="application-form" id="application-form">
  ${csrfInput(csrf)}
  <button type="submit" name="intent" value="save" class="visually-hidden" tabindex="-1" aria-hidden="true">保存草稿</button>
  ${renderForm({ definition: options.definition, answers: options.answers, errors: options.errors, editable: options.editable, flagged: options.flagged, files: options.files, rowCounts: options.rowCounts })}
  <div class="form-actions">
    ${returned
      ? html`<button type="submit" name="intent" value="save" class="secondary" id="save-draft">保存修改</button>
    <button type="submit" name="intent" value="resubmit" id="resubmit">重新提交</button>`
      : html`<button type="submit" name="intent" value="save" class="secondary" id="save-draft">保存草稿</button>
    <button type="submit" name="intent" value="submit" id="submit-application">提交申报</button>`}
  </div>
</form>`,
  );
}

export function receiptPage(chrome: LayoutOptions, app: { documentId: string; serialNo: string; title: string; submittedAt: string; stage: string }): SafeHtml {
  return layout(
    chrome,
    html`<h1>申报已提交</h1>
<div class="receipt" role="status" id="receipt">
  <dl class="details">
    <div><dt>申报编号</dt><dd id="serial-no">${app.serialNo}</dd></div>
    <div><dt>项目名称</dt><dd>${app.title}</dd></div>
    <div><dt>提交时间</dt><dd id="submitted-at">${formatShanghaiDateTime(app.submittedAt)}（北京时间）</dd></div>
    <div><dt>当前环节</dt><dd>${app.stage}</dd></div>
  </dl>
  <p>请记下申报编号，以便查询和咨询。审核进展会显示在申报详情中。</p>
</div>
<p><a href="/me/applications/${app.documentId}" id="to-detail">查看申报详情和办理进度</a>　<a href="/me/applications">我的申报</a></p>`,
  );
}
