import { CompiledForm, compileForm, definitionAtVersion, formHashOf, hasForm } from '../../../domain/forms';
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
  if (errors.length) {
    const first = errors[0];
    throw new RefusalError(400, 'invalid_answers', `申报内容有${errors.length}处需要修改：「${first.path}」${first.message}`, `answers.${first.path}`, errors);
  }
}
