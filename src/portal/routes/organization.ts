import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { legalPersonProblem } from '../../domain/legal-person';
import { normaliseUscc, parseUscc } from '../../domain/uscc';
import { FieldError } from '../components';
import { OrganizationView, boundPage, unboundPage } from '../pages/organization';
import { PortalError, PortalRequest, PortalRoute, chrome } from '../request';
import { safeNext } from './safe-next';

/**
 * Binding a user to an organisation. A user belongs to at most one; a new organisation is
 * created with the user as its first member, colleagues join with its invite code. Writes go
 * through the document service. There is no guard on organisation writes in src/guards/, so the
 * rules (one organisation per user, unique USCC, server-made codes, 第四条's legal person) are
 * enforced here.
 */
const ORG = 'api::organization.organization';
const USER = 'plugin::users-permissions.user';

const text = (value: unknown, max = 200) => {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one.trim().slice(0, max) : '';
};

/** 10 characters from an alphabet without look-alikes: about 50 bits, hard to guess under the rate limit. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newJoinCode = () => Array.from(crypto.randomBytes(10), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');

export async function organizationOf(strapi: Core.Strapi, userId: number) {
  return strapi.db.query(ORG).findOne({ where: { users: { id: userId } }, populate: ['district', 'users'] });
}

async function districtChoices(strapi: Core.Strapi) {
  const rows = await strapi.documents('api::district.district').findMany({ sort: 'code:asc', fields: ['name', 'code'] as any, limit: 100 } as any);
  return rows.map((row: any) => ({ value: row.documentId, label: row.name }));
}

const view = (org: any): OrganizationView => ({
  name: org.name,
  uscc: org.uscc,
  legalForm: org.legalForm ?? null,
  districtName: org.district?.name ?? null,
  legalRepresentative: org.legalRepresentative,
  contactName: org.contactName,
  contactPhone: org.contactPhone,
  contactEmail: org.contactEmail,
  address: org.address,
  joinCode: org.joinCode ?? null,
  members: (org.users ?? []).map((u: any) => ({ username: u.username, email: u.email })),
});

async function unbound(req: PortalRequest, values: Record<string, string> = {}, errors: FieldError[] = [], joinErrors: FieldError[] = []) {
  return {
    page: unboundPage(chrome(req, '绑定申报单位', '/me/organization'), req.csrf, {
      districts: await districtChoices(req.strapi),
      values,
      errors,
      joinErrors,
      next: safeNext(req.body.next ?? req.query.next) ?? undefined,
    }),
    status: errors.length || joinErrors.length ? 400 : 200,
  };
}

const userDocumentId = async (strapi: Core.Strapi, id: number) => (await strapi.db.query(USER).findOne({ where: { id }, select: ['documentId'] })).documentId as string;

/** 第四条 on what was typed: a form is chosen, is a legal person, and neither the USCC nor the name contradicts it. */
function legalFormProblem(values: Record<string, string>, errors: FieldError[] = []): FieldError | null {
  if (!values.legalForm) return { field: 'legalForm', message: '请选择单位类型' };
  // a mistyped USCC is refused beside its own field, and says nothing about the form
  const uscc = errors.some((e) => e.field === 'uscc') ? '' : values.uscc;
  const problem = legalPersonProblem({ legalForm: values.legalForm, uscc, name: values.name });
  return problem && { field: problem.field, message: problem.message };
}

