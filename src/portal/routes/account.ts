import type { Core } from '@strapi/strapi';
import { FieldError } from '../components';
import { AccountFormState, loginPage, registerPage } from '../pages/account';
import { PortalRequest, PortalRoute, chrome } from '../request';
import { endSession, startSession } from '../session';
import { organizationRoutes } from './organization';
import { safeNext } from './safe-next';
import { passwordProblem } from '../../domain/password';

export { safeNext };

/**
 * Applicant accounts on users-permissions. The server builds every account itself: the
 * `authenticated` role, the local provider, confirmed (no e-mail confirmation is configured),
 * not blocked. Nothing the client posts besides email, username and password is read.
 */
const USER = 'plugin::users-permissions.user';

const text = (value: unknown, max = 200) => (typeof (Array.isArray(value) ? value[0] : value) === 'string' ? String(Array.isArray(value) ? value[0] : value).trim().slice(0, max) : '');

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

const users = (strapi: Core.Strapi) => strapi.plugin('users-permissions').service('user') as any;

async function register(req: PortalRequest) {
  const email = text(req.body.email).toLowerCase();
  const username = text(req.body.username, 50) || email;
  const password = typeof req.body.password === 'string' ? req.body.password : '';
  const confirm = typeof req.body.passwordConfirm === 'string' ? req.body.passwordConfirm : '';
  const errors: FieldError[] = [];
  if (!EMAIL.test(email)) errors.push({ field: 'email', message: '请填写有效的电子邮箱' });
  if (username.length < 3) errors.push({ field: 'username', message: '用户名至少3个字符' });
  const weak = passwordProblem(password);
  if (weak) errors.push({ field: 'password', message: weak });
  else if (password !== confirm) errors.push({ field: 'passwordConfirm', message: '两次输入的密码不一致' });
  if (!errors.length) {
    if (await req.strapi.db.query(USER).findOne({ where: { email } })) errors.push({ field: 'email', message: '该电子邮箱已注册，请直接登录' });
    else if (await req.strapi.db.query(USER).findOne({ where: { username } })) errors.push({ field: 'username', message: '该用户名已被使用' });
  }
  const state: AccountFormState = { values: { email, username: text(req.body.username, 50) }, errors };
  if (errors.length) return { page: registerPage(chrome(req, '注册', '/register'), req.csrf, state), status: 400 };
  const role = await req.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const user = await users(req.strapi).add({ email, username, password, provider: 'local', confirmed: true, blocked: false, role: role.id });
  await startSession(req.strapi, req.ctx, user.id);
  return { redirect: '/me/organization' };
}

const LOGIN_FAILED = '账号或密码不正确，或账号已停用。';

async function login(req: PortalRequest) {
  const identifier = text(req.body.identifier);
  const password = typeof req.body.password === 'string' ? req.body.password : '';
  const next = safeNext(req.body.next) ?? undefined;
  const fail = (errors: FieldError[], general?: string, status = 400) => ({
    page: loginPage(chrome(req, '登录', '/login'), req.csrf, { values: { identifier }, errors, next, general }),
    status,
  });
  const errors: FieldError[] = [];
  if (!identifier) errors.push({ field: 'identifier', message: '请填写电子邮箱或用户名' });
  if (!password) errors.push({ field: 'password', message: '请填写密码' });
  if (errors.length) return fail(errors);
  const lockout = req.strapi.service('api::login-failure.login-failure') as any;
  const until = await lockout.lockOf('portal', identifier);
  if (until) return fail([], lockout.lockedMessage(until), 429);
  const user = await req.strapi.db.query(USER).findOne({
    where: { provider: 'local', $or: [{ email: identifier.toLowerCase() }, { username: identifier }] },
  });
  // One message for an unknown account, a wrong password and a blocked account, so none can be told apart.
  const valid = user?.password ? await users(req.strapi).validatePassword(password, user.password) : false;
  if (!user || !valid || user.blocked) {
    await lockout.recordFailure('portal', identifier, req.ctx.request.ip ?? '');
    return fail([], LOGIN_FAILED);
  }
  await lockout.clear('portal', identifier);
  await startSession(req.strapi, req.ctx, user.id);
  const bound = await req.strapi.db.query('api::organization.organization').findOne({ where: { users: { id: user.id } }, select: ['id'] });
  return { redirect: next ?? (bound ? '/me/applications' : '/me/organization') };
}

export const accountRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/register',
    handler: async (req) => (req.user ? { redirect: '/me/applications' } : { page: registerPage(chrome(req, '注册', '/register'), req.csrf, { values: {}, errors: [] }) }),
  },
  { method: 'POST', path: '/register', limit: 'register', handler: register },
  {
    method: 'GET',
    path: '/login',
    handler: async (req) => {
      const next = safeNext(req.query.next) ?? undefined;
      if (req.user) return { redirect: next ?? '/me/applications' };
      return { page: loginPage(chrome(req, '登录', '/login'), req.csrf, { values: {}, errors: [], next }) };
    },
  },
  { method: 'POST', path: '/login', limit: 'login', handler: login },
  {
    method: 'POST',
    path: '/logout',
    handler: async (req) => {
      await endSession(req.strapi, req.ctx, req.user);
      return { redirect: '/' };
    },
  },
  ...organizationRoutes,
];
