import { SafeHtml, html } from './html';
import { CSRF_FIELD, PortalUser } from './session';

export interface LayoutOptions {
  title: string;
  /** the path of the current page, to mark the navigation entry */
  path: string;
  description?: string;
  /** who is logged in, for the account links */
  user?: PortalUser | null;
  /** this browser's CSRF token, for the logout form */
  csrf?: string;
}

const NAV = [
  { href: '/', label: '首页' },
  { href: '/notices', label: '通知公告' },
  { href: '/guidelines', label: '申报指南' },
  { href: '/calls', label: '项目申报' },
  { href: '/publicity', label: '公示公告' },
];

function account(options: LayoutOptions): SafeHtml {
  if (!options.user) {
    return html`<a href="/login">登录</a><a href="/register">注册</a><a href="/admin">工作人员入口</a>`;
  }
  return html`<a href="/me/applications">我的申报</a><a href="/me/organization">单位信息</a>
    <form method="post" action="/logout" class="inline"><input type="hidden" name="${CSRF_FIELD}" value="${options.csrf ?? ''}"><button type="submit" class="link">退出（${options.user.username}）</button></form>`;
}

export const SITE_NAME = '武汉市数据局 · 专项资金申报平台';

export function layout(options: LayoutOptions, content: SafeHtml): SafeHtml {
  const isCurrent = (href: string) => (href === '/' ? options.path === '/' : options.path === href || options.path.startsWith(`${href}/`));
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} - ${SITE_NAME}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
<link rel="stylesheet" href="/portal.css">
<script src="/portal.js" defer></script>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site-header">
  <div class="wrap">
    <a class="brand" href="/">${SITE_NAME}</a>
    <nav aria-label="主导航"><ul>
      ${NAV.map(
        (item) =>
          html`<li><a href="${item.href}"${isCurrent(item.href) ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
      )}
    </ul></nav>
    <div class="account">${account(options)}</div>
  </div>
</header>
<main id="main" class="wrap">
${content}
</main>
<footer class="site-footer"><div class="wrap">
  <p>主办单位：武汉市数据局　　本平台时间均为北京时间（UTC+8）</p>
</div></footer>
</body>
</html>
`;
}
