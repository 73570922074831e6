import { FieldError, errorSummary, input } from '../components';
import { SafeHtml, html } from '../html';
import { LayoutOptions, layout } from '../layout';
import { csrfInput } from '../request';

/** The register and login pages: plain forms that work without JavaScript. */
export interface AccountFormState {
  values: Record<string, string>;
  errors: FieldError[];
}

const errorOf = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

export const REGISTER_LABELS: Record<string, string> = {
  email: '电子邮箱',
  username: '用户名',
  password: '密码',
  passwordConfirm: '确认密码',
};

export function registerPage(chrome: LayoutOptions, csrf: string, state: AccountFormState): SafeHtml {
  const { values, errors } = state;
  return layout(
    chrome,
    html`<h1>注册申报账号</h1>
${errorSummary(errors, REGISTER_LABELS)}
<p>注册后请绑定申报单位（填写统一社会信用代码），或凭同事提供的邀请码加入已登记的单位。</p>
<form method="post" action="/register" novalidate class="stack">
  ${csrfInput(csrf)}
  ${input({ name: 'email', label: REGISTER_LABELS.email, type: 'email', value: values.email, required: true, autocomplete: 'email', error: errorOf(errors, 'email'), maxlength: 200 })}
  ${input({ name: 'username', label: REGISTER_LABELS.username, value: values.username, autocomplete: 'username', help: '可不填，不填时以电子邮箱作为用户名。', error: errorOf(errors, 'username'), maxlength: 50 })}
  ${input({ name: 'password', label: REGISTER_LABELS.password, type: 'password', required: true, autocomplete: 'new-password', help: '至少8位，且包含大写字母、小写字母、数字、符号中的至少3类。', error: errorOf(errors, 'password') })}
  ${input({ name: 'passwordConfirm', label: REGISTER_LABELS.passwordConfirm, type: 'password', required: true, autocomplete: 'new-password', error: errorOf(errors, 'passwordConfirm') })}
  <button type="submit" id="register-submit">注册</button>
</form>
<p>已有账号？<a href="/login">登录</a></p>`,
  );
}

export function loginPage(chrome: LayoutOptions, csrf: string, state: AccountFormState & { next?: string; general?: string }): SafeHtml {
  const { values, errors } = state;
  return layout(
    chrome,
    html`<h1>登录</h1>
${state.general ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>无法登录</h2><p>${state.general}</p></div>` : errorSummary(errors, { identifier: '邮箱或用户名', password: '密码' })}
<form method="post" action="/login" novalidate class="stack">
  ${csrfInput(csrf)}
  ${state.next ? html`<input type="hidden" name="next" value="${state.next}">` : ''}
  ${input({ name: 'identifier', label: '电子邮箱或用户名', value: values.identifier, required: true, autocomplete: 'username', error: errorOf(errors, 'identifier'), maxlength: 200 })}
  ${input({ name: 'password', label: '密码', type: 'password', required: true, autocomplete: 'current-password', error: errorOf(errors, 'password') })}
  <button type="submit" id="login-submit">登录</button>
</form>
<p>还没有账号？<a href="/register">注册</a></p>`,
  );
}
