import type { Schema, Struct } from '@strapi/strapi';

export interface CallBuildTask extends Struct.ComponentSchema {
  collectionName: 'components_call_build_tasks';
  info: {
    displayName: '\u5EFA\u8BBE\u4EFB\u52A1';
  };
  attributes: {
    acceptanceCriteria: Schema.Attribute.Text;
    deadline: Schema.Attribute.DateTime;
    description: Schema.Attribute.Text;
    title: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
  };
}

export interface CallMaterial extends Struct.ComponentSchema {
  collectionName: 'components_call_materials';
  info: {
    displayName: '\u7533\u62A5\u6750\u6599';
  };
  attributes: {
    acceptedTypes: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 100;
      }>;
    key: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 50;
      }>;
    name: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 100;
      }>;
    note: Schema.Attribute.Text;
    required: Schema.Attribute.Boolean & Schema.Attribute.DefaultTo<true>;
    stage: Schema.Attribute.Enumeration<
      ['application', 'evaluation', 'completion', 'post_award']
    > &
      Schema.Attribute.Required &
      Schema.Attribute.DefaultTo<'application'>;
  };
}

export interface ContactTopicContact extends Struct.ComponentSchema {
  collectionName: 'components_contact_topic_contacts';
  info: {
    displayName: '\u8054\u7CFB\u65B9\u5F0F';
  };
  attributes: {
    email: Schema.Attribute.Email;
    name: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 100;
      }>;
    phone: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 30;
      }>;
    topic: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 50;
      }>;
  };
}

export interface FinanceAnnualBudget extends Struct.ComponentSchema {
  collectionName: 'components_finance_annual_budgets';
  info: {
    displayName: '\u5E74\u5EA6\u9884\u7B97';
  };
  attributes: {
    amountFen: Schema.Attribute.BigInteger & Schema.Attribute.Required;
    note: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
    year: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 2100;
          min: 2000;
        },
        number
      >;
  };
}

export interface SupervisionReportRule extends Struct.ComponentSchema {
  collectionName: 'components_supervision_report_rules';
  info: {
    description: '\u8D44\u91D1\u62E8\u4ED8\u540E\u6309\u671F\u62A5\u9001\u7EE9\u6548\u81EA\u8BC4\u6216\u7ECF\u8425\u60C5\u51B5\u6570\u636E\uFF08\u7B2C\u5341\u4E00\u6761\uFF09';
    displayName: '\u62A5\u9001\u8BA1\u5212';
  };
  attributes: {
    count: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 20;
          min: 1;
        },
        number
      >;
    everyMonths: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 36;
          min: 1;
        },
        number
      >;
    form: Schema.Attribute.JSON &
      Schema.Attribute.CustomField<'global::form-definition'>;
    graceDays: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 90;
          min: 0;
        },
        number
      > &
      Schema.Attribute.DefaultTo<30>;
    kind: Schema.Attribute.Enumeration<['self_evaluation', 'operating_data']> &
      Schema.Attribute.Required;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'call.build-task': CallBuildTask;
      'call.material': CallMaterial;
      'contact.topic-contact': ContactTopicContact;
      'finance.annual-budget': FinanceAnnualBudget;
      'supervision.report-rule': SupervisionReportRule;
    }
  }
}
