import { RefusalError } from '../../api/application/support/errors';
import type { FormDefinition } from '../../domain/forms/types';
import { OUTSIDE_VALIDITY, validityProblem } from '../../domain/program-validity';
import { formatShanghaiDateTime } from '../../domain/time';
import { fileSlots, safeFileName } from '../../domain/forms';
import { describeRecord } from '../../domain/objections';
import type { Actor, MaterialSlot } from '../../domain/workflow';
import { sendFile } from '../../api/attachment/support/send';
import { addRowRequest, parseAnswers, postedRowCount, removedFiles } from '../form/parse';
import {
  actionLabel,
  actorFor,
  applications,
  attachments,
  callIsOpen,
  detailOrNotFound,
  filesBySlot,
  findCall,
  publicityOf,
  refusalMessages,
  stageLabel,
  transitions,
  workflowOf,
} from '../pages/application-data';
import { applyPage, receiptPage } from '../pages/apply';
import { ScheduledReport, unfiledPeriods } from '../../domain/supervision';
import { ListRow, PerformanceOptions, detailPage, listPage } from '../pages/my-applications';
import { PortalError, PortalRequest, PortalResponse, PortalRoute, UploadedFile, chrome } from '../request';
import { discardAttachments } from '../../api/attachment/support/keep';
import { PERFORMANCE_SLOT, completionFilesOf, completionGroupsOf, completionProblem, removeTemporary, storeCompletionFiles } from '../pages/completion-data';
import { materialSlot } from '../../api/attachment/support/slots';
import { FieldError } from '../components';

/**
 * The applicant's side: the generated form (new, resumed, corrected after a return), the
 * receipt, the list, the detail with its timeline, and authorised downloads. Every read and
 * write goes through the application, transition and attachment services, which scope it to
 * the user's own organisation; these handlers only translate between forms and those services.
 */
const one = (value: unknown) => (Array.isArray(value) ? value[0] : value);

interface FormContext {
  actor: Actor;
  call: any;
  definition: FormDefinition;
  /** null for a new application */
  app: any | null;
}

const editableOf = (app: any | null, definition: FormDefinition) =>
  app?.state === 'returned' ? (app.returnFlaggedFields ?? []).filter((key: string) => key in (definition.properties ?? {})) : null;

async function renderFormPage(req: PortalRequest, ctx: FormContext, state: { answers: Record<string, unknown>; errors?: Record<string, string>; general?: string[]; rowCounts?: Record<string, number>; notice?: string }, status = 200): Promise<PortalResponse> {
  const { app, call, definition } = ctx;
  const returned = app?.state === 'returned';
  const lastReturn = returned ? [...(app.timeline ?? [])].reverse().find((t: any) => t.action === 'return') : null;
  const action = app ? `/me/applications/${app.documentId}/edit` : `/calls/${call.documentId}/apply`;
  return {
    status,
    page: applyPage(chrome(req, returned ? '补正申报材料' : '在线填报', action), req.csrf, {
      callTitle: call.title,
      closesAt: call.closesAt,
      definition,
      answers: state.answers,
      errors: state.errors ?? {},
      general: state.general ?? [],
      files: await filesBySlot(req.strapi, definition, app?.answers ?? {}, app?.documentId),
      editable: editableOf(app, definition),
      flagged: returned ? app.returnFlaggedFields ?? [] : [],
      rowCounts: state.rowCounts,
      action,
      notice: state.notice,
      returned,
      returnOpinion: lastReturn?.opinion ?? null,
    }),
  };
}

/** The call, its form and the user's actor for a new application; refuses a closed call, and one whose programme is not in force. */
async function newApplicationContext(req: PortalRequest): Promise<FormContext | { redirect: string }> {
  const call = await findCall(req.strapi, req.params.id);
  if (!call) throw new PortalError(404, '申报通知不存在或尚未发布。');
  const actor = await actorFor(req.strapi, req.user!);
  if (!actor.organizationId) return { redirect: `/me/organization?next=${encodeURIComponent(`/calls/${req.params.id}/apply`)}` };
  const lapsed = validityProblem(call.program ?? {}, req.now, OUTSIDE_VALIDITY.apply);
  if (lapsed) throw new PortalError(409, `${lapsed.message}。`);
  if (!callIsOpen(call, req.now)) throw new PortalError(409, `该申报通知当前不在受理期（受理时间：${call.opensAt ? formatShanghaiDateTime(call.opensAt) : '—'} 至 ${call.closesAt ? formatShanghaiDateTime(call.closesAt) : '—'}）。`);
  const definition = (call.formDefinition ?? { title: call.title, type: 'object', properties: {} }) as FormDefinition;
  return { actor, call, definition, app: null };
}

