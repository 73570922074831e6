import { paragraphsToBlocks, renderBlocks } from '../../src/portal/blocks';
import { escapeHtml, html, safeHref, trustedHtml } from '../../src/portal/html';
import { joinPageBreaks } from '../../src/seed/policy-text';

describe('html templates', () => {
  it('escapes every interpolated value', () => {
    const name = '<img src=x onerror="alert(1)">';
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>',
    );
  });

  it('nests templates without escaping them twice, and joins arrays', () => {
    const items = ['甲 & 乙', '<丙>'].map((text) => html`<li>${text}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>甲 &amp; 乙</li><li>&lt;丙&gt;</li></ul>');
  });

  it('renders nothing for null, undefined and false, but keeps 0', () => {
    expect(html`[${null}${undefined}${false}${0}]`.value).toBe('[0]');
  });

  it('passes trusted markup through as is', () => {
    expect(html`${trustedHtml('<b>x</b>')}`.value).toBe('<b>x</b>');
    expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
  });

  it.each([
    ['javascript:alert(1)', '#'],
    [' JAVASCRIPT:alert(1)', '#'],
    ['//evil.example/x', '#'],
    ['data:text/html,x', '#'],
    ['https://sjj.wuhan.gov.cn/', 'https://sjj.wuhan.gov.cn/'],
    ['/notices/a', '/notices/a'],
    ['mailto:ssjjsjzlc@163.com', 'mailto:ssjjsjzlc@163.com'],
  ])('keeps only safe links: %p → %p', (href, expected) => {
    expect(safeHref(href)).toBe(expected);
  });
});

describe('rich text blocks', () => {
  it('renders paragraphs, headings, lists and marks with escaping', () => {
    const blocks = [
      { type: 'heading', level: 1, children: [{ type: 'text', text: '第一章 <总则>' }] },
      { type: 'paragraph', children: [{ type: 'text', text: '加粗', bold: true }, { type: 'text', text: ' & 普通' }] },
      { type: 'list', format: 'ordered', children: [{ type: 'list-item', children: [{ type: 'text', text: '一' }] }] },
      { type: 'link', url: 'javascript:alert(1)', children: [{ type: 'text', text: '链接' }] },
      { type: 'mystery', children: [{ type: 'text', text: '未知节点的文字' }] },
    ];
    expect(renderBlocks(blocks).value).toBe(
      '<h2>第一章 &lt;总则&gt;</h2><p><strong>加粗</strong> &amp; 普通</p><ol><li>一</li></ol>' +
        '<a href="#" rel="noopener">链接</a>未知节点的文字',
    );
  });

  it('renders nothing for content that is not a block list', () => {
    expect(renderBlocks(null).value).toBe('');
    expect(renderBlocks('<script>').value).toBe('');
  });

  it('builds blocks from paragraphs', () => {
    expect(paragraphsToBlocks([{ text: '章', heading: 3 }, { text: '条' }])).toEqual([
      { type: 'heading', level: 3, children: [{ type: 'text', text: '章' }] },
      { type: 'paragraph', children: [{ type: 'text', text: '条' }] },
    ]);
  });
});

describe('joining paragraphs split at page breaks', () => {
  it('joins a sentence cut in the middle, and nothing else', () => {
    expect(
      joinPageBreaks(['第四条 本办法支持对象是指具有独立法人资格，近三年无', '重大安全事故。', '（一）奖补标准', '每年发布一批任务。', '武汉市数据局', '2025年3月18日']),
    ).toEqual(['第四条 本办法支持对象是指具有独立法人资格，近三年无重大安全事故。', '（一）奖补标准', '每年发布一批任务。', '武汉市数据局', '2025年3月18日']);
  });

  it('does not join a paragraph onto the next article or item', () => {
    expect(joinPageBreaks(['第八条 项目发布', '第九条 项目申报'])).toEqual(['第八条 项目发布', '第九条 项目申报']);
    expect(joinPageBreaks(['对项目', '1. 申报书'])).toEqual(['对项目', '1. 申报书']);
  });
});
