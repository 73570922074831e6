import { passwordProblem } from '../domain/password';
import { refuseWith } from '../api/application/support/errors';

export interface PasswordRuleOptions {
  /** where the new password sits in the body: ['password'], or ['userInfo', 'password'] */
  at: string[];
}

/**
 * The password rule (src/domain/password.ts) on a route of a Strapi plugin that sets a password,
 * applicant's or staff's. A route middleware attached to the handler (src/auth/account-routes.ts),
 * so every spelling of the path that reaches the handler meets it. A password that is not a
 * string is left to the plugin's own validation, which refuses it.
 */
export default (options: PasswordRuleOptions) => async (ctx: any, next: () => Promise<void>) => {
  const password = options.at.reduce<any>((value, key) => (value && typeof value === 'object' ? value[key] : undefined), ctx.request.body);
  const problem = typeof password === 'string' ? passwordProblem(password) : null;
  if (problem) return refuseWith(ctx, 400, problem, { field: options.at.join('.') });
  return next();
};
