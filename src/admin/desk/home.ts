import type { StrapiApp } from '@strapi/strapi/admin';
import { BulletList, Bell, ChartBubble, Clock, Filter, PresentationChart } from '@strapi/icons';

/**
 * The admin home page (Strapi ≥ 5.13 widgets). Staff land on their to-do: 待我办理, 公示中,
 * 办理进度 and, for finance, 预算执行, first and above the fold; then the city's charts.
 *
 * Strapi's own widgets (recently edited and published entries, key statistics with Webhooks and
 * API tokens, profile, entries chart…) are for whoever administers Strapi. The home page shows a
 * widget only to a user its permissions match (HomePageCE compares the number of matching
 * permissions with the number listed, so a permission without a subject, such as the Content
 * Manager's read, matches once per content type and cannot be combined with another): each of
 * them is given one permission instead, reading the admin roles, which a super admin holds and no
 * staff role is granted. The widget list is rewritten with the reducer
 * form of app.widgets.register, once every plugin has registered its widgets (the app's register
 * runs after the plugins').
 */
const ADMINISTERS_STRAPI = { action: 'admin::roles.read' };
const DESK = '/shenbao-desk';

type Widget = Parameters<StrapiApp['widgets']['register']>[0] extends infer W ? (W extends Array<infer One> ? One : never) : never;

const load = (name: 'TodoWidget' | 'PublicityWidget' | 'FunnelWidget' | 'BudgetWidget') => async () => (await import('./HomeWidgets'))[name];
const chart = (name: 'ByDistrictWidget' | 'MedianDaysWidget') => async () => (await import('./DashboardWidgets'))[name];

const OURS: Widget[] = [
  {
    id: 'todo',
    icon: Bell,
    title: { id: 'shenbao.widget.todo', defaultMessage: '待我办理' },
    link: { label: { id: 'shenbao.widget.todo.link', defaultMessage: '打开审核工作台' }, href: DESK },
    component: load('TodoWidget'),
  },
  { id: 'publicity', icon: Clock, title: { id: 'shenbao.widget.publicity', defaultMessage: '进行中的公示' }, component: load('PublicityWidget') },
  { id: 'funnel', icon: Filter, title: { id: 'shenbao.widget.funnel', defaultMessage: '办理进度（本人范围）' }, component: load('FunnelWidget') },
  // Finance's: the role that reads the disbursement records.
  {
    id: 'budget',
    icon: PresentationChart,
    title: { id: 'shenbao.widget.budget', defaultMessage: '预算执行（承诺与拨付）' },
    component: load('BudgetWidget'),
    permissions: [{ action: 'plugin::content-manager.explorer.read', subject: 'api::disbursement.disbursement' }],
  },
  { id: 'by-district', icon: ChartBubble, title: { id: 'shenbao.widget.by-district', defaultMessage: '各区申报数（本年度）' }, component: chart('ByDistrictWidget') },
  { id: 'median-days', icon: BulletList, title: { id: 'shenbao.widget.median-days', defaultMessage: '各环节办理时长中位数（天）' }, component: chart('MedianDaysWidget') },
];

export function registerHomeWidgets(app: StrapiApp) {
  const ours = new Set(OURS.map((w) => w.id));
  app.widgets?.register((registered) => [
    ...OURS,
    ...registered.filter((w) => w.pluginId || !ours.has(w.id)).map((w) => ({ ...w, permissions: [ADMINISTERS_STRAPI] })),
  ]);
}

/**
 * Strapi's banner about its new media library sits above every admin page until dismissed; the
 * bureau's staff have no use for it. It keeps its dismissal in the browser, under a key scoped by
 * the project's uuid (useScopedPersistentState in @strapi/admin): the panel dismisses it at start
 * for everyone, in both of its variants (legacy library or not).
 */
export async function dismissMediaLibraryBanner() {
  const base = (window as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? '';
  const response = await fetch(`${base}/admin/init`).catch(() => null);
  const uuid = response?.ok ? (await response.json())?.data?.uuid : undefined;
  if (uuid === undefined) return;
  for (const legacy of [true, false]) window.localStorage.setItem(`STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${legacy}:${uuid}`, 'true');
}
