/**
 * A few labels the design system's components default to in English, which Strapi 5.54 does not
 * pass through its translations (date and time pickers, the pagination landmark). They are read
 * aloud by screen readers and shown as tooltips, so they are set in Chinese as the admin renders
 * them. Only these exact English defaults are touched.
 */
const LABELS: Record<string, string> = {
  'Choose date': '选择日期',
  'Choose time': '选择时间',
  Pagination: '分页',
  'Go to previous page': '上一页',
  'Go to next page': '下一页',
};

function relabel(root: ParentNode) {
  for (const element of root.querySelectorAll<HTMLElement>('[aria-label]')) {
    const label = LABELS[element.getAttribute('aria-label') ?? ''];
    if (label) element.setAttribute('aria-label', label);
  }
}

export function relabelDesignSystem() {
  relabel(document);
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes') {
        const label = LABELS[(mutation.target as HTMLElement).getAttribute('aria-label') ?? ''];
        if (label) (mutation.target as HTMLElement).setAttribute('aria-label', label);
      }
      for (const node of mutation.addedNodes) if (node instanceof HTMLElement) relabel(node.parentNode ?? node);
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
}