/** An application of the user's organisation that may still be edited (a draft, or returned). */
async function editContext(req: PortalRequest): Promise<FormContext | { redirect: string }> {
  const actor = await actorFor(req.strapi, req.user!);
  const app = await detailOrNotFound(req.strapi, actor, req.params.id);
  if (!['draft', 'returned'].includes(app.state)) return { redirect: `/me/applications/${app.documentId}` };
  const call = await findCall(req.strapi, app.taskSpecDocumentId);
  if (!call) throw new PortalError(409, '该申报通知已撤回，不能继续填写。');
  const definition = (app.form?.definition ?? { title: call.title, type: 'object', properties: {} }) as FormDefinition;
  return { actor, call, definition, app };
}

/** Answers to save: what was posted. File slots are the service's: it keeps them as stored, less the files ticked for removal. */
function answersToSave(ctx: FormContext, body: Record<string, unknown>) {
  return parseAnswers(ctx.definition, body, editableOf(ctx.app, ctx.definition));
}

async function handleFormPost(req: PortalRequest, ctx: FormContext): Promise<PortalResponse> {
  const service = applications(req.strapi);
  const posted = answersToSave(ctx, req.body);
  const addRow = addRowRequest(ctx.definition, req.body);
  // 增加一行: the same page again with one more row in that table; nothing is saved.
  if (addRow) {
    const rowCounts: Record<string, number> = {};
    for (const [key, field] of Object.entries(ctx.definition.properties)) {
      if (field['x-ui']?.widget === 'table') rowCounts[key] = Math.max(postedRowCount(req.body, key), 1) + (key === addRow ? 1 : 0);
    }
    return renderFormPage(req, ctx, { answers: { ...(ctx.app?.answers ?? {}), ...posted }, rowCounts, notice: '已增加一行（尚未保存，请填写后保存草稿）。' });
  }
  const intent = String(one(req.body.intent) ?? 'save');
  const keys = Object.keys(ctx.definition.properties ?? {});
  const data: Record<string, unknown> = { answers: posted };
  if (ctx.app?.state !== 'returned' && typeof posted.projectName === 'string' && posted.projectName.length >= 2 && posted.projectName.length <= 200) data.title = posted.projectName;

  // Save (create the draft on the first save), so that nothing typed is lost even if submission is refused.
  let documentId: string;
  try {
    documentId = ctx.app
      ? (await service.updateDraft(ctx.actor, ctx.app.documentId, data, { removeFiles: removedFiles(ctx.definition, req.body) })).documentId
      : (await service.createDraft(ctx.actor, { taskSpec: ctx.call.documentId, ...data })).documentId;
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    const { byPath, general } = refusalMessages(error, keys);
    const chosen = Object.values(req.files).some((list) => list.length);
    const notes = [...(general.length || Object.keys(byPath).length ? general : [error.message]), ...(chosen ? ['内容未保存，所选附件也未上传：请修改后重新选择附件。'] : [])];
    return renderFormPage(req, ctx, { answers: { ...(ctx.app?.answers ?? {}), ...posted }, errors: byPath, general: notes }, 400);
  }

  // New files into their slots; each refusal is shown next to its slot.
  const errors: Record<string, string> = {};
  const editable = editableOf(ctx.app, ctx.definition);
  for (const { key: slot } of fileSlots(ctx.definition)) {
    if (editable && !editable.includes(slot)) continue;
    for (const file of (req.files[`file.${slot}`] ?? []) as UploadedFile[]) {
      try {
        await attachments(req.strapi).uploadFor(ctx.actor, documentId, slot, file);
      } catch (error) {
        if (!(error instanceof RefusalError)) throw error;
        errors[slot] = `${safeFileName(file.originalFilename ?? '')}：${error.message}`;
      }
    }
  }
  const saved = await detailOrNotFound(req.strapi, ctx.actor, documentId);
  const savedContext: FormContext = { ...ctx, app: saved, definition: (saved.form?.definition as FormDefinition) ?? ctx.definition };
  if (Object.keys(errors).length) return renderFormPage(req, savedContext, { answers: saved.answers ?? {}, errors, general: ['部分附件未能上传，其余内容已保存。'] }, 400);
  if (intent !== 'submit' && intent !== 'resubmit') return { redirect: `/me/applications/${documentId}/edit?saved=1` };

  const action = saved.state === 'returned' ? 'resubmit' : 'submit';
  try {
    await transitions(req.strapi).transition({ documentId, actor: ctx.actor, request: { action, version: saved.version }, now: req.ctx.state.receivedAt });
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    const { byPath, general } = refusalMessages(error, keys);
    return renderFormPage(req, savedContext, { answers: saved.answers ?? {}, errors: byPath, general: [...general, ...(Object.keys(byPath).length ? ['申报尚未提交，草稿已保存。请修改标出的内容后再提交。'] : [])] }, 400);
  }
  // The receipt is for the first submission; a resubmission keeps its number and shows on the detail.
  return { redirect: action === 'submit' ? `/me/applications/${documentId}/receipt` : `/me/applications/${documentId}?resubmitted=1` };
}

