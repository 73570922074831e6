import { STAFF_ROLES } from '../api/reviewer-profile/support/staff-roles';
import { syncStaffRoles } from '../api/reviewer-profile/support/staff-rbac';
import { DEMO_APPLICANT, DEMO_STAFF } from './data/staff';
import type { SeedLedger } from './ensure';

export interface DemoLogin {
  email: string;
  password: string;
  role: string;
  where: string;
}

/** The roles are created and kept in sync at bootstrap (staff-rbac.ts); the seed only looks them up. */
async function ensureStaffRoles(ledger: SeedLedger) {
  const { strapi } = ledger;
  const definitions = await (strapi.service('api::workflow.workflow') as any).allStored();
  const { ids, created } = await syncStaffRoles(strapi, definitions);
  for (const _code of created) ledger.count('admin::role');
  return { ...ids, 'strapi-super-admin': (await strapi.service('admin::role').getSuperAdmin()).id as number };
}

async function ensureStaff(ledger: SeedLedger, password: string): Promise<DemoLogin[]> {
  const { strapi } = ledger;
  const roleIds = await ensureStaffRoles(ledger);
  const roleNames = Object.fromEntries(STAFF_ROLES.map((role) => [role.code, role.name]));
  const districts = await strapi.documents('api::district.district').findMany({ fields: ['code', 'name'] });
  const logins: DemoLogin[] = [];

  for (const staff of DEMO_STAFF) {
    const userService = strapi.service('admin::user');
    let user = await userService.findOneByEmail(staff.email);
    if (!user) {
      user = await userService.create({
        email: staff.email,
        firstname: staff.firstname,
        lastname: staff.lastname,
        password,
        isActive: true,
        roles: [roleIds[staff.roleCode]],
        preferedLanguage: 'zh-Hans',
      });
      ledger.count('admin::user');
    }
    const district = districts.find((d) => d.code === staff.profile?.districtCode);
    if (staff.profile) {
      // Supervisors come earlier in DEMO_STAFF, so they exist by now.
      const supervisor = staff.profile.supervisorEmail ? await userService.findOneByEmail(staff.profile.supervisorEmail) : null;
      const expert = { expertField: staff.profile.expertField, employer: staff.profile.employer, employerUscc: staff.profile.employerUscc };
      const profile = await ledger.ensure('api::reviewer-profile.reviewer-profile', { adminUser: { id: user.id } }, () => ({
        supervisor: supervisor?.id,
        adminUser: user.id,
        displayName: `${staff.lastname}${staff.firstname}`,
        role: staff.profile!.role,
        district: district?.documentId,
        institution: staff.profile!.institution,
        relatedUsccs: [],
        ...expert,
        active: true,
      }));
      // Demo experts seeded before the draw had fields get them, once.
      if (expert.expertField && !profile.expertField) await strapi.documents('api::reviewer-profile.reviewer-profile').update({ documentId: profile.documentId, data: expert as any });
    }
    logins.push({
      email: staff.email,
      password,
      role: roleNames[staff.roleCode] ?? '超级管理员',
      where: district ? `/admin（${district.name}）` : '/admin',
    });
  }
  return logins;
}

async function ensureApplicant(ledger: SeedLedger, password: string): Promise<DemoLogin> {
  const { strapi } = ledger;
  const { organization: org, ...account } = DEMO_APPLICANT;
  let user = await strapi.documents('plugin::users-permissions.user').findFirst({ filters: { email: account.email } });
  if (!user) {
    const authenticated = await strapi
      .documents('plugin::users-permissions.role')
      .findFirst({ filters: { type: 'authenticated' } });
    user = await strapi.plugin('users-permissions').service('user').add({
      ...account,
      password,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: authenticated!.id,
    });
    ledger.count('plugin::users-permissions.user');
  }
  const { districtCode, ...orgFields } = org;
  const district = await strapi.documents('api::district.district').findFirst({ filters: { code: districtCode } });
  const organization = await ledger.ensure('api::organization.organization', { uscc: org.uscc }, () => ({
    ...orgFields,
    district: district?.documentId,
    users: [user!.documentId],
  }));
  // Seeded before organisations stated their legal form (第四条): the demo's, once.
  if (!organization.legalForm) await strapi.documents('api::organization.organization').update({ documentId: organization.documentId, data: { legalForm: org.legalForm } as any });
  return { email: account.email, password, role: `申报单位用户（${org.name}）`, where: '门户（申报单位登录）' };
}

export async function seedAccounts(ledger: SeedLedger, password: string) {
  const staff = await ensureStaff(ledger, password);
  const applicant = await ensureApplicant(ledger, password);
  return { staff, applicant };
}
