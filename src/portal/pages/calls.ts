import { ProgramValidity, validityPhase } from '../../domain/program-validity';
import { formatShanghaiDateTime } from '../../domain/time';
import { SafeHtml, html, safeHref } from '../html';
import { renderBlocks } from '../blocks';
import { LayoutOptions, layout } from '../layout';
import { PublicFile, attachmentList } from './shared';

/** Calls for applications (申报通知 / task specs): the list by state and the detail page. */

export type CallState = 'open' | 'upcoming' | 'closed';

export interface CallSummary {
  documentId: string;
  slug: string;
  title: string;
  summary?: string | null;
  programName?: string | null;
  opensAt: string;
  closesAt: string;
  state: CallState;
  /** why the call takes no application whatever its window says: its programme is not in force (第十四条) */
  notAccepting?: string | null;
  /** the programme's validity, as validityText states it */
  validity?: string | null;
}

export interface CallDetail extends CallSummary {
  year?: number | null;
  body: unknown;
  buildTasks: Array<{ title: string; description?: string | null; acceptanceCriteria?: string | null; deadline?: string | null }>;
  materials: Array<{ name: string; stage: string; required: boolean; acceptedTypes?: string | null; note?: string | null }>;
  attachments: PublicFile[];
  contact?: { phone?: string | null; email?: string | null } | null;
}

const DAY_MS = 86_400_000;
const STAGE_LABEL: Record<string, string> = { application: '申报阶段', evaluation: '评审阶段', completion: '验收阶段', post_award: '拨付后' };
const STATE_LABEL: Record<CallState, string> = { open: '申报中', upcoming: '未开始', closed: '已截止' };
/** A call's state in words: a window still open on a programme not in force is not "已截止" but not taking applications. */
const stateLabel = (call: CallSummary) => (call.notAccepting ? '不受理申报' : STATE_LABEL[call.state]);

/** The window's state, unless the programme is not in force: lapsed it is closed, not yet in force it has not begun. */
export function callState(opensAt: string, closesAt: string, now: Date, program: ProgramValidity): CallState {
  const window: CallState = now < new Date(opensAt) ? 'upcoming' : now < new Date(closesAt) ? 'open' : 'closed';
  const phase = validityPhase(program, now);
  if (phase === 'expired') return 'closed';
  return phase === 'not_yet_effective' && window === 'open' ? 'upcoming' : window;
}

function windowText(call: CallSummary, now: Date): SafeHtml {
  const daysLeft = Math.max(0, Math.ceil((new Date(call.closesAt).getTime() - now.getTime()) / DAY_MS));
  return html`申报时间：<time datetime="${call.opensAt}">${formatShanghaiDateTime(call.opensAt)}</time> 至
      <time datetime="${call.closesAt}">${formatShanghaiDateTime(call.closesAt)}</time>
      <span class="state state-${call.state} ${call.state === 'open' ? 'open' : 'closed'}">${call.state === 'open' ? `（剩余 ${daysLeft} 天）` : `（${stateLabel(call)}）`}</span>`;
}

export function callListPage(options: LayoutOptions, calls: CallSummary[], now: Date): SafeHtml {
  const group = (state: CallState, title: string, id: string) => {
    const items = calls.filter((call) => call.state === state);
    return html`<section aria-labelledby="${id}">
  <h2 id="${id}">${title}</h2>
  ${items.length
    ? html`<ul class="list">${items.map(
        (call) => html`<li class="call">
    <a href="/calls/${encodeURIComponent(call.documentId)}">${call.title}</a>
    ${call.programName ? html`<span class="tag">${call.programName}</span>` : ''}
    ${call.state !== 'open' ? html`<span class="tag tag-muted">${stateLabel(call)}</span>` : ''}
    ${call.summary ? html`<p class="summary">${call.summary}</p>` : ''}
    <p class="meta">${windowText(call, now)}</p>
    ${call.notAccepting ? html`<p class="meta closed">${call.notAccepting}</p>` : ''}
  </li>`,
      )}</ul>`
    : html`<p class="empty">暂无</p>`}
</section>`;
  };
  return layout(
    options,
    html`<h1>项目申报</h1>
${group('open', '正在申报', 'calls-open')}
${group('upcoming', '即将开始', 'calls-upcoming')}
${group('closed', '已截止', 'calls-closed')}`,
  );
}

export function callDetailPage(options: LayoutOptions, call: CallDetail, now: Date): SafeHtml {
  return layout(
    { ...options, description: call.summary ?? undefined },
    html`<nav class="breadcrumb" aria-label="当前位置"><a href="/">首页</a> › <a href="/calls">项目申报</a></nav>
<article class="call-detail">
  <h1>${call.title}</h1>
  <dl class="doc-meta">
    ${call.programName ? html`<dt>资金项目</dt><dd>${call.programName}</dd>` : ''}
    ${call.validity ? html`<dt>项目有效期</dt><dd id="program-validity">${call.validity}</dd>` : ''}
    ${call.year ? html`<dt>年度</dt><dd>${call.year}</dd>` : ''}
    <dt>申报时间</dt><dd>${windowText(call, now)}</dd>
  </dl>
  ${call.state === 'open'
    ? html`<p><a class="button primary" id="apply-link" href="/calls/${encodeURIComponent(call.documentId)}/apply">立即申报</a></p>`
    : html`<p class="notice-box" id="call-state">${call.notAccepting ?? (call.state === 'upcoming' ? '本申报尚未开始，开始后可在线申报。' : '本申报已截止，不再受理。')}</p>`}
  ${call.summary ? html`<p class="summary">${call.summary}</p>` : ''}
  <div class="rich-text">${renderBlocks(call.body)}</div>
  ${call.buildTasks.length
    ? html`<section aria-labelledby="tasks-title"><h2 id="tasks-title">建设任务与验收标准</h2>
    <ol class="tasks">${call.buildTasks.map(
      (task) => html`<li><h3>${task.title}</h3>
      ${task.description ? html`<p>${task.description}</p>` : ''}
      ${task.acceptanceCriteria ? html`<p><strong>验收标准：</strong>${task.acceptanceCriteria}</p>` : ''}
      ${task.deadline ? html`<p class="meta">完成时限：<time datetime="${task.deadline}">${formatShanghaiDateTime(task.deadline)}</time></p>` : ''}</li>`,
    )}</ol></section>`
    : ''}
  ${call.materials.length
    ? html`<section aria-labelledby="materials-title"><h2 id="materials-title">申报材料</h2>
    <table class="data"><caption class="visually-hidden">申报材料清单</caption>
      <thead><tr><th scope="col">材料</th><th scope="col">阶段</th><th scope="col">是否必需</th><th scope="col">格式</th><th scope="col">说明</th></tr></thead>
      <tbody>${call.materials.map(
        (m) => html`<tr><td>${m.name}</td><td>${STAGE_LABEL[m.stage] ?? m.stage}</td><td>${m.required ? '必需' : '可选'}</td><td>${m.acceptedTypes ?? ''}</td><td>${m.note ?? ''}</td></tr>`,
      )}</tbody></table></section>`
    : ''}
  ${attachmentList(call.attachments)}
  ${call.contact && (call.contact.phone || call.contact.email)
    ? html`<section aria-labelledby="contact-title"><h2 id="contact-title">咨询方式</h2>
    <p>联系电话：${call.contact.phone ?? '—'}　电子邮箱：${call.contact.email ? html`<a href="${safeHref(`mailto:${call.contact.email}`)}">${call.contact.email}</a>` : '—'}</p></section>`
    : ''}
</article>`,
  );
}
