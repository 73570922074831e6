import type { Core } from '@strapi/strapi';
import type { AwardRule } from '../../domain/money';
import { parseFen } from '../../domain/money';
import { usccCheckCharacter } from '../../domain/uscc';
import type { Actor, WorkflowDefinition } from '../../domain/workflow';
import { actorOf } from '../../api/application/support/actors';
import { newDocumentId as documentId } from '../../database/document-id';
import { DEMO_STAFF } from '../data/staff';
import { isExpertField } from '../../domain/panel';
import type { PoolExpert } from '../../domain/panel-draw';
import { COMPLETE_ANSWERS, REQUIRED_SLOTS } from './answers';
import { BenchFile, benchFile, writeBenchFiles } from './files';
import { COMPLETION_SLOT } from '../../api/attachment/support/slots';
import { Cast, Ending, History, PathStep, buildHistory, mainPath } from './history';

/**
 * The documented bulk path for the benchmark's data set (docs/performance.md): organisations and
 * applications with their whole review history, inserted in batches through the query engine
 * (`createMany`, which converts each value for the dialect) and the relations' link tables.
 * It skips the document service on purpose: a hundred thousand cases one document at a time
 * would take hours. What keeps the data honest is that every history is decided by the workflow
 * engine and hashed by the ledger (history.ts), so `npm run audit:verify` passes on the result.
 * Run it only on a database made for the benchmark.
 */
const DAY = 86_400_000;

export interface BulkOptions {
  applications: number;
  /** applications per transaction */
  batchSize?: number;
  now?: Date;
  /** the random seed: the same seed gives the same data set */
  seed?: number;
  onProgress?: (applicationsWritten: number) => void;
}

export interface BulkResult {
  organizations: number;
  applications: number;
  reviewRecords: number;
  byState: Record<string, number>;
}

/** A small deterministic generator (mulberry32), so that a data set can be rebuilt exactly. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


/** A valid USCC for a company (91…) registered in the division, numbered `n`. */
export function benchUscc(division: string, n: number) {
  const first17 = `91${division}BN${String(n).padStart(7, '0')}`;
  return first17 + usccCheckCharacter(first17);
}

const NAME_PARTS = ['光谷', '江城', '楚天', '长江', '汉江', '东湖', '知音', '黄鹤', '晴川', '南湖'];
const TRADES = ['智能科技', '数据服务', '信息技术', '软件', '智造', '云计算', '医疗科技', '交通科技'];

/** Where a case stops: most somewhere on the main road, some rejected, returned or withdrawn. */
function endingFor(path: PathStep[], definition: WorkflowDefinition, next: () => number): Ending {
  const roll = next();
  const reviewSteps = path
    .map((step, index) => ({ step, index }))
    // the step that would leave the stage: by then its reviewer is assigned and any panel has scored
    .filter(({ step }) => step.action.to !== step.stage && definition.stages.find((s) => s.key === step.stage)?.actions.some((a) => a.key === 'reject'));
  const at = () => reviewSteps[Math.floor(next() * reviewSteps.length)].index;
  if (roll < 0.03) return { steps: 0, then: 'withdraw' };
  if (roll < 0.12) return { steps: 0 };
  if (roll < 0.2) return { steps: at(), then: 'reject' };
  if (roll < 0.25) return { steps: at(), then: 'return' };
  return { steps: 1 + Math.floor(next() * path.length) };
}

const awardRuleOf = (program: any): AwardRule => ({
  ratioBp: program.ratioBp,
  capFen: parseFen(program.capFen, 'capFen'),
  rounding: program.roundingMode,
  capScope: program.capScope,
  ruleVersion: program.ruleVersion,
});

async function loadCast(strapi: Core.Strapi): Promise<Omit<Cast, 'applicant' | 'districtReviewer'> & { districtReviewers: Map<string, Actor> }> {
  const actors = new Map<string, Actor>();
  const expertPool: PoolExpert[] = [];
  for (const staff of DEMO_STAFF.filter((s) => s.profile)) {
    const user = await strapi.db.query('admin::user').findOne({ where: { email: staff.email } });
    const profile = await strapi.db.query('api::reviewer-profile.reviewer-profile').findOne({ where: { adminUser: { id: user.id } }, populate: ['district'] });
    const actor = actorOf(user, profile);
    actors.set(staff.email, actor);
    if (actor.role === 'expert') {
      expertPool.push({ id: actor.id, name: actor.name ?? null, field: isExpertField(profile.expertField) ? profile.expertField : null, employerUscc: profile.employerUscc ?? null, relatedUsccs: actor.relatedUsccs ?? [] });
    }
  }
  const byRole = (role: string) => [...actors.values()].filter((actor) => actor.role === role);
  return {
    cityReviewer: byRole('city_reviewer')[0],
    institution: byRole('institution')[0],
    experts: byRole('expert'),
    expertPool,
    finance: byRole('finance')[0],
    system: { kind: 'system', id: 'system', name: '系统', role: 'system' },
    districtReviewers: new Map(byRole('district_reviewer').map((actor) => [actor.districtCode!, actor])),
  };
}

