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

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'call.build-task': CallBuildTask;
      'call.material': CallMaterial;
      'contact.topic-contact': ContactTopicContact;
      'finance.annual-budget': FinanceAnnualBudget;
    }
  }
}
