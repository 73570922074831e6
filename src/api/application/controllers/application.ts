import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { applicantActor } from '../support/actors';
import { sendFile } from '../../attachment/support/send';
import { RefusalError, answering } from '../support/errors';

const UID = 'api::application.application';

/** The applicant's side of the content API: its own applications only, whatever the id says. */
export default factories.createCoreController(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => strapi.service(UID) as any;
  const transitions = () => strapi.service('api::application.transition') as any;
  const actorOf = (ctx: any) => applicantActor(strapi, ctx.state.user);

  const transitionAction = (action: string, withAttachments = false) => async (ctx: any) =>
    answering(ctx, async () => {
      const body = ctx.request.body ?? {};
      // A number, or digits in a string (a form field); never coerced from anything else.
      const raw = body.version;
      const version = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(version)) throw new RefusalError(400, 'missing_version', '请提供申报的当前版本号', 'version');
      const result = await transitions().transition({
        documentId: ctx.params.id,
        actor: await actorOf(ctx),
        request: { action, version, ...(withAttachments ? { attachments: body.attachments } : {}) },
        // on time is when it arrived, not when its turn came
        now: ctx.state.receivedAt,
      });
      return { data: { state: result.state, version: result.version } };
    });

  return {
    async find(ctx: any) {
      await answering(ctx, async () => ({ data: await service().listForApplicant(await actorOf(ctx)) }));
    },
    async findOne(ctx: any) {
      await answering(ctx, async () => ({ data: await service().detailFor(await actorOf(ctx), ctx.params.id) }));
    },
    async create(ctx: any) {
      await answering(ctx, async () => ({ data: await service().createDraft(await actorOf(ctx), ctx.request.body?.data) }));
    },
    async update(ctx: any) {
      await answering(ctx, async () => ({ data: await service().updateDraft(await actorOf(ctx), ctx.params.id, ctx.request.body?.data) }));
    },
    async upload(ctx: any) {
      await answering(ctx, async () => {
        const file = ctx.request.files?.file;
        const data = await (strapi.service('api::attachment.attachment') as any).uploadFor(await actorOf(ctx), ctx.params.id, ctx.request.body?.slot, Array.isArray(file) ? file[0] : file);
        return { data };
      });
    },
    async removeFile(ctx: any) {
      await answering(ctx, async () => ({ data: await service().removeFile(await actorOf(ctx), ctx.params.id, ctx.params.fileId) }));
    },
    async download(ctx: any) {
      await answering(ctx, async () => {
        const file = await (strapi.service('api::attachment.attachment') as any).downloadFor(await actorOf(ctx), ctx.params.id);
        sendFile(ctx, file);
        return ctx.body;
      });
    },
    submit: transitionAction('submit'),
    withdraw: transitionAction('withdraw'),
    resubmit: transitionAction('resubmit'),
    completion: transitionAction('submit_completion', true),
  } as any;
});