const formGet = (load: (req: PortalRequest) => Promise<FormContext | { redirect: string }>) => async (req: PortalRequest): Promise<PortalResponse> => {
  const ctx = await load(req);
  if ('redirect' in ctx) return ctx;
  if (!ctx.app) {
    // One draft per call and organisation is enough: resume it rather than start another.
    const existing = (await applications(req.strapi).listForApplicant(ctx.actor)).find((a: any) => a.taskSpecDocumentId === ctx.call.documentId && a.state === 'draft');
    if (existing) return { redirect: `/me/applications/${existing.documentId}/edit` };
  }
  return renderFormPage(req, ctx, { answers: ctx.app?.answers ?? {}, notice: req.query.saved ? '草稿已保存。' : undefined });
};

const formPost = (load: (req: PortalRequest) => Promise<FormContext | { redirect: string }>) => async (req: PortalRequest): Promise<PortalResponse> => {
  try {
    const ctx = await load(req);
    if ('redirect' in ctx) return ctx;
    return await postWithContext(req, ctx);
  } finally {
    // Uploads the attachment service did not take (a refused save, 增加一行) leave no temporary files behind.
    removeTemporary(Object.values(req.files).flat());
  }
};

async function postWithContext(req: PortalRequest, ctx: FormContext): Promise<PortalResponse> {
  if (!ctx.app) {
    // A second post of the new form (a double click, a back button) continues the draft instead of starting another.
    const existing = (await applications(req.strapi).listForApplicant(ctx.actor)).find((a: any) => a.taskSpecDocumentId === ctx.call.documentId && a.state === 'draft');
    if (existing) {
      const app = await detailOrNotFound(req.strapi, ctx.actor, existing.documentId);
      return handleFormPost(req, { ...ctx, app, definition: (app.form?.definition as FormDefinition) ?? ctx.definition });
    }
  }
  return handleFormPost(req, ctx);
}

async function list(req: PortalRequest): Promise<PortalResponse> {
  const actor = await actorFor(req.strapi, req.user!);
  const apps = await applications(req.strapi).listForApplicant(actor);
  const calls = new Map<string, string>();
  const rows: ListRow[] = [];
  for (const app of apps) {
    if (!calls.has(app.taskSpecDocumentId)) calls.set(app.taskSpecDocumentId, (await findCall(req.strapi, app.taskSpecDocumentId))?.title ?? '（已撤回的通知）');
    const { definition, row } = await workflowOf(req.strapi, app.documentId).catch(() => ({ definition: null, row: null }) as any);
    rows.push({ documentId: app.documentId, title: app.title, callTitle: calls.get(app.taskSpecDocumentId)!, stage: stageLabel(definition, app.state), state: app.state, serialNo: app.serialNo, updatedAt: row?.updatedAt ?? app.stateChangedAt });
  }
  return { page: listPage(chrome(req, '我的申报', '/me/applications'), rows, Boolean(actor.organizationId)) };
}

