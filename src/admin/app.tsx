import type { StrapiApp } from '@strapi/strapi/admin';
import CalendarImportButton from './components/CalendarImportButton';
import CreditImportButton from './components/CreditImportButton';
import FeedbackExportButton from './components/FeedbackExportButton';
import { Layout } from '@strapi/icons';
import { dismissMediaLibraryBanner, registerHomeWidgets } from './desk/home';
import { ZH_HANS } from './translations/zh-Hans';
import { INJECT_COLUMN_IN_TABLE, labelEnumerationCells } from './translations/list-cells';
import { relabelDesignSystem } from './translations/design-system-labels';

export default {
  config: {
    // The bureau's staff work in Simplified Chinese; English stays available for developers.
    locales: ['zh-Hans'],
    translations: { 'zh-Hans': ZH_HANS },
  },
  register(app: StrapiApp) {
    // The call's form definition is edited with the visual builder, not as raw JSON.
    app.customFields.register({
      name: 'form-definition',
      type: 'json',
      intlLabel: { id: 'shenbao.form-definition.label', defaultMessage: '申报表单' },
      intlDescription: { id: 'shenbao.form-definition.description', defaultMessage: '用可视化方式设计申报表单' },
      components: { Input: async () => import('./components/FormBuilder') as any },
    });
    // 审核工作台: each staff member's queue and the application page (the server scopes both).
    app.addMenuLink({
      to: 'shenbao-desk',
      icon: Layout,
      intlLabel: { id: 'shenbao.desk.menu', defaultMessage: '审核工作台' },
      Component: () => import('./desk/DeskPage'),
      permissions: [],
      position: 2,
    });
    registerHomeWidgets(app);
  },
  bootstrap(app: StrapiApp) {
    void dismissMediaLibraryBanner();
    // The list view shows enumeration values and workflow states by their Chinese labels.
    app.registerHook(INJECT_COLUMN_IN_TABLE, labelEnumerationCells);
    relabelDesignSystem();
    // 信用记录's list gets the 导入信用名单 action (CSV or XLSX from 信用中国).
    app.getPlugin('content-manager').injectComponent('listView', 'actions', {
      name: 'shenbao-credit-import',
      Component: CreditImportButton,
    });
    // 工作日历's list gets 导入节假日 (a year from a holiday-cn JSON file).
    app.getPlugin('content-manager').injectComponent('listView', 'actions', {
      name: 'shenbao-calendar-import',
      Component: CalendarImportButton,
    });
    // 征求意见反馈's list gets 导出反馈 (XLSX of one consultation's feedback, or of all).
    app.getPlugin('content-manager').injectComponent('listView', 'actions', {
      name: 'shenbao-feedback-export',
      Component: FeedbackExportButton,
    });
  },
};
