/**
 * A few labels Strapi 5.54 leaves in English because it does not pass them through its
 * translations: the design system's date and time pickers and pagination landmark, and the
 * document status badge, whose aria-label is the raw status. They are read aloud by screen
 * readers, so they are set in Chinese as the admin renders them. Only these exact English
 * strings are touched, in aria-labels and in text nodes that hold nothing else.
 */
const LABELS: Record<string, string> = {
  'Choose date': '选择日期',
  'Choose time': '选择时间',
  // the pickers' clear buttons: Strapi's 「清除」 with the picker's own English noun appended
  '清除 date': '清除日期',
  '清除 time': '清除时间',
  Pagination: '分页',
  'Go to previous page': '上一页',
  'Go to next page': '下一页',
  published: '已发布',
  draft: '草稿',
  modified: '已修改',
};

function relabelElement(element: Element) {
  const label = LABELS[element.getAttribute('aria-label') ?? ''];
  if (label) element.setAttribute('aria-label', label);
}

function relabelText(node: Node) {
  const label = LABELS[node.nodeValue?.trim() ?? ''];
  if (label) node.nodeValue = label;
}

function relabel(root: Node) {
  if (root instanceof Element) {
    relabelElement(root);
    root.querySelectorAll('[aria-label]').forEach(relabelElement);
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.parentElement?.closest('[aria-hidden="true"], .cm-editor, [contenteditable="true"]') === null) relabelText(node);
}

export function relabelDesignSystem() {
  relabel(document.body);
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes') relabelElement(mutation.target as Element);
      else if (mutation.type === 'characterData') relabel(mutation.target.parentNode ?? mutation.target);
      else mutation.addedNodes.forEach(relabel);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label'] });
}