async function create(req: PortalRequest) {
  if (await organizationOf(req.strapi, req.user!.id)) throw new PortalError(409, '您的账号已绑定申报单位，一个账号只能属于一个单位。');
  const fields = ['name', 'uscc', 'legalForm', 'district', 'legalRepresentative', 'contactName', 'contactPhone', 'contactEmail', 'address'];
  const values = Object.fromEntries(fields.map((f) => [f, text(req.body[f])]));
  const errors: FieldError[] = [];
  if (values.name.length < 2) errors.push({ field: 'name', message: '请填写单位全称' });
  try {
    values.uscc = parseUscc(values.uscc).code;
  } catch (error) {
    errors.push({ field: 'uscc', message: (error as Error).message });
  }
  const legalPerson = legalFormProblem(values, errors);
  if (legalPerson) errors.push(legalPerson);
  const district = values.district ? await req.strapi.db.query('api::district.district').findOne({ where: { documentId: values.district } }) : null;
  if (!district) errors.push({ field: 'district', message: '请选择所属区' });
  if (values.legalRepresentative.length > 50) errors.push({ field: 'legalRepresentative', message: '不能超过50个字' });
  if (!values.contactName) errors.push({ field: 'contactName', message: '请填写联系人' });
  else if (values.contactName.length > 50) errors.push({ field: 'contactName', message: '不能超过50个字' });
  if (!/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/.test(values.contactPhone)) errors.push({ field: 'contactPhone', message: '电话号码格式不正确（手机号或带区号的座机）' });
  if (values.contactEmail && !/^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(values.contactEmail)) errors.push({ field: 'contactEmail', message: '电子邮箱格式不正确' });
  if (!errors.some((e) => e.field === 'uscc') && (await req.strapi.db.query(ORG).findOne({ where: { uscc: normaliseUscc(values.uscc) } }))) {
    errors.push({ field: 'uscc', message: '该统一社会信用代码已登记。请向本单位已注册的同事索取邀请码后加入该单位。' });
  }
  if (errors.length) return unbound(req, values, errors);
  await req.strapi.documents(ORG).create({
    data: {
      name: values.name,
      uscc: values.uscc,
      legalForm: values.legalForm,
      district: district.documentId,
      legalRepresentative: values.legalRepresentative || null,
      contactName: values.contactName,
      contactPhone: values.contactPhone,
      contactEmail: values.contactEmail || null,
      address: values.address || null,
      users: [await userDocumentId(req.strapi, req.user!.id)],
      joinCode: newJoinCode(),
    } as any,
  });
  return { redirect: safeNext(req.body.next) ?? '/me/organization' };
}

async function join(req: PortalRequest) {
  if (await organizationOf(req.strapi, req.user!.id)) throw new PortalError(409, '您的账号已绑定申报单位，一个账号只能属于一个单位。');
  const code = text(req.body.code, 32).toUpperCase();
  const org = /^[A-Z0-9]{6,32}$/.test(code) ? await req.strapi.db.query(ORG).findOne({ where: { joinCode: code } }) : null;
  if (!org) return unbound(req, { code }, [], [{ field: 'code', message: '邀请码不正确或已失效，请向同事核对' }]);
  await req.strapi.documents(ORG).update({ documentId: org.documentId, data: { users: { connect: [await userDocumentId(req.strapi, req.user!.id)] } } as any });
  return { redirect: safeNext(req.body.next) ?? '/me/organization' };
}

/** An organisation registered before the type was asked states it, once (pages/organization.ts). */
async function stateLegalForm(req: PortalRequest) {
  const org = await organizationOf(req.strapi, req.user!.id);
  if (!org) throw new PortalError(404, '您的账号尚未绑定申报单位。');
  if (org.legalForm) throw new PortalError(409, '单位类型已填写。如需变更，请联系所在区数据主管部门。');
  const legalForm = text(req.body.legalForm, 60);
  const problem = legalFormProblem({ legalForm, uscc: org.uscc, name: org.name });
  const next = safeNext(req.body.next) ?? undefined;
  if (problem) return { page: boundPage(chrome(req, '单位信息', '/me/organization'), req.csrf, view(org), undefined, { value: legalForm, errors: [problem], next }), status: 400 };
  await req.strapi.documents(ORG).update({ documentId: org.documentId, data: { legalForm } as any });
  return { redirect: next ?? '/me/organization' };
}

export const organizationRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/me/organization',
    login: true,
    handler: async (req) => {
      const org = await organizationOf(req.strapi, req.user!.id);
      if (!org) return unbound(req);
      return { page: boundPage(chrome(req, '单位信息', '/me/organization'), req.csrf, view(org), undefined, { errors: [], next: safeNext(req.query.next) ?? undefined }) };
    },
  },
  { method: 'POST', path: '/me/organization', login: true, handler: create },
  { method: 'POST', path: '/me/organization/legal-form', login: true, handler: stateLegalForm },
  // Codes are guessed by posting: the login limit slows that down.
  { method: 'POST', path: '/me/organization/join', login: true, limit: 'login', handler: join },
  {
    method: 'POST',
    path: '/me/organization/code',
    login: true,
    handler: async (req) => {
      const org = await organizationOf(req.strapi, req.user!.id);
      if (!org) throw new PortalError(404, '您的账号尚未绑定申报单位。');
      const joinCode = newJoinCode();
      await req.strapi.documents(ORG).update({ documentId: org.documentId, data: { joinCode } as any });
      return { page: boundPage(chrome(req, '单位信息', '/me/organization'), req.csrf, view({ ...org, joinCode }), '已生成新的邀请码，旧邀请码已失效。') };
    },
  },
];