/** What happens next and when, as far as it is known. */
async function nextSteps(req: PortalRequest, app: any, definition: any, call: any): Promise<string[]> {
  const stage = definition?.stages.find((s: any) => s.key === app.state);
  const lines: string[] = [];
  if (app.state === 'draft') {
    lines.push('尚未提交。请填写完整后点击“提交申报”。');
    if (call?.closesAt) lines.push(`申报截止时间：${formatShanghaiDateTime(call.closesAt)}（北京时间），逾期不能提交。`);
  } else if (app.state === 'returned') {
    lines.push('申报被退回补正：请按审核意见修改标出的内容后重新提交。');
  } else if (stage?.kind === 'publicity') {
    const batch = await publicityOf(req.strapi, app.documentId);
    lines.push(`正在${stage.label}。`);
    if (batch?.endsAt) lines.push(`公示至 ${formatShanghaiDateTime(batch.endsAt)}（北京时间）；公示期满无异议后进入下一环节。`);
  } else if (app.state === 'construction') {
    lines.push('项目建设阶段：建设完成后，请在本页提交建设完成材料。');
  } else if (stage?.kind === 'terminal') {
    lines.push(`办理已结束：${stage.label}。`);
  } else if (app.state === 'disbursed') {
    lines.push('资金已拨付。请按要求报送绩效自评材料。');
  } else if (stage) {
    lines.push(`当前由“${stage.label}”环节办理${stage.timeLimitWorkingDays ? `，办理时限为${stage.timeLimitWorkingDays}个工作日` : ''}。`);
  }
  return lines;
}

type ReportDraft = { period: string; answers: Record<string, unknown>; errors: Record<string, string>; general: string[] };

/** The completion step's list of materials, if the stage offers the step and it has one. */
const completionStep = (app: any) => app.availableActions?.find((a: any) => a.key === 'submit_completion');

async function detail(req: PortalRequest, extra: { completionError?: string; completionErrors?: Record<string, string>; performance?: ReportDraft; status?: number } = {}): Promise<PortalResponse> {
  const actor = await actorFor(req.strapi, req.user!);
  const app = await detailOrNotFound(req.strapi, actor, req.params.id);
  const { definition } = await workflowOf(req.strapi, app.documentId);
  const call = await findCall(req.strapi, app.taskSpecDocumentId);
  const form = (app.form?.definition ?? null) as FormDefinition | null;
  // "As submitted": after submission, the answers of the latest submission record (frozen).
  const timeline = (app.timeline ?? []).map((entry: any) => {
    const { title, opinion } = describeRecord(actionLabel(definition, entry.fromState ?? entry.stage, entry.action), entry);
    return { stage: stageLabel(definition, entry.fromState ?? entry.stage), action: title, opinion, at: entry.occurredAt };
  });
  const step = completionStep(app);
  const completion = step ? { version: app.version, materials: step.requires?.materials ?? null, error: extra.completionError, errors: extra.completionErrors } : null;
  // The files submitted are listed by the list of the chain the application is pinned to.
  const completionMaterials = definition.stages.find((s: any) => s.key === 'construction')?.actions.find((a: any) => a.key === 'submit_completion')?.requires?.materials ?? null;
  return {
    status: extra.status ?? 200,
    page: detailPage(chrome(req, app.title, `/me/applications/${app.documentId}`), req.csrf, {
      documentId: app.documentId,
      title: app.title,
      serialNo: app.serialNo,
      state: app.state,
      stage: stageLabel(definition, app.state),
      callTitle: call?.title ?? '',
      submittedAt: app.submittedAt,
      next: await nextSteps(req, app, definition, call),
      timeline,
      definition: form,
      answers: app.answers ?? {},
      files: await filesBySlot(req.strapi, form, app.answers ?? {}, app.documentId),
      flagged: app.state === 'returned' ? app.returnFlaggedFields ?? [] : [],
      canEdit: ['draft', 'returned'].includes(app.state),
      completion,
      completionFiles: await completionGroupsOf(req.strapi, app.documentId, completionMaterials),
      performance: app.state === 'disbursed' ? await performanceOf(req, app.documentId, extra.performance) : null,
      notice: req.query.completed ? '建设完成材料已提交。' : req.query.reported ? '报送成功。' : req.query.resubmitted ? '已重新提交，等待审核。' : undefined,
    }),
  };
}

