import { SafeHtml, html } from '../html';
import { renderBlocks } from '../blocks';
import { LayoutOptions, layout } from '../layout';
import { PublicFile, attachmentList, dateTag, pagination } from './shared';

/** Notices (通知公告) and guidelines (申报指南): a paged list with filters, and a detail page. */

export type Section = 'notices' | 'guidelines';

export const SECTION_TITLE: Record<Section, string> = { notices: '通知公告', guidelines: '申报指南' };

export const CATEGORY_LABEL: Record<string, string> = { notice: '通知', policy: '政策文件', result: '结果公告', guideline: '申报指南' };

export interface ArticleSummary {
  slug: string;
  title: string;
  summary?: string | null;
  category: string;
  issuedAt: string;
  issuer?: string | null;
  docNumber?: string | null;
}

export interface ArticleDetail extends ArticleSummary {
  body: unknown;
  programName?: string | null;
  attachments: PublicFile[];
}

export interface ArticleList {
  section: Section;
  items: ArticleSummary[];
  total: number;
  page: number;
  query: Record<string, string | undefined>;
  categories: string[];
  programs: Array<{ key: string; name: string }>;
}

function filters(list: ArticleList): SafeHtml {
  const current = (key: string) => list.query[key] ?? '';
  return html`<form class="filters" method="get" action="/${list.section}" role="search" aria-label="筛选">
  ${list.categories.length > 1
    ? html`<label for="filter-category">类别</label>
  <select id="filter-category" name="category"><option value="">全部</option>
    ${list.categories.map((c) => html`<option value="${c}"${current('category') === c ? html` selected` : ''}>${CATEGORY_LABEL[c] ?? c}</option>`)}
  </select>`
    : ''}
  <label for="filter-program">资金项目</label>
  <select id="filter-program" name="program"><option value="">全部</option>
    ${list.programs.map((p) => html`<option value="${p.key}"${current('program') === p.key ? html` selected` : ''}>${p.name}</option>`)}
  </select>
  <button type="submit">筛选</button>
</form>`;
}

export function articleListPage(options: LayoutOptions, list: ArticleList): SafeHtml {
  const base = `/${list.section}`;
  return layout(
    options,
    html`<h1>${SECTION_TITLE[list.section]}</h1>
${filters(list)}
${list.items.length
  ? html`<ul class="list" id="article-list">${list.items.map(
      (item) => html`<li class="notice">
    <div class="notice-head">${list.section === 'notices' ? html`<span class="tag">${CATEGORY_LABEL[item.category] ?? item.category}</span>` : ''}<a class="notice-title" href="${base}/${encodeURIComponent(item.slug)}">${item.title}</a></div>
    ${item.summary ? html`<p class="summary">${item.summary}</p>` : ''}
    <p class="meta">${dateTag(item.issuedAt)}${item.issuer ? html`　${item.issuer}` : ''}${item.docNumber ? html`　${item.docNumber}` : ''}</p>
  </li>`,
    )}</ul>`
  : html`<p class="empty">暂无内容</p>`}
${pagination(base, list.query, list.page, list.total)}`,
  );
}

export function articleDetailPage(options: LayoutOptions, section: Section, article: ArticleDetail): SafeHtml {
  return layout(
    { ...options, description: article.summary ?? undefined },
    html`<nav class="breadcrumb" aria-label="当前位置"><a href="/">首页</a> › <a href="/${section}">${SECTION_TITLE[section]}</a></nav>
<article class="article">
  <h1>${article.title}</h1>
  <dl class="doc-meta">
    ${article.docNumber ? html`<dt>文号</dt><dd>${article.docNumber}</dd>` : ''}
    ${article.issuer ? html`<dt>发布机构</dt><dd>${article.issuer}</dd>` : ''}
    <dt>发布日期</dt><dd>${dateTag(article.issuedAt)}</dd>
    ${article.programName ? html`<dt>资金项目</dt><dd>${article.programName}</dd>` : ''}
  </dl>
  <div class="rich-text">${renderBlocks(article.body)}</div>
  ${attachmentList(article.attachments)}
</article>`,
  );
}
