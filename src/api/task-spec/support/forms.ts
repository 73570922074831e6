import { CompiledForm, FieldError, StoredAttachment, compileForm, definitionAtVersion, foreignAttachments, formHashOf, hasForm, missingMaterials, missingMaterialsMessage } from '../../../domain/forms';
import type { Core } from '@strapi/strapi';
import { RefusalError } from '../../application/support/errors';

/**
 * The forms of calls, compiled once per definition (by hash: a frozen version never changes),
 * and answers checked against the version an application is bound to.
 */
const compiled = new Map<string, CompiledForm>();

/**
 * The hash of a call's current form, computed once per row and change: hashing reads the whole
 * definition as canonical JSON, and every draft save and submission needs it. A row's
 * `updatedAt` moves with every write through the document service, which is the only way a
 * call's form changes (src/guards/form-versions.ts).
 */
const currentHashes = new Map<string, string>();
export function currentFormHash(taskSpec: any): string {
  if (!taskSpec.id || !taskSpec.updatedAt) return formHashOf(taskSpec.formDefinition ?? null);
  const key = `${taskSpec.id}@${new Date(taskSpec.updatedAt).getTime()}`;
  let hash = currentHashes.get(key);
  if (!hash) {
    hash = formHashOf(taskSpec.formDefinition ?? null);
    if (currentHashes.size >= 1000) currentHashes.clear();
    currentHashes.set(key, hash);
  }
  return hash;
}

function formFor(taskSpec: any, version: number): CompiledForm | null {
  const definition = definitionAtVersion(taskSpec, version);
  if (!hasForm(definition)) return null;
  const hash = version === (taskSpec.formVersion ?? 1) ? currentFormHash(taskSpec) : formHashOf(definition);
  if (!compiled.has(hash)) compiled.set(hash, compileForm(definition));
  return compiled.get(hash)!;
}

const refuseAnswers = (errors: FieldError[]) => {
  const first = errors[0];
  return new RefusalError(400, 'invalid_answers', `申报内容有${errors.length}处需要修改：「${first.label ?? first.path}」${first.message}`, `answers.${first.path}`, errors);
};

/** Throws a 400 naming every field that is wrong; lenient for drafts, strict at submission. */
export function checkAnswers(taskSpec: any, version: number, answers: unknown, mode: 'lenient' | 'strict') {
  const form = formFor(taskSpec, version);
  if (!form) {
    if (answers !== undefined && answers !== null && (typeof answers !== 'object' || Array.isArray(answers))) {
      throw new RefusalError(400, 'invalid_answers', '申报内容格式不正确', 'answers');
    }
    return;
  }
  const errors = form.validate(answers ?? {}, mode);
  if (errors.length) throw refuseAnswers(errors);
}

/** A draft's file slots name only this application's attachments of that slot (src/domain/forms/materials.ts). */
export function checkAttachmentIds(taskSpec: any, version: number, answers: Record<string, unknown>, stored: StoredAttachment[]) {
  const form = formFor(taskSpec, version);
  const foreign = form ? foreignAttachments(form.definition, answers, stored) : [];
  if (foreign.length) throw new RefusalError(400, 'foreign_attachment', foreign[0].message, `answers.${foreign[0].path}`, foreign);
}

/**
 * At a submission or resubmission: the answers strictly, and the materials against what is
 * stored, in one refusal that lists every problem. Missing materials lead, naming every slot.
 */
export function checkSubmissionAnswers(taskSpec: any, version: number, answers: Record<string, unknown>, stored: StoredAttachment[]) {
  const form = formFor(taskSpec, version);
  if (!form) return checkAnswers(taskSpec, version, answers, 'strict');
  const foreign = foreignAttachments(form.definition, answers, stored);
  const missing = missingMaterials(form.definition, answers, stored);
  const materials = [...foreign, ...missing.filter((m) => !foreign.some((f) => f.path === m.path))];
  const others = form.validate(answers, 'strict').filter((error) => !materials.some((m) => m.path === error.path));
  const errors = [...materials, ...others];
  if (!errors.length) return;
  if (missing.length) {
    const more = errors.length - missing.length;
    throw new RefusalError(400, 'missing_materials', `${missingMaterialsMessage(missing)}${more ? `；另有${more}处需要修改` : ''}`, `answers.${missing[0].path}`, errors);
  }
  if (foreign.length) throw new RefusalError(400, 'foreign_attachment', foreign[0].message, `answers.${foreign[0].path}`, errors);
  throw refuseAnswers(errors);
}

/**
 * A call's row with its forms, for an application bound to one of its versions: the published
 * row, or the draft when the call was withdrawn since. Both hold every frozen version.
 */
export async function callWithForms(strapi: Core.Strapi, documentId: string) {
  const query = strapi.db.query('api::task-spec.task-spec');
  return (await query.findOne({ where: { documentId, publishedAt: { $notNull: true } } })) ?? (await query.findOne({ where: { documentId }, orderBy: { id: 'desc' } }));
}
