import type { Core } from '@strapi/strapi';
import { OUTSIDE_VALIDITY, ProgramValidity, validityProblem } from '../../../domain/program-validity';
import { RefusalError } from '../../application/support/errors';

/**
 * 第十四条 for a draft: outside the programme's validity a call takes no application, so no draft
 * is started or saved for it (program-validity.ts decides; this refuses in the API's shape).
 */
export function refuseOutsideValidity(program: ProgramValidity | null | undefined, now: Date) {
  const problem = validityProblem(program ?? {}, now, OUTSIDE_VALIDITY.apply);
  if (problem) throw new RefusalError(problem.status, problem.code, problem.message, problem.field);
}

/** The same for a stored application, whose programme is named by its key. */
export async function refuseDraftOutsideValidity(strapi: Core.Strapi, app: { state: string; programKey: string }, now = new Date()) {
  if (app.state !== 'draft') return;
  refuseOutsideValidity(await strapi.db.query('api::program.program').findOne({ where: { key: app.programKey } }), now);
}
