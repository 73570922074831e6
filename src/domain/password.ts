/**
 * The password rule of the portal, and of every route that sets a password, applicant's or
 * staff's (src/auth/account-routes.ts): at least 8 characters, with 3 of the 4 classes upper
 * case, lower case, digits and symbols. 72 at most, because bcrypt reads no further.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return '密码至少8位';
  if (password.length > 72) return '密码不能超过72位';
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return classes < 3 ? '密码须包含大写字母、小写字母、数字、符号中的至少3类' : null;
}