async function receipt(req: PortalRequest): Promise<PortalResponse> {
  const actor = await actorFor(req.strapi, req.user!);
  const app = await detailOrNotFound(req.strapi, actor, req.params.id);
  if (!app.submittedAt || !app.serialNo) return { redirect: `/me/applications/${app.documentId}` };
  const { definition } = await workflowOf(req.strapi, app.documentId);
  return {
    page: receiptPage(chrome(req, '申报已提交', `/me/applications/${app.documentId}/receipt`), {
      documentId: app.documentId,
      serialNo: app.serialNo,
      title: app.title,
      submittedAt: app.submittedAt,
      stage: stageLabel(definition, app.state),
    }),
  };
}

/** The owner's download: the attachment service decides; anyone else gets the same 404 as for a missing file. */
async function download(req: PortalRequest): Promise<PortalResponse> {
  const actor = await actorFor(req.strapi, req.user!);
  let file;
  try {
    file = await attachments(req.strapi).downloadFor(actor, req.params.id);
  } catch (error) {
    if (error instanceof RefusalError) throw new PortalError(404, '文件不存在或您无权下载。');
    throw error;
  }
  sendFile(req.ctx, file, false);
  return { sent: true };
}

/**
 * 建设完成材料: stored privately, then the `submit_completion` transition with their refs; undone
 * if refused. A step with a list of materials (第九条) takes a field per item, and every required
 * item must have a file before anything is stored.
 */
async function completion(req: PortalRequest): Promise<PortalResponse> {
  const uploads = Object.entries(req.files).filter(([name]) => name === 'completion' || name.startsWith('completion-'));
  const all = uploads.flatMap(([, files]) => files as UploadedFile[]);
  try {
    const actor = await actorFor(req.strapi, req.user!);
    const app = await detailOrNotFound(req.strapi, actor, req.params.id);
    const step = completionStep(app);
    if (!step) throw new PortalError(409, '当前环节不能提交建设完成材料。');
    const materials: MaterialSlot[] | undefined = step.requires?.materials;
    const batches: Array<{ slot: string | undefined; files: UploadedFile[] }> = materials
      ? materials.map((m) => ({ slot: materialSlot(m.key), files: (req.files[`completion-${m.key}`] ?? []) as UploadedFile[] }))
      : [{ slot: undefined, files: (req.files.completion ?? []) as UploadedFile[] }];
    if (materials) {
      const errors: Record<string, string> = {};
      for (const [i, m] of materials.entries()) {
        const problem = await completionProblem(batches[i].files, m.required ? `请上传「${m.label}」` : null);
        if (problem) errors[m.key] = problem;
      }
      if (Object.keys(errors).length) return detail(req, { completionError: '请按项上传建设完成材料，见下方各项提示。', completionErrors: errors, status: 400 });
    } else {
      const problem = await completionProblem(batches[0].files);
      if (problem) return detail(req, { completionError: problem, status: 400 });
    }
    const version = Number(one(req.body.version));
    const refs: Array<{ id: string; name: string; sha256: string }> = [];
    for (const batch of batches) refs.push(...(await storeCompletionFiles(req.strapi, actor, app.documentId, batch.files, batch.slot)));
    try {
      await transitions(req.strapi).transition({ documentId: app.documentId, actor, request: { action: 'submit_completion', version: Number.isInteger(version) ? version : app.version, attachments: refs } });
    } catch (error) {
      await discardAttachments(req.strapi, refs.map((r) => r.id));
      if (!(error instanceof RefusalError)) throw error;
      return detail(req, { completionError: error.message, status: 400 });
    }
    return { redirect: `/me/applications/${app.documentId}?completed=1` };
  } finally {
    removeTemporary(all);
  }
}

const REPORT = 'api::performance-report.performance-report';
const reports = (req: PortalRequest) => req.strapi.service(REPORT) as any;

async function reportsOf(req: PortalRequest, applicationDocumentId: string): Promise<PerformanceOptions['reports']> {
  const rows = await req.strapi.db.query(REPORT).findMany({ where: { application: { documentId: applicationDocumentId } }, orderBy: { submittedAt: 'asc' } });
  const files = new Map((await completionFilesOf(req.strapi, applicationDocumentId, PERFORMANCE_SLOT)).map((f) => [f.id, f]));
  return Promise.all(
    rows.map(async (row: any) => ({
      period: row.period,
      // reports filed before forms existed carry their text only
      definition: row.content?.answers ? (await reports(req).formFor(applicationDocumentId, row.kind)).definition : null,
      answers: row.content?.answers ?? {},
      text: typeof row.content?.text === 'string' ? row.content.text : '',
      submittedAt: row.submittedAt,
      files: (Array.isArray(row.content?.attachments) ? row.content.attachments : []).map((a: any) => files.get(a.id)).filter(Boolean),
    })),
  );
}

