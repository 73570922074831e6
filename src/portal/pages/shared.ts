import { formatShanghaiDate } from '../../domain/time';
import { SafeHtml, html, safeHref } from '../html';

/** Parts shared by the public content pages: paging, attachment lists, dates. */

export const PAGE_SIZE = 10;

/** `?page=` as a positive integer; anything else is page 1. */
export function pageNumber(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** An accessible pagination nav that keeps the other query parameters. */
export function pagination(path: string, query: Record<string, string | undefined>, page: number, total: number): SafeHtml | '' {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return '';
  const href = (n: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value && key !== 'page') params.set(key, value);
    if (n > 1) params.set('page', String(n));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const numbers = Array.from({ length: pages }, (_, i) => i + 1);
  return html`<nav class="pagination" aria-label="分页"><ul>
  ${page > 1 ? html`<li><a href="${href(page - 1)}" rel="prev">上一页</a></li>` : ''}
  ${numbers.map((n) =>
    n === page ? html`<li><a href="${href(n)}" aria-current="page">${n}</a></li>` : html`<li><a href="${href(n)}" aria-label="第 ${n} 页">${n}</a></li>`,
  )}
  ${page < pages ? html`<li><a href="${href(page + 1)}" rel="next">下一页</a></li>` : ''}
</ul><p class="meta">共 ${total} 条，第 ${page}/${pages} 页</p></nav>`;
}

export interface PublicFile {
  name: string;
  url: string;
  /** Strapi's upload plugin stores kilobytes */
  sizeKb?: number | null;
}

export function formatSize(kb: number | null | undefined): string {
  if (!kb && kb !== 0) return '';
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(kb))} KB`;
}

export const toPublicFiles = (media: unknown): PublicFile[] =>
  (Array.isArray(media) ? media : media ? [media] : [])
    .filter((file: any) => file && file.url)
    .map((file: any) => ({ name: String(file.name ?? '附件'), url: String(file.url), sizeKb: Number(file.size) || null }));

export function attachmentList(files: PublicFile[]): SafeHtml | '' {
  if (!files.length) return '';
  return html`<section class="attachments" aria-labelledby="attachments-title">
  <h2 id="attachments-title">附件</h2>
  <ul>${files.map((file) => html`<li><a href="${safeHref(file.url)}" download>${file.name}</a>${file.sizeKb ? html` <span class="meta">（${formatSize(file.sizeKb)}）</span>` : ''}</li>`)}</ul>
</section>`;
}

export const dateTag = (instant: string | null | undefined) =>
  instant ? html`<time datetime="${instant}">${formatShanghaiDate(instant)}</time>` : '';

export const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value ? String(value) : '');
