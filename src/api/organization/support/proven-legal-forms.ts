import type { Core } from '@strapi/strapi';
import { LegalForm, legalFormProvenByUscc } from '../../../domain/legal-person';

const ORG = 'api::organization.organization';

/**
 * Organisations registered before 第四条's legal form was asked have none. Where the USCC proves
 * it (a 12 is a 事业单位, a 92 a 个体工商户), it is recorded at boot; the rest (a 91 may be a
 * company, a partnership or a branch) state it themselves on the portal before they submit.
 * The query engine, as a migration would: nothing a person wrote is changed.
 */
export async function recordProvenLegalForms(strapi: Core.Strapi) {
  const unstated = await strapi.db.query(ORG).findMany({ where: { legalForm: { $null: true } }, select: ['id', 'uscc'] });
  const byForm = new Map<LegalForm, number[]>();
  for (const row of unstated) {
    const form = legalFormProvenByUscc(row.uscc ?? '');
    if (form) byForm.set(form, [...(byForm.get(form) ?? []), row.id]);
  }
  for (const [legalForm, ids] of byForm) {
    await strapi.db.query(ORG).updateMany({ where: { id: { $in: ids }, legalForm: { $null: true } }, data: { legalForm } });
  }
}
