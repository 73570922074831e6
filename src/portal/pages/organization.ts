import { LEGAL_FORM_LABELS, legalFormChoices } from '../../domain/legal-person';
import { FieldError, errorSummary, input, select } from '../components';
import { SafeHtml, html } from '../html';
import { LayoutOptions, layout } from '../layout';
import { csrfInput } from '../request';

/** 单位信息: bind an organisation (create or join with a code), or show the bound one. */
export const ORG_LABELS: Record<string, string> = {
  name: '单位名称',
  uscc: '统一社会信用代码',
  legalForm: '单位类型',
  district: '所属区',
  legalRepresentative: '法定代表人',
  contactName: '联系人',
  contactPhone: '联系电话',
  contactEmail: '联系邮箱',
  address: '通讯地址',
  code: '邀请码',
};

export interface OrganizationView {
  name: string;
  uscc: string;
  legalForm: string | null;
  districtName: string | null;
  legalRepresentative?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  address?: string | null;
  joinCode: string | null;
  members: Array<{ username: string; email: string }>;
}

const errorOf = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** 第四条: the type is the legal form on the licence or certificate, and decides whether the organisation may apply. */
const legalFormSelect = (value: string | undefined, errors: FieldError[]) =>
  select({
    name: 'legalForm',
    label: ORG_LABELS.legalForm,
    value,
    required: true,
    help: '按营业执照或法人证书上的类型选择。支持对象须具有独立法人资格（资金管理办法第四条）。',
    error: errorOf(errors, 'legalForm'),
    choices: legalFormChoices(),
  });

export function unboundPage(
  chrome: LayoutOptions,
  csrf: string,
  options: { districts: Array<{ value: string; label: string }>; values: Record<string, string>; errors: FieldError[]; joinErrors: FieldError[]; next?: string },
): SafeHtml {
  const { values, errors, joinErrors } = options;
  const field = (name: string, extra: Partial<Parameters<typeof input>[0]> = {}) =>
    input({ name, label: ORG_LABELS[name], value: values[name], error: errorOf(errors, name), ...extra });
  const next = options.next ? html`<input type="hidden" name="next" value="${options.next}">` : '';
  return layout(
    chrome,
    html`<h1>绑定申报单位</h1>
<p>申报前需要绑定申报单位。一个账号只能属于一个单位；同一单位的多位同事可凭邀请码加入同一单位。</p>
${errorSummary([...errors, ...joinErrors], ORG_LABELS)}
<section aria-labelledby="create-title" class="card">
<h2 id="create-title">登记新单位</h2>
<form method="post" action="/me/organization" novalidate class="stack" id="create-organization">
  ${csrfInput(csrf)}${next}
  ${field('name', { required: true, maxlength: 200, autocomplete: 'organization' })}
  ${field('uscc', { required: true, maxlength: 18, help: '18位，营业执照或事业单位法人证书上的代码。' })}
  ${legalFormSelect(values.legalForm, errors)}
  ${select({ name: 'district', label: ORG_LABELS.district, value: values.district, required: true, error: errorOf(errors, 'district'), choices: options.districts })}
  ${field('legalRepresentative', { maxlength: 50 })}
  ${field('contactName', { required: true, maxlength: 50 })}
  ${field('contactPhone', { required: true, type: 'tel', maxlength: 30, autocomplete: 'tel' })}
  ${field('contactEmail', { type: 'email', maxlength: 200, autocomplete: 'email' })}
  ${field('address', { maxlength: 200 })}
  <button type="submit" id="create-organization-submit">登记并绑定</button>
</form>
</section>
<section aria-labelledby="join-title" class="card">
<h2 id="join-title">凭邀请码加入已登记的单位</h2>
<form method="post" action="/me/organization/join" novalidate class="stack" id="join-organization">
  ${csrfInput(csrf)}${next}
  ${input({ name: 'code', label: ORG_LABELS.code, value: values.code, required: true, maxlength: 32, help: '请向本单位已注册的同事索取（在其“单位信息”页面可见）。', error: errorOf(joinErrors, 'code') })}
  <button type="submit" id="join-organization-submit">加入单位</button>
</form>
</section>`,
  );
}

/**
 * An organisation registered before the type was asked states it here, once; after that a change
 * goes through the district, as every other change of 单位信息 does.
 */
function legalFormForm(csrf: string, options: { value?: string; errors: FieldError[]; next?: string }) {
  return html`<section aria-labelledby="legal-form-title" class="card" id="legal-form-card">
<h2 id="legal-form-title">补充单位类型</h2>
<p>申报前须填写单位类型。</p>
<form method="post" action="/me/organization/legal-form" novalidate class="stack" id="legal-form">
  ${csrfInput(csrf)}${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : ''}
  ${legalFormSelect(options.value, options.errors)}
  <button type="submit" id="legal-form-submit">保存单位类型</button>
</form>
</section>`;
}

export function boundPage(
  chrome: LayoutOptions,
  csrf: string,
  org: OrganizationView,
  notice?: string,
  legalForm: { value?: string; errors: FieldError[]; next?: string } = { errors: [] },
): SafeHtml {
  const row = (label: string, value: string | null | undefined) => html`<div><dt>${label}</dt><dd>${value || html`<span class="muted">未填写</span>`}</dd></div>`;
  return layout(
    chrome,
    html`<h1>单位信息</h1>
${notice ? html`<p class="flash" role="status">${notice}</p>` : ''}
${errorSummary(legalForm.errors, ORG_LABELS)}
<dl class="details" id="organization-details">
  ${row(ORG_LABELS.name, org.name)}
  ${row(ORG_LABELS.uscc, org.uscc)}
  ${row(ORG_LABELS.legalForm, org.legalForm ? (LEGAL_FORM_LABELS as Record<string, string>)[org.legalForm] ?? org.legalForm : null)}
  ${row(ORG_LABELS.district, org.districtName)}
  ${row(ORG_LABELS.legalRepresentative, org.legalRepresentative)}
  ${row(ORG_LABELS.contactName, org.contactName)}
  ${row(ORG_LABELS.contactPhone, org.contactPhone)}
  ${row(ORG_LABELS.contactEmail, org.contactEmail)}
  ${row(ORG_LABELS.address, org.address)}
</dl>
${org.legalForm ? '' : legalFormForm(csrf, legalForm)}
<h2>单位成员</h2>
<ul id="organization-members">${org.members.map((m) => html`<li>${m.username}${m.email !== m.username ? html`（${m.email}）` : ''}</li>`)}</ul>
<h2>邀请同事</h2>
<p>同事注册后在“绑定申报单位”页面输入以下邀请码即可加入本单位。请只告知本单位人员。</p>
<p class="join-code">邀请码：<strong id="join-code">${org.joinCode ?? '（尚未生成）'}</strong></p>
<form method="post" action="/me/organization/code" class="inline">
  ${csrfInput(csrf)}
  <button type="submit" class="secondary" id="regenerate-code">重新生成邀请码</button>
</form>
<p class="help">重新生成后旧的邀请码立即失效。单位信息如需变更，请联系所在区数据主管部门。</p>
<p><a href="/me/applications">我的申报</a>　<a href="/calls">查看申报通知</a></p>`,
  );
}
