import { enumMessages } from '../../domain/enum-labels';
// The Content Manager's own zh-Hans file (Strapi 5.54) has its keys already prefixed with
// "content-manager.", and the plugin prefixes them again when it registers them, so none is found
// and its menus show in English. Its correctly prefixed entries are given to the admin directly.
import contentManagerZh from '../../../node_modules/@strapi/content-manager/dist/admin/translations/zh-Hans.json.mjs';

const CONTENT_MANAGER_ZH = Object.fromEntries(Object.entries(contentManagerZh as Record<string, string>).filter(([key]) => key.startsWith('content-manager.')));

/**
 * The admin's Simplified Chinese: Strapi's own zh-Hans translations, plus the strings Strapi 5.54
 * ships in English only (found by tests/e2e/admin-language.test.ts), plus the labels of every
 * enumeration value. To add one: find the message id in the Strapi package's en.json.mjs
 * (node_modules/@strapi/<package>/dist/admin/translations/) and add it below. See docs/admin.md 「界面语言」.
 */
export const ZH_HANS: Record<string, string> = {
  ...CONTENT_MANAGER_ZH,
  'HomePage.header.title': '您好，{name}',
  'HomePage.header.subtitle': '欢迎使用申报管理后台',
  'HomePage.widget.loading': '正在加载…',
  'HomePage.widget.error': '加载失败。',
  'HomePage.widget.no-data': '暂无数据。',
  'HomePage.widget.no-permissions': '您没有查看此部件的权限',
  'HomePage.addWidget.title': '添加部件',
  'HomePage.addWidget.noWidgetsAvailable': '没有可添加的部件',
  'HomePage.addWidget.button': '添加部件',
  'HomePage.widget.delete': '删除',
  'HomePage.widget.drag': '拖动以移动',
  'widget.key-statistics.title': '项目统计',
  'widget.key-statistics.list.admins': '管理员',
  'widget.key-statistics.list.apiTokens': 'API 令牌',
  'widget.key-statistics.list.assets': '媒体文件',
  'widget.key-statistics.list.components': '组件',
  'widget.key-statistics.list.contentTypes': '内容类型',
  'widget.key-statistics.list.entries': '条目',
  'widget.key-statistics.list.locales': '语言',
  'widget.key-statistics.list.webhooks': 'Webhooks',
  'widget.last-activity.link': '打开审计日志',
  'widget.last-activity.no-activity': '暂无活动',
  'widget.last-activity.title': '最近活动',
  'widget.profile.title': '个人资料',
  'app.components.MediaLibraryBanner.close': '关闭',
  'app.components.MediaLibraryBanner.intro': '全新媒体库：',
  'app.components.MediaLibraryBanner.text': '请查阅文档了解如何切换到新版。',
  'app.components.MediaLibraryBanner.text.enabled': '您正在使用新版媒体库。',
  'app.components.MediaLibraryBanner.button': '文档',
  'app.components.MediaLibraryBanner.button.enabled': '了解详情',
  'content-manager.widget.chart-entries.title': '条目',
  'content-manager.widget.chart-entries.count.label': '条目',
  'content-manager.widget.last-edited.title': '最近编辑的条目',
  'content-manager.widget.last-edited.single-type': '单一类型',
  'content-manager.widget.last-edited.no-data': '暂无编辑的条目',
  'content-manager.widget.last-published.title': '最近发布的条目',
  'content-manager.widget.last-published.no-data': '暂无发布的条目',
  'content-manager.containers.edit.panels.default.title': '条目',
  'search.placeholder': '搜索',
  clearLabel: '清除',
  // The Content Manager names an enumeration's option (edit view, filters) by the message whose id is its value.
  ...enumMessages(),
};
