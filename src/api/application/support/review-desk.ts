import type { Core } from '@strapi/strapi';
import { transitionPermission } from '../../workflow/support/permissions';
import { sendFile } from '../../attachment/support/send';
import { readPreferences, savePreferences } from '../../reviewer-profile/support/preferences';
import { staffActor } from './actors';
import { RefusalError, answering } from './errors';

/**
 * The staff side, as admin API routes under /shenbao: lists and details scoped on the server,
 * the actions open to the caller, and transitions. Each transition needs the admin permission of
 * its stage action (registered in bootstrap) and then the engine's own checks.
 */
export function registerReviewDeskRoutes(strapi: Core.Strapi) {
  const applications = () => strapi.service('api::application.application') as any;
  const transitions = () => strapi.service('api::application.transition') as any;
  const partyDecisions = () => strapi.service('api::party-decision.party-decision') as any;
  const route = (method: 'GET' | 'POST', path: string, handler: (ctx: any) => Promise<void>, { idempotent = false } = {}) => ({
    method,
    path,
    handler,
    config: { policies: ['admin::isAuthenticatedAdmin'], ...(idempotent ? { middlewares: ['global::idempotency'] } : {}) },
    info: { apiName: 'application', type: 'admin' as const },
  });

  strapi.server.routes({
    type: 'admin',
    prefix: '/shenbao',
    routes: [
      route('GET', '/inbox', (ctx) =>
        answering(ctx, async () => ({ data: await (strapi.service('api::application.desk') as any).inbox(await staffActor(strapi, ctx.state.user), ctx.query ?? {}, new Date(), ctx.state.userAbility) })),
      ),
      route('POST', '/bulk/transitions', (ctx) =>
        answering(ctx, async () => ({
          data: await (strapi.service('api::application.bulk') as any).transitions(await staffActor(strapi, ctx.state.user), ctx.state.userAbility, ctx.request.body ?? {}),
        })),
      ),
      route('GET', '/budget/preview', (ctx) =>
        answering(ctx, async () => ({ data: await (strapi.service('api::application.bulk') as any).budgetPreview(await staffActor(strapi, ctx.state.user), ctx.state.userAbility, ctx.query ?? {}) })),
      ),
      route('POST', '/bulk/publicity', (ctx) =>
        answering(ctx, async () => ({ data: await (strapi.service('api::application.bulk') as any).publicity(await staffActor(strapi, ctx.state.user), ctx.state.userAbility, ctx.request.body ?? {}) })),
      ),
      route('POST', '/party-decisions', (ctx) =>
        answering(ctx, async () => {
          const upload = ctx.request.files?.scan;
          return { data: await partyDecisions().record(await staffActor(strapi, ctx.state.user), ctx.request.body ?? {}, Array.isArray(upload) ? upload[0] : upload) };
        }),
      ),
      route('GET', '/party-decisions', (ctx) =>
        answering(ctx, async () => {
          const actor = await staffActor(strapi, ctx.state.user);
          if (!['finance', 'city_reviewer'].includes(actor.role ?? '')) throw new RefusalError(403, 'no_permission', '您的角色无权查看党组集体研究决定');
          return { data: await partyDecisions().recent() };
        }),
      ),
      route('POST', '/objections/:id/finding', (ctx) =>
        answering(ctx, async () => ({
          data: await (strapi.service('api::objection.objection') as any).decide(await staffActor(strapi, ctx.state.user), ctx.params.id, ctx.request.body ?? {}),
        })),
      ),
      route('POST', '/applications/:id/files', (ctx) =>
        answering(ctx, async () => {
          const upload = ctx.request.files?.file;
          return { data: await (strapi.service('api::attachment.attachment') as any).uploadForStaff(await staffActor(strapi, ctx.state.user), ctx.params.id, Array.isArray(upload) ? upload[0] : upload) };
        }),
      ),
      route('GET', '/preferences', (ctx) => answering(ctx, async () => ({ data: await readPreferences(strapi, ctx.state.user.id) }))),
      route('POST', '/preferences', (ctx) => answering(ctx, async () => ({ data: await savePreferences(strapi, ctx.state.user.id, ctx.request.body) }))),
      route('GET', '/supervision', (ctx) =>
        answering(ctx, async () => ({
          data: await (strapi.service('api::performance-report.performance-report') as any).overview(await staffActor(strapi, ctx.state.user), ctx.query ?? {}),
        })),
      ),
      route('GET', '/applications', (ctx) => answering(ctx, async () => applications().listForStaff(await staffActor(strapi, ctx.state.user), ctx.query ?? {}))),
      route('GET', '/applications/:id', (ctx) =>
        answering(ctx, async () => ({ data: await applications().detailFor(await staffActor(strapi, ctx.state.user), ctx.params.id) })),
      ),
      route('GET', '/files/:id', async (ctx) => {
        await answering(ctx, async () => {
          const attachments = strapi.service('api::attachment.attachment') as any;
          const actor = await staffActor(strapi, ctx.state.user);
          const inline = ctx.query?.inline === '1';
          // Every file a staff member opens is logged first (src/api/file-access), as who, when and what.
          const open = async (file: any) => {
            const access = { attachmentId: ctx.params.id, fileName: file.name, ownerType: file.ownerType, ownerId: file.ownerId, mode: inline ? 'view' : 'download', address: ctx.request.ip ?? '' };
            await (strapi.service('api::file-access.file-access') as any).record(actor, access);
            sendFile(ctx, file, inline);
            return ctx.body;
          };
          // Files of feedback, objections and party group decisions: whoever may read those records
          // in the Content Manager may read their files. Application files keep the scoped check below.
          const submitted = await attachments.recordFile(ctx.params.id);
          if (submitted) {
            if (!ctx.state.userAbility.can('plugin::content-manager.explorer.read', submitted.ownerUid)) throw new RefusalError(403, 'no_permission', '您的角色无权查看该文件');
            return open(submitted.file);
          }
          return open(await attachments.downloadFor(actor, ctx.params.id));
        });
      }),
      route('GET', '/applications/:id/actions', (ctx) =>
        answering(ctx, async () => ({ data: (await applications().detailFor(await staffActor(strapi, ctx.state.user), ctx.params.id)).availableActions })),
      ),
      route('POST', '/applications/:id/transitions', (ctx) =>
          answering(ctx, async () => {
            const body = ctx.request.body ?? {};
            if (typeof body.action !== 'string') throw new RefusalError(400, 'missing_action', '请指定操作', 'action');
            if (!Number.isInteger(body.version)) throw new RefusalError(400, 'missing_version', '请提供申报的当前版本号', 'version');
            const actor = await staffActor(strapi, ctx.state.user);
            const { assignees, ...request } = body;
            const result = await transitions().transition({
              documentId: ctx.params.id,
              actor,
              request: { ...request, assignees: assignees ? await resolveAssignees(strapi, assignees) : undefined },
              // The role's permission for this stage's action, checked once the case is loaded.
              authorise: (definition: any, state: string) => {
                if (ctx.state.userAbility.can(transitionPermission(definition.key, state, body.action))) return;
                // Either the role lacks the permission, or the action is not one of this stage's (the engine says which).
                const known = definition.stages.some((s: any) => s.key === state && s.actions.some((a: any) => a.key === body.action));
                if (known) throw new RefusalError(403, 'no_permission', '您的角色没有办理该环节的权限');
              },
            });
            return { data: { state: result.state, version: result.version, record: { seq: result.record.seq, hash: result.record.hash } } };
          }),
        { idempotent: true },
      ),
    ],
  });
}

/** Assignees are named by admin user id; their roles and related USCCs come from their profiles. */
async function resolveAssignees(strapi: Core.Strapi, ids: unknown) {
  if (!Array.isArray(ids)) throw new RefusalError(400, 'invalid_assignees', '请以管理员用户ID列表指定分配对象', 'assignees');
  return Promise.all(
    ids.map(async (id) => {
      const user = await strapi.db.query('admin::user').findOne({ where: { id: Number(id) } });
      if (!user) throw new RefusalError(400, 'invalid_assignees', `用户「${String(id)}」不存在`, 'assignees');
      const actor = await staffActor(strapi, user);
      return { id: actor.id, name: actor.name, role: actor.role, institution: actor.institution, relatedUsccs: actor.relatedUsccs };
    }),
  );
}
