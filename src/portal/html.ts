/**
 * Auto-escaping HTML templates. Every value interpolated into `html\`...\`` is escaped unless it
 * is itself the result of `html` (or of `trustedHtml`, for markup built by our own renderers).
 * Arrays are joined, and null, undefined and false render as nothing, so a page reads like a
 * template while staying safe by construction.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]);

type Renderable = SafeHtml | string | number | null | undefined | false | Renderable[];

function render(value: Renderable): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, chunk, index) => out + chunk + (index < values.length ? render(values[index]) : ''), ''));
}

/** Only for markup our own code generated from escaped parts. Never for user input. */
export const trustedHtml = (markup: string) => new SafeHtml(markup);

/** Only http(s), mailto, tel and site-relative links survive; anything else (javascript:) becomes "#". */
export function safeHref(href: unknown): string {
  const value = String(href ?? '').trim();
  return /^(https?:\/\/|mailto:|tel:|\/(?!\/))/i.test(value) ? value : '#';
}