/** Inserts link rows (Strapi 5 keeps every relation in a table of its own) in one statement per batch. */
async function link(trx: any, table: string, rows: Array<Record<string, unknown>>) {
  if (rows.length) await trx.batchInsert(table, rows, 500);
}

export async function generateApplications(strapi: Core.Strapi, options: BulkOptions): Promise<BulkResult> {
  const now = options.now ?? new Date();
  const next = random(options.seed ?? 20251);
  const batchSize = options.batchSize ?? 1000;
  const stamp = { createdAt: now, updatedAt: now, publishedAt: now };

  const districts = await strapi.db.query('api::district.district').findMany({ select: ['id', 'documentId', 'code', 'name'] });
  const calls = (await strapi.db.query('api::task-spec.task-spec').findMany({ where: { publishedAt: { $notNull: true } }, populate: ['program'] })).filter(
    (call: any) => call.program && COMPLETE_ANSWERS[call.slug],
  );
  if (!calls.length) throw new Error('bench data: no published call with sample answers; seed the demo data first');
  const workflows = strapi.service('api::workflow.workflow') as any;
  const chains = new Map<string, { definition: WorkflowDefinition; path: PathStep[] }>();
  for (const call of calls) {
    const definition: WorkflowDefinition = await workflows.active(call.program.workflowKey);
    chains.set(call.documentId, { definition, path: mainPath(definition) });
  }
  const cast = await loadCast(strapi);

  // Organisations: one per five applications, spread over the districts.
  const organizationCount = Math.max(10, Math.ceil(options.applications / 5));
  const organizations: Array<{ id: number; documentId: string; name: string; uscc: string; district: any }> = [];
  for (let start = 0; start < organizationCount; start += batchSize) {
    const chunk = Array.from({ length: Math.min(batchSize, organizationCount - start) }, (_, i) => {
      const n = start + i + 1;
      const district = districts[n % districts.length];
      const division = /^\d{6}$/.test(district.code) ? district.code : '420100';
      const name = `武汉${NAME_PARTS[n % NAME_PARTS.length]}${TRADES[(n * 7) % TRADES.length]}有限公司（${n}）`;
      return { documentId: documentId(), name, uscc: benchUscc(division, n), legalForm: 'limited_liability_company', contactName: '联系人', contactPhone: '027-87654321', district, ...stamp };
    });
    await strapi.db.transaction(async ({ trx }) => {
      const ids = (await strapi.db.query('api::organization.organization').createMany({ data: chunk.map(({ district, ...row }) => row) })).ids.map(Number);
      await link(trx, 'organizations_district_lnk', ids.map((id, i) => ({ organization_id: id, district_id: chunk[i].district.id})));
      chunk.forEach((row, i) => organizations.push({ id: ids[i], ...row }));
    });
  }

  const result: BulkResult = { organizations: organizations.length, applications: 0, reviewRecords: 0, byState: {} };
  for (let start = 0; start < options.applications; start += batchSize) {
    const cases = Array.from({ length: Math.min(batchSize, options.applications - start) }, (_, i) => {
      const n = start + i + 1;
      const call = calls[n % calls.length];
      const organization = organizations[Math.floor(next() * organizations.length)];
      const { definition, path } = chains.get(call.documentId)!;
      const ending = endingFor(path, definition, next);
      const stepMs = DAY * (1 + next() * 4);
      const labels = (call.formDefinition?.properties ?? {}) as Record<string, { title?: string }>;
      const files = REQUIRED_SLOTS[call.slug].map((slot) => benchFile(slot, `${labels[slot]?.title ?? slot}.pdf`));
      const completionFile = benchFile(COMPLETION_SLOT, '专项审计报告.pdf');
      const facts = {
        documentId: documentId(),
        districtCode: organization.district.code,
        organizationId: organization.documentId,
        organizationUscc: organization.uscc,
        answers: { ...COMPLETE_ANSWERS[call.slug], projectName: `${organization.name.slice(2, 8)}项目${n}`, ...Object.fromEntries(files.map((file) => [file.slot, [file.id]])) },
        // what a submission's and the completion step's records keep of them (src/api/application/services/transition.ts)
        files: files.map(({ id, slot, name, sha256 }) => ({ id, slot, name, sha256 })),
        completionFile: { id: completionFile.id, name: completionFile.name, sha256: completionFile.sha256 },
        formDefinition: call.formDefinition,
        formVersion: call.formVersion ?? 1,
        awardRule: awardRuleOf(call.program),
        claimedBaseFen: 100_000_00 * (10 + Math.floor(next() * 990)),
        stepMs,
        startsAt: new Date(now.getTime() - stepMs * (path.length + 2) - next() * 365 * DAY),
      };
      const applicant: Actor = { kind: 'applicant', id: `bench-${organization.id}`, name: organization.name, role: 'applicant', organizationId: organization.documentId };
      const districtReviewer: Actor = cast.districtReviewers.get(facts.districtCode) ?? {
        kind: 'staff', id: `bench-${facts.districtCode}`, name: `${organization.district.name}数据部门`, role: 'district_reviewer', districtCode: facts.districtCode,
      };
      const history: History = buildHistory(definition, path, facts, { ...cast, applicant, districtReviewer }, ending);
      const completed = history.records.some((record) => record.action === 'submit_completion');
      return { n, call, organization, facts, history, files: completed ? [...files, completionFile] : files };
    });

    await strapi.db.transaction(async ({ trx }) => {
      const { ids } = await strapi.db.query('api::application.application').createMany({
        data: cases.map(({ n, call, organization, facts, history }) => ({
          ...stamp,
          documentId: facts.documentId,
          title: `${organization.name.slice(2, 8)}${call.program.name}项目${n}`,
          taskSpecDocumentId: call.documentId,
          programKey: call.program.key,
          districtCode: facts.districtCode,
          organizationName: organization.name,
          organizationUscc: organization.uscc,
          answers: facts.answers,
          claimedBaseFen: facts.claimedBaseFen,
          ...history.application,
          ...(history.application.submittedAt
            ? {
                serialNo: `SB${(history.application.submittedAt as Date).getUTCFullYear()}-BN${String(n).padStart(7, '0')}`,
                commitmentsSignedAt: history.application.submittedAt,
                eligibility: { usccValid: true, creditCheckedAt: history.application.submittedAt, creditListings: [] },
              }
            : {}),
        })),
      });
      const rowId = (i: number) => ids[i] as number;
      await link(trx, 'applications_organization_lnk', cases.map((c, i) => ({ application_id: rowId(i), organization_id: c.organization.id})));
      await link(trx, 'applications_program_lnk', cases.map((c, i) => ({ application_id: rowId(i), program_id: c.call.program.id})));
      await link(trx, 'applications_district_lnk', cases.map((c, i) => ({ application_id: rowId(i), district_id: c.organization.district.id})));

      const records = cases.flatMap((c, i) => c.history.records.map((record) => ({ record, applicationRowId: rowId(i) })));
      if (records.length) {
        const { ids: recordIds } = await strapi.db.query('api::review-record.review-record').createMany({
          data: records.map(({ record: { applicationId, ...fields } }) => ({ ...stamp, ...fields, documentId: documentId() })),
        });
        await link(trx, 'review_records_application_lnk', records.map((r, i) => ({ review_record_id: recordIds[i], application_id: r.applicationRowId})));
      }

      // Each application's files: small real PDFs in the private store, recorded as its attachments.
      const stored: Array<BenchFile & { applicationRowId: number; uploadedBy: string }> = cases.flatMap((c, i) => c.files.map((file) => ({ ...file, applicationRowId: rowId(i), uploadedBy: `bench-${c.organization.id}` })));
      writeBenchFiles(strapi, stored);
      const { ids: fileIds } = await strapi.db.query('api::attachment.attachment').createMany({
        data: stored.map(({ applicationRowId, id, name, ...file }) => ({ ...stamp, documentId: id, ...file })),
      });
      await link(trx, 'attachments_application_lnk', stored.map((file, i) => ({ attachment_id: fileIds[i], application_id: file.applicationRowId })));

      const assignments = cases.flatMap((c, i) => c.history.assignments.map((a) => ({ ...a, applicationRowId: rowId(i) })));
      if (assignments.length) {
        const { ids: assignmentIds } = await strapi.db.query('api::assignment.assignment').createMany({
          data: assignments.map((a) => ({ ...stamp, documentId: documentId(), role: a.role, institution: a.institution, adminUserId: a.adminUserId, applicationRowId: a.applicationRowId, assignedAt: a.assignedAt })),
        });
        await link(trx, 'assignments_application_lnk', assignments.map((a, i) => ({ assignment_id: assignmentIds[i], application_id: a.applicationRowId})));
      }
      result.reviewRecords += records.length;
    });
    for (const c of cases) result.byState[c.history.application.state as string] = (result.byState[c.history.application.state as string] ?? 0) + 1;
    result.applications += cases.length;
    options.onProgress?.(result.applications);
  }
  return result;
}