/**
 * The supervision section: the schedule, the reports filed, and the form of one period not yet
 * filed: the one asked for (`?report=`), the one being corrected after a refusal, or the earliest.
 */
async function performanceOf(req: PortalRequest, documentId: string, draft?: ReportDraft): Promise<PerformanceOptions> {
  const schedule: ScheduledReport[] = await reports(req).scheduleFor(documentId, req.now);
  const open = unfiledPeriods(schedule);
  const wanted = draft?.period ?? (typeof req.query.report === 'string' ? req.query.report : undefined);
  const chosen = open.find((r) => r.period === wanted) ?? open[0];
  return {
    schedule,
    reports: await reportsOf(req, documentId),
    current: chosen ? { period: chosen.period, label: chosen.label, definition: (await reports(req).formFor(documentId, chosen.kind)).definition } : null,
    answers: draft?.answers ?? {},
    errors: draft?.errors ?? {},
    general: draft?.general ?? [],
  };
}

/**
 * A report for one period of the schedule, after payment, on the programme's form for its kind.
 * The files go to the private attachment store, never to the public upload folder, and are
 * listed in the report's `content` beside the answers.
 */
async function performance(req: PortalRequest): Promise<PortalResponse> {
  const files = (req.files.files ?? []) as UploadedFile[];
  try {
    const actor = await actorFor(req.strapi, req.user!);
    const app = await detailOrNotFound(req.strapi, actor, req.params.id);
    if (app.state !== 'disbursed') throw new PortalError(409, '资金拨付后才能报送绩效自评。');
    const requested = String(one(req.body.period) ?? '').trim();
    // A report settles one period of the programme's schedule, once.
    const period = unfiledPeriods(await reports(req).scheduleFor(app.documentId, req.now)).find((r) => r.period === requested);
    if (!period) return detail(req, { performance: { period: requested, answers: {}, errors: {}, general: ['请选择报送计划中尚未报送的期次'] }, status: 400 });
    const form = await reports(req).formFor(app.documentId, period.kind);
    const answers = parseAnswers(form.definition, req.body);
    const errors: Record<string, string> = Object.fromEntries(form.validate(answers, 'strict').map((e: { path: string; message: string }) => [e.path, e.message]));
    const problem = await completionProblem(files, null);
    if (problem) errors.files = problem;
    if (Object.keys(errors).length) return detail(req, { performance: { period: period.period, answers, errors, general: [] }, status: 400 });
    const refs = await storeCompletionFiles(req.strapi, actor, app.documentId, files, PERFORMANCE_SLOT);
    await req.strapi.documents(REPORT).create({
      data: { application: app.documentId, organization: actor.organizationId, kind: period.kind, period: period.period, content: { answers, attachments: refs }, submittedAt: req.now.toISOString() } as any,
    });
    return { redirect: `/me/applications/${app.documentId}?reported=1#performance` };
  } finally {
    removeTemporary(files);
  }
}

export const applicationRoutes: PortalRoute[] = [
  { method: 'GET', path: '/calls/:id/apply', login: true, handler: formGet(newApplicationContext) },
  { method: 'POST', path: '/calls/:id/apply', login: true, handler: formPost(newApplicationContext) },
  { method: 'GET', path: '/me/applications', login: true, handler: list },
  { method: 'GET', path: '/me/applications/:id', login: true, handler: detail },
  { method: 'GET', path: '/me/applications/:id/edit', login: true, handler: formGet(editContext) },
  { method: 'POST', path: '/me/applications/:id/edit', login: true, handler: formPost(editContext) },
  { method: 'GET', path: '/me/applications/:id/receipt', login: true, handler: receipt },
  { method: 'GET', path: '/files/:id', login: true, handler: download },
  { method: 'POST', path: '/me/applications/:id/completion', login: true, handler: completion },
  { method: 'POST', path: '/me/applications/:id/performance', login: true, handler: performance },
];
