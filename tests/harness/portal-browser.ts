import type { TestApp } from './strapi';

/**
 * A minimal browser for portal integration tests: keeps cookies, fetches a page first to get
 * the CSRF cookie, and posts forms (urlencoded, or multipart with files) with the token.
 */
export class PortalBrowser {
  cookies = new Map<string, string>();
  /** further headers on every request (e.g. a staff member's admin bearer token, which the portal ignores) */
  constructor(private app: TestApp, private headers: Record<string, string> = {}) {}

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(response: any) {
    for (const raw of (response.headers['set-cookie'] ?? []) as string[]) {
      const [pair] = raw.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return response;
  }

  async get(path: string) {
    return this.keep(await this.app.http().get(path).set(this.headers).set('Cookie', this.header()));
  }

  async csrf() {
    if (!this.cookies.get('sb_csrf')) await this.get('/login');
    return this.cookies.get('sb_csrf')!;
  }

  async post(path: string, form: Record<string, string | string[]>, { csrf = true } = {}) {
    const token = await this.csrf();
    const body = csrf ? { _csrf: token, ...form } : form;
    return this.keep(await this.app.http().post(path).set(this.headers).set('Cookie', this.header()).type('form').send(body));
  }

  /** A multipart post, as the application form sends it; files by field name. */
  async postMultipart(path: string, fields: Record<string, string | string[]>, files: Record<string, Array<{ content: Buffer; name: string }>> = {}, { csrf = true } = {}) {
    const token = await this.csrf();
    let request = this.app.http().post(path).set(this.headers).set('Cookie', this.header());
    if (csrf) request = request.field('_csrf', token);
    for (const [name, value] of Object.entries(fields)) for (const one of Array.isArray(value) ? value : [value]) request = request.field(name, one);
    for (const [name, list] of Object.entries(files)) for (const file of list) request = request.attach(name, file.content, file.name);
    return this.keep(await request);
  }

  async login(identifier: string, password: string) {
    const response = await this.post('/login', { identifier, password });
    if (response.status !== 302) throw new Error(`portal login failed for ${identifier}: ${response.status}`);
    return this;
  }
}
