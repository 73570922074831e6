import { SafeHtml, html, safeHref } from './html';

/**
 * Renders Strapi's rich text "blocks" JSON. The JSON comes from editors, so every text node is
 * escaped and links are filtered; unknown node types render their children only.
 */
interface TextNode {
  type: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  code?: boolean;
}
interface ElementNode {
  type: string;
  children?: BlockNode[];
  level?: number;
  format?: 'ordered' | 'unordered';
  url?: string;
  image?: { url?: string; alternativeText?: string | null };
}
export type BlockNode = TextNode | ElementNode;

function renderText(node: TextNode): SafeHtml {
  let out = html`${node.text}`;
  if (node.code) out = html`<code>${out}</code>`;
  if (node.bold) out = html`<strong>${out}</strong>`;
  if (node.italic) out = html`<em>${out}</em>`;
  if (node.underline) out = html`<u>${out}</u>`;
  if (node.strikethrough) out = html`<s>${out}</s>`;
  return out;
}

function renderNode(node: BlockNode): SafeHtml {
  if (node.type === 'text') return renderText(node as TextNode);
  const element = node as ElementNode;
  const children = (element.children ?? []).map(renderNode);
  switch (element.type) {
    case 'paragraph':
      return html`<p>${children}</p>`;
    case 'heading': {
      // h1 is the page title; content headings start at h2.
      const level = Math.min(Math.max(Number(element.level) || 2, 2), 6);
      return new SafeHtml(`<h${level}>${html`${children}`.value}</h${level}>`);
    }
    case 'list':
      return element.format === 'ordered' ? html`<ol>${children}</ol>` : html`<ul>${children}</ul>`;
    case 'list-item':
      return html`<li>${children}</li>`;
    case 'quote':
      return html`<blockquote>${children}</blockquote>`;
    case 'code':
      return html`<pre><code>${children}</code></pre>`;
    case 'link':
      return html`<a href="${safeHref(element.url)}" rel="noopener">${children}</a>`;
    case 'image':
      return html`<img src="${safeHref(element.image?.url)}" alt="${element.image?.alternativeText ?? ''}">`;
    default:
      return html`${children}`;
  }
}

export function renderBlocks(blocks: unknown): SafeHtml {
  return Array.isArray(blocks) ? html`${(blocks as BlockNode[]).map(renderNode)}` : html``;
}

/** Plain text → blocks: blank-line separated paragraphs; lines given as headings become h2/h3. */
export function paragraphsToBlocks(paragraphs: Array<{ text: string; heading?: 2 | 3 }>): BlockNode[] {
  return paragraphs.map(({ text, heading }) =>
    heading
      ? { type: 'heading', level: heading, children: [{ type: 'text', text }] }
      : { type: 'paragraph', children: [{ type: 'text', text }] },
  );
}
