import { formatWanYuan } from '../../domain/money';
import { formatShanghaiDate, formatShanghaiDateTime } from '../../domain/time';
import { SafeHtml, html } from '../html';
import { LayoutOptions, layout } from '../layout';

export interface NoticeItem {
  kind: 'article' | 'consultation';
  title: string;
  /** the detail page */
  href: string;
  summary?: string | null;
  issuedAt: string;
  issuer?: string | null;
  /** consultations only: when comments close */
  deadline?: string | null;
}

export interface CallItem {
  documentId: string;
  title: string;
  programName?: string | null;
  summary?: string | null;
  opensAt: string;
  closesAt: string;
}

export interface ProgramContact {
  name: string;
  capFen: number;
  ratioBp: number;
  baseDescription: string;
  /** 第十四条: as validityText states it */
  validity: string;
  contactPhone?: string | null;
  contactEmail?: string | null;
}

export interface HomeData {
  now: Date;
  notices: NoticeItem[];
  openCalls: CallItem[];
  programs: ProgramContact[];
  /** 公示 batches running now */
  publicity: Array<{ documentId: string; title: string; kind: string; endsAt: string }>;
  /** when the page next changes by the clock alone (a call opens or closes) */
  validUntil: number;
}

const DAY_MS = 86_400_000;
const PUBLICITY_KIND: Record<string, string> = { entity_publicity: '建设单位公示', award_publicity: '拟奖励项目公示' };

function noticeItem(item: NoticeItem, now: Date): SafeHtml {
  const open = item.deadline ? new Date(item.deadline) > now : false;
  return html`<li class="notice">
    <div class="notice-head">
      ${item.kind === 'consultation' ? html`<span class="tag">征求意见</span>` : ''}
      <a class="notice-title" href="${item.href}">${item.title}</a>
    </div>
    ${item.summary ? html`<p class="summary">${item.summary}</p>` : ''}
    <p class="meta">
      <time datetime="${item.issuedAt}">${formatShanghaiDate(item.issuedAt)}</time>
      ${item.issuer ? html`　${item.issuer}` : ''}
      ${item.deadline
        ? html`　<span class="${open ? 'open' : 'closed'}">意见反馈截止：<time datetime="${item.deadline}">${formatShanghaiDateTime(item.deadline)}</time>${open ? '' : '（已截止）'}</span>`
        : ''}
    </p>
  </li>`;
}

function callItem(call: CallItem, now: Date): SafeHtml {
  const daysLeft = Math.ceil((new Date(call.closesAt).getTime() - now.getTime()) / DAY_MS);
  return html`<li class="call">
    <a href="/calls/${encodeURIComponent(call.documentId)}">${call.title}</a>
    ${call.programName ? html`<span class="tag">${call.programName}</span>` : ''}
    ${call.summary ? html`<p class="summary">${call.summary}</p>` : ''}
    <p class="meta">申报时间：<time datetime="${call.opensAt}">${formatShanghaiDateTime(call.opensAt)}</time> 至
      <time datetime="${call.closesAt}">${formatShanghaiDateTime(call.closesAt)}</time>
      <span class="open">（剩余 ${daysLeft} 天）</span></p>
  </li>`;
}

function programContact(program: ProgramContact): SafeHtml {
  return html`<li>
    <strong>${program.name}</strong>
    <p>按${program.baseDescription}的 ${program.ratioBp / 100}% 给予支持，最高 ${formatWanYuan(program.capFen)}</p>
    <p class="meta">有效期：${program.validity}</p>
    <p>联系电话：${program.contactPhone ?? '—'}　电子邮箱：${program.contactEmail
      ? html`<a href="mailto:${program.contactEmail}">${program.contactEmail}</a>`
      : '—'}</p>
  </li>`;
}

export function homePage(options: LayoutOptions, data: HomeData): SafeHtml {
  return layout(
    { ...options, description: '武汉市数据局高质量数据集建设和数据产品应用专项资金申报' },
    html`<section id="notices" aria-labelledby="notices-title">
  <h1 id="notices-title">通知公告</h1>
  ${data.notices.length
    ? html`<ul class="list">${data.notices.map((item) => noticeItem(item, data.now))}</ul>`
    : html`<p class="empty">暂无通知公告</p>`}
</section>
<section id="calls" aria-labelledby="calls-title">
  <h2 id="calls-title">正在申报</h2>
  ${data.openCalls.length
    ? html`<ul class="list">${data.openCalls.map((call) => callItem(call, data.now))}</ul>`
    : html`<p class="empty">当前没有正在受理的申报</p>`}
</section>
${data.publicity.length
  ? html`<section id="publicity" aria-labelledby="publicity-title">
  <h2 id="publicity-title">公示进行中</h2>
  <ul class="list">${data.publicity.map(
    (batch) => html`<li><a href="/publicity/${encodeURIComponent(batch.documentId)}">${batch.title}</a>
    <span class="tag">${PUBLICITY_KIND[batch.kind] ?? batch.kind}</span>
    <p class="meta">公示截止：<time datetime="${batch.endsAt}">${formatShanghaiDateTime(batch.endsAt)}</time>，期间可实名提出异议</p></li>`,
  )}</ul>
</section>`
  : ''}
<section id="contacts" aria-labelledby="contacts-title">
  <h2 id="contacts-title">咨询电话</h2>
  <ul class="list contacts">${data.programs.map(programContact)}</ul>
</section>`,
  );
}
