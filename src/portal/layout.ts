import { SafeHtml, html } from './html';

export interface LayoutOptions {
  title: string;
  /** the path of the current page, to mark the navigation entry */
  path: string;
  description?: string;
}

// Only pages that exist are linked; the full portal (issue 5) adds its sections here.
const NAV = [
  { href: '/', label: '首页' },
  { href: '/#notices', label: '通知公告' },
  { href: '/#calls', label: '项目申报' },
  { href: '/#contacts', label: '联系我们' },
];

export const SITE_NAME = '武汉市数据局 · 专项资金申报平台';

export function layout(options: LayoutOptions, content: SafeHtml): SafeHtml {
  const isCurrent = (href: string) => href === options.path;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} - ${SITE_NAME}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
<link rel="stylesheet" href="/portal.css">
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
    <div class="account"><a href="/admin">工作人员入口</a></div>
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
