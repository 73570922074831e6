import type { StrapiApp } from '@strapi/strapi/admin';

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
  bootstrap(_app: StrapiApp) {},
};
