import type { TestApp } from './strapi';

/** Logs in to the admin panel's API the way the login page does, and returns the bearer token. */
export async function adminToken(app: TestApp, email: string, password: string): Promise<string> {
  const response = await app.http().post('/admin/login').send({ email, password });
  if (response.status !== 200) throw new Error(`admin login failed for ${email}: ${response.status} ${response.text}`);
  return response.body.data.token;
}

/** Logs in an applicant through users-permissions and returns the JWT. */
export async function applicantJwt(app: TestApp, identifier: string, password: string): Promise<string> {
  const response = await app.http().post('/api/auth/local').send({ identifier, password });
  if (response.status !== 200) throw new Error(`applicant login failed for ${identifier}: ${response.status} ${response.text}`);
  return response.body.jwt;
}
