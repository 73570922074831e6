import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import type { Actor } from '../../../domain/workflow';

const UID = 'api::file-access.file-access';

export interface FileAccess {
  attachmentId: string;
  fileName: string;
  ownerType: 'application' | 'consultationFeedback' | 'objection' | 'partyDecision';
  ownerId: string | null;
  mode: 'view' | 'download';
  address: string;
}

/**
 * Who among the staff opened which file, and when (个人信息保护法: the files hold applicants'
 * and objectors' personal information). Written before the file is sent; the rows are
 * append-only like the review records (src/guards/review-record-lifecycle.ts).
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  async record(actor: Actor, access: FileAccess, now = new Date()) {
    await strapi.db.query(UID).create({
      data: { ...access, address: access.address.slice(0, 64), actorId: String(actor.id), actorName: actor.name ?? null, actorRole: actor.role ?? null, accessedAt: now },
    });
  },
}));
