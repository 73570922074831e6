import type { StrapiApp } from '@strapi/strapi/admin';
import CreditImportButton from './components/CreditImportButton';
import FeedbackExportButton from './components/FeedbackExportButton';

export default {
  config: {
    // The bureau's staff work in Simplified Chinese; English stays available for developers.
    locales: ['zh-Hans'],
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
  },
  bootstrap(app: StrapiApp) {
    // 信用记录's list gets the 导入信用名单 action (CSV or XLSX from 信用中国).
    app.getPlugin('content-manager').injectComponent('listView', 'actions', {
      name: 'shenbao-credit-import',
      Component: CreditImportButton,
    });
    // 征求意见反馈's list gets 导出反馈 (XLSX of one consultation's feedback, or of all).
    app.getPlugin('content-manager').injectComponent('listView', 'actions', {
      name: 'shenbao-feedback-export',
      Component: FeedbackExportButton,
    });
  },
};
