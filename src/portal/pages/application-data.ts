import type { Core } from '@strapi/strapi';
import { applicantActor } from '../../api/application/support/actors';
import { RefusalError } from '../../api/application/support/errors';
import { fileSlots } from '../../domain/forms';
import type { FormDefinition } from '../../domain/forms/types';
import type { Actor, WorkflowDefinition } from '../../domain/workflow';
import { dottedPath, StoredFile } from '../form/render';
import { PortalError } from '../request';
import type { PortalUser } from '../session';

/**
 * Data for the applicant's pages, always through the application services, which scope every
 * read and write to the user's own organisation. Only labels (workflow stages, file names) are
 * read beside them, after the service has said the application is visible.
 */
const APPLICATION = 'api::application.application';
const TASK_SPEC = 'api::task-spec.task-spec';
const ATTACHMENT = 'api::attachment.attachment';

export const applications = (strapi: Core.Strapi) => strapi.service(APPLICATION) as any;
export const transitions = (strapi: Core.Strapi) => strapi.service('api::application.transition') as any;
export const attachments = (strapi: Core.Strapi) => strapi.service(ATTACHMENT) as any;

export const actorFor = (strapi: Core.Strapi, user: PortalUser): Promise<Actor> => applicantActor(strapi, { id: user.id, username: user.username });

/** A published call by documentId or slug. */
export async function findCall(strapi: Core.Strapi, idOrSlug: string) {
  const byId = await strapi.documents(TASK_SPEC).findOne({ documentId: idOrSlug, status: 'published', populate: ['program'] });
  if (byId) return byId as any;
  return (await strapi.documents(TASK_SPEC).findFirst({ filters: { slug: idOrSlug }, status: 'published', populate: ['program'] })) as any;
}

export const callIsOpen = (call: any, now: Date) => !!call?.opensAt && !!call?.closesAt && new Date(call.opensAt) <= now && now < new Date(call.closesAt);

/** The stored attachments of each file slot, in the order the answers list them: only this application's files of that slot. */
export async function filesBySlot(strapi: Core.Strapi, definition: FormDefinition | null, answers: Record<string, unknown>, applicationDocumentId?: string): Promise<Record<string, StoredFile[]>> {
  const slots = fileSlots(definition).map(({ key }) => key);
  const ids = slots.flatMap((slot) => (Array.isArray(answers?.[slot]) ? (answers[slot] as unknown[]).filter((v): v is string => typeof v === 'string') : []));
  if (!ids.length || !applicationDocumentId) return {};
  const rows = await strapi.db.query(ATTACHMENT).findMany({ where: { documentId: { $in: ids }, application: { documentId: applicationDocumentId } }, select: ['documentId', 'slot', 'originalName', 'sizeBytes'] });
  const out: Record<string, StoredFile[]> = {};
  for (const slot of slots) {
    const inSlot = new Map(rows.filter((row: any) => row.slot === slot).map((row: any) => [row.documentId, row]));
    const list = (Array.isArray(answers?.[slot]) ? (answers[slot] as string[]) : []).map((id) => inSlot.get(id)).filter(Boolean) as any[];
    if (list.length) out[slot] = list.map((row) => ({ id: row.documentId, name: row.originalName, size: row.sizeBytes }));
  }
  return out;
}

/** The workflow an application runs on (its pinned version once submitted). */
export async function workflowOf(strapi: Core.Strapi, documentId: string): Promise<{ definition: WorkflowDefinition; row: any }> {
  const row = await strapi.db.query(APPLICATION).findOne({ where: { documentId }, populate: ['program'] });
  return { definition: await transitions(strapi).definitionFor(row), row };
}

export const stageLabel = (definition: WorkflowDefinition | null, state: string) => definition?.stages.find((s) => s.key === state)?.label ?? state;
export const actionLabel = (definition: WorkflowDefinition | null, stage: string, action: string) =>
  definition?.stages.find((s) => s.key === stage)?.actions.find((a) => a.key === action)?.label ??
  definition?.stages.flatMap((s) => s.actions).find((a) => a.key === action)?.label ??
  action;

/** A detail the service refuses (another organisation's) is a 404 page; nothing about it leaks. */
export async function detailOrNotFound(strapi: Core.Strapi, actor: Actor, documentId: string) {
  try {
    return await applications(strapi).detailFor(actor, documentId);
  } catch (error) {
    if (error instanceof RefusalError && (error.status === 404 || error.status === 403)) throw new PortalError(404, '申报不存在或您无权查看。');
    throw error;
  }
}

/** The running or scheduled 公示 batch that holds this application, if any. */
export async function publicityOf(strapi: Core.Strapi, applicationDocumentId: string) {
  return strapi.db.query('api::publicity.publicity').findOne({
    where: { applications: { documentId: applicationDocumentId }, phase: { $in: ['scheduled', 'open'] } },
    orderBy: { endsAt: 'desc' },
  });
}

/** A service refusal as messages by answer path, plus what belongs to no field. */
export function refusalMessages(error: RefusalError, keys: string[] = []): { byPath: Record<string, string>; general: string[] } {
  const byPath: Record<string, string> = {};
  const general: string[] = [];
  if (error.errors?.length) {
    for (const item of error.errors) {
      const path = dottedPath(item.path);
      if (path && !byPath[path]) byPath[path] = item.message;
      else if (!path) general.push(item.message);
    }
  } else if (error.field && (error.field.startsWith('answers.') || keys.includes(error.field))) {
    byPath[dottedPath(error.field)] = error.message;
  } else {
    general.push(error.message);
  }
  return { byPath, general };
}
