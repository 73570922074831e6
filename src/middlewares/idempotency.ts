import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { refuseWith } from '../api/application/support/errors';

/**
 * `Idempotency-Key` on the write routes that move an application (the applicant's steps, the
 * staff transition, draft creation). The request runs in one transaction with the row that
 * records its answer: a step that committed has its answer stored, and one that did not left
 * nothing. A retry with the same key gets the stored answer (`Idempotent-Replayed: true`), never
 * a second step, even when the server died between the commit and the answer. A refused request
 * stores nothing and changes nothing, so it may be retried as it is. Keys are per caller, kept
 * 24 hours (the daily job prunes them).
 */
const UID = 'api::idempotency-key.idempotency-key';
const KEY = /^[A-Za-z0-9_-]{8,100}$/;
export const KEPT_MS = 24 * 3600_000;

class Refused extends Error {}

const refuse = (ctx: any, status: number, message: string) => refuseWith(ctx, status, message, { field: 'Idempotency-Key' });

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: any, next: () => Promise<void>) => {
    const key = ctx.get('Idempotency-Key');
    if (!key) return next();
    if (!KEY.test(key)) return refuse(ctx, 400, 'Idempotency-Key 须为8至100位字母、数字、下划线或连字符');
    const scope = `${ctx.state.auth?.strategy?.name ?? 'none'}:${ctx.state.user?.id ?? 'anonymous'}`;
    // The route the router chose and its decoded parameters, not the path as spelled: a retry
    // sent to `/API/applications/x/submit/` is the same request as one to `/api/applications/x/submit`.
    const target = `${ctx.method} ${ctx._matchedRoute} ${JSON.stringify(ctx.params ?? {})}`;
    const fingerprint = crypto.createHash('sha256').update(`${target}\n${JSON.stringify(ctx.request.body ?? null)}`).digest('hex');
    const keys = strapi.db.query(UID as any);

    const replay = (stored: any) => {
      if (stored.fingerprint !== fingerprint) return refuse(ctx, 409, '该 Idempotency-Key 已用于另一个请求，请为新的请求使用新的键');
      ctx.status = stored.status;
      ctx.body = stored.response;
      ctx.set('Idempotent-Replayed', 'true');
    };
    const earlier = await keys.findOne({ where: { scope, key } });
    if (earlier) return replay(earlier);

    try {
      await strapi.db.transaction(async () => {
        await next();
        // Nothing of a refused request may stay: the steps inside joined this transaction.
        if (ctx.status >= 400) throw new Refused();
        await keys.create({ data: { scope, key, fingerprint, status: ctx.status, response: ctx.body } });
      });
    } catch (error) {
      if (error instanceof Refused) return undefined; // the refusal is the answer, and nothing was kept
      // The same key committed meanwhile by a concurrent request: answer as that one did.
      const winner = await keys.findOne({ where: { scope, key } });
      if (winner) return replay(winner);
      throw error;
    }
    return undefined;
  };
