import type { Core, UID } from '@strapi/strapi';

/**
 * Idempotent seeding: a document is looked up by its natural key and created only when missing.
 * Existing documents are left as they are, so staff edits survive a second run of the seed.
 */
export class SeedLedger {
  readonly created: Record<string, number> = {};

  constructor(readonly strapi: Core.Strapi) {}

  async ensure<T = any>(
    uid: UID.ContentType,
    naturalKey: Record<string, unknown>,
    data: () => Record<string, unknown>,
    options: { publish?: boolean } = {},
  ): Promise<T> {
    const documents = this.strapi.documents(uid) as any;
    const existing = await documents.findFirst({ filters: naturalKey });
    if (existing) return existing;
    const created = await documents.create({ data: { ...naturalKey, ...data() }, ...(options.publish ? { status: 'published' } : {}) });
    this.count(uid);
    return created;
  }

  count(what: string) {
    this.created[what] = (this.created[what] ?? 0) + 1;
  }

  get total() {
    return Object.values(this.created).reduce((sum, n) => sum + n, 0);
  }
}
