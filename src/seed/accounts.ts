import { STAFF_ROLES, StaffRoleDefinition } from '../api/reviewer-profile/support/staff-roles';
import { DEMO_APPLICANT, DEMO_STAFF } from './data/staff';
import type { SeedLedger } from './ensure';

export interface DemoLogin {
  email: string;
  password: string;
  role: string;
  where: string;
}

const CONTENT_MANAGER = 'plugin::content-manager.explorer';
const MANAGE_ACTIONS = ['create', 'read', 'update', 'delete', 'publish'].map((a) => `${CONTENT_MANAGER}.${a}`);

/**
 * Content Manager permissions for a role: every field of the subjects it manages or reads.
 * Strapi builds the field lists itself (getPermissionsWithNestedFields), as it does for its own
 * Editor role, so nested component fields are included.
 */
function permissionsFor(strapi: SeedLedger['strapi'], role: StaffRoleDefinition) {
  const actions = strapi
    .service('admin::permission')
    .actionProvider.values()
    .filter((action: { section: string }) => action.section === 'contentTypes');
  const all: Array<{ action: string; subject: string }> = strapi
    .service('admin::content-type')
    .getPermissionsWithNestedFields(actions);
  const allowed = (permission: { action: string; subject: string }) =>
    (role.manages.includes(permission.subject) && MANAGE_ACTIONS.includes(permission.action)) ||
    (role.reads.includes(permission.subject) && permission.action === `${CONTENT_MANAGER}.read`);
  const uploads = role.manages.length
    ? ['read', 'assets.create', 'assets.update', 'assets.download', 'assets.copy-link'].map((a) => ({ action: `plugin::upload.${a}` }))
    : [];
  return [...all.filter(allowed), ...uploads];
}

async function ensureStaffRoles(ledger: SeedLedger) {
  const { strapi } = ledger;
  const roleService = strapi.service('admin::role');
  const ids: Record<string, number> = { 'strapi-super-admin': (await roleService.getSuperAdmin()).id };
  for (const definition of STAFF_ROLES) {
    let role = await roleService.findOne({ code: definition.code });
    if (!role) {
      role = await roleService.create({ name: definition.name, code: definition.code, description: definition.description });
      await roleService.assignPermissions(role.id, permissionsFor(strapi, definition));
      ledger.count('admin::role');
    }
    ids[definition.code] = role.id;
  }
  return ids;
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
      await ledger.ensure('api::reviewer-profile.reviewer-profile', { adminUser: { id: user.id } }, () => ({
        adminUser: user.id,
        displayName: `${staff.lastname}${staff.firstname}`,
        role: staff.profile!.role,
        district: district?.documentId,
        institution: staff.profile!.institution,
        relatedUsccs: [],
        active: true,
      }));
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
  await ledger.ensure('api::organization.organization', { uscc: org.uscc }, () => ({
    ...orgFields,
    district: district?.documentId,
    users: [user!.documentId],
  }));
  return { email: account.email, password, role: `申报单位用户（${org.name}）`, where: '门户（申报单位登录）' };
}

export async function seedAccounts(ledger: SeedLedger, password: string) {
  const staff = await ensureStaff(ledger, password);
  const applicant = await ensureApplicant(ledger, password);
  return { staff, applicant };
}
