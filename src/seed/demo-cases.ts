import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { CalendarError, WorkingCalendar, addCalendarDays } from '../domain/calendar';
import { shanghaiDate, shanghaiWallTime } from '../domain/time';
import type { Actor, WorkflowDefinition } from '../domain/workflow';
import { actorOf as staffActorOf, applicantActor } from '../api/application/support/actors';
import { materialSlot } from '../api/attachment/support/slots';
import { findOneWithParents } from '../database/joined';
import { loadCalendar } from '../api/application/support/scope';
import { PathStep, mainPath } from './bulk/history';
import { SMALL_PDF } from './bulk/files';
import { REQUIRED_SLOTS } from './bulk/answers';
import { DEMO_APPLICANT, DEMO_STAFF } from './data/staff';
import { DEMO_CALLS, DEMO_CALL_WINDOW, DEMO_COMPANIES, PROJECT_NAMES, companyEmail, usccOf } from './data/demo-cases';
import { DemoCast, actorOf, stepRequest } from './demo-requests';
import { SeedLedger } from './ensure';

/**
 * The demo's cases: applications of made-up companies at every stage of both chains, each walked
 * there through the real services as its people would act (the portal's draft, uploads and
 * submission, the desk's steps, the 公示 batch and its closing job, the party group's decision
 * with its scanned minutes, the payment and a clawback). Only the time of each step is chosen:
 * every service takes the moment of the step, so the histories run in the past, 公示 periods
 * included, and end before today.
 *
 * A separate step from seed(), which the tests use and whose inboxes they count: `npm run demo`
 * and `npm run seed` run it unless SHENBAO_DEMO_CASES=0.
 */
const APPLICATION = 'api::application.application';
const DAY = 86_400_000;
/** between two steps of a case (then on to the next working morning); the cases of a chain move in step, a few minutes apart */
const STEP_GAP = 2 * DAY;
const CASE_OFFSET = 15 * 60_000;
/** how long ago the oldest histories began: enough for two 公示 and the money to have run */
const HISTORY_DAYS = 75;

/** Where a case stops: after `steps` steps of the chain's main road, then optionally a closing step. */
interface CasePlan {
  chain: string;
  title: string;
  steps: number;
  then?: 'reject' | 'return' | 'withdraw' | 'clawback';
  /** the demo applicant's own case rather than a demo company's */
  ownedByDemoApplicant?: boolean;
}

interface Walk {
  plan: CasePlan;
  documentId: string;
  applicant: Actor;
  districtCode: string;
  claimedBaseFen: number;
  /** the experts of its panel who have declared no conflict, and who have scored */
  panel: { declared: string[]; scored: string[] };
  /**
   * A case that never passes a 公示 does not wait for one: instead of the chain's clock it takes a
   * step each working day, its last (this index) three days ago.
   */
  recentUntil: number | null;
  offsetMs: number;
}

/**
 * Two cases per stage of the main road: one just arrived, one with the stage's own steps taken
 * (assigned, scored, 公示 running) where the stage has any; then two returned, two rejected, two
 * withdrawn and one clawed back.
 */
export function casePlans(definition: WorkflowDefinition, road: PathStep[]): CasePlan[] {
  const plans: Array<Omit<CasePlan, 'title' | 'chain'>> = [];
  const stages = [...new Set(road.map((step) => step.stage)), road[road.length - 1].action.to];
  const entered = (stage: string) => (road.findIndex((step) => step.stage === stage) + 1 || road.length + 1) - 1;
  /** the steps taken before the one that leaves the stage: its reviewer assigned, its experts' scores in, its 公示 started */
  const ready = (stage: string) => {
    const leaving = road.findIndex((step, i) => i >= entered(stage) && step.stage === stage && step.action.to !== stage);
    return leaving === -1 ? entered(stage) : leaving;
  };
  for (const stage of stages) plans.push({ steps: entered(stage) }, { steps: ready(stage) });
  // Sent back and turned down by the district, and further up the chain by whoever reviews there.
  const reviews = stages.filter((key) => ['review', 'panel'].includes(definition.stages.find((s) => s.key === key)?.kind ?? ''));
  const [district, later, last] = [reviews[0], reviews[1], reviews[reviews.length - 1]];
  plans.push(
    { steps: ready(district), then: 'return' },
    { steps: ready(later), then: 'return' },
    { steps: ready(district), then: 'reject' },
    { steps: ready(last), then: 'reject' },
    { steps: 0, then: 'withdraw' },
    { steps: 0, then: 'withdraw' },
    { steps: road.length, then: 'clawback' },
  );
  const names = PROJECT_NAMES[definition.key] ?? [];
  return plans.map((plan, i) => ({ ...plan, chain: definition.key, title: `${names[i % names.length]}${i >= names.length ? `（${Math.floor(i / names.length) + 1}）` : ''}` }));
}

/** A small real PDF in a temporary file, as an upload leaves it; the services remove it once stored. */
function tempPdf(name: string) {
  const filepath = path.join(os.tmpdir(), `shenbao-demo-${crypto.randomBytes(8).toString('hex')}.pdf`);
  fs.writeFileSync(filepath, SMALL_PDF);
  return { filepath, originalFilename: name, size: SMALL_PDF.length, mimetype: 'application/pdf' };
}

export interface DemoCasesResult {
  created: number;
  existing: number;
}

export async function seedDemoCases(strapi: Core.Strapi, { password, now = new Date() }: { password: string; now?: Date }): Promise<DemoCasesResult> {
  const ledger = new SeedLedger(strapi);
  const services = {
    applications: () => strapi.service(APPLICATION) as any,
    attachments: () => strapi.service('api::attachment.attachment') as any,
    transitions: () => strapi.service('api::application.transition') as any,
    bulk: () => strapi.service('api::application.bulk') as any,
    publicity: () => strapi.service('api::publicity.publicity') as any,
    partyDecisions: () => strapi.service('api::party-decision.party-decision') as any,
    workflows: () => strapi.service('api::workflow.workflow') as any,
  };
  const companies = await ensureCompanies(strapi, ledger, password);
  const demoApplicant = await applicantOf(strapi, DEMO_APPLICANT.email);
  const cast = await castOf(strapi);
  const result: DemoCasesResult = { created: 0, existing: 0 };
  // The desk's bulk actions ask the caller's role for each step's permission; here the engine's role check is the one that applies.
  const mayAct = { can: () => true };
  const running: Array<{ kind: string; documentIds: string[] }> = [];
  const days = officeDays(await loadCalendar(strapi));
  const recentEnd = days.lastWorkingDay(shanghaiDate(new Date(now.getTime() - 3 * DAY)));

  for (const call of DEMO_CALLS) {
    const taskSpec = await ensureCall(strapi, ledger, call, now);
    const definition: WorkflowDefinition = await services.workflows().active(call.chain);
    const road = mainPath(definition);
    const plans = casePlans(definition, road);
    // The demo applicant's portal stays a walkthrough: its own draft and one returned for correction, of the dataset chain.
    if (call.chain === 'dataset') {
      plans[0].ownedByDemoApplicant = true;
      plans.find((plan) => plan.then === 'return')!.ownedByDemoApplicant = true;
    }

    const t0 = days.nextWorkingMorning(shanghaiWallTime(`${addCalendarDays(shanghaiDate(now), -HISTORY_DAYS)} 09:00`).getTime());
    const firstPublicity = road.findIndex((step) => step.action.requires?.startsPublicity);
    const walks: Walk[] = [];
    let companyIndex = 0;
    for (const plan of plans) {
      const owner = plan.ownedByDemoApplicant ? demoApplicant : companies[companyIndex++ % companies.length];
      const existing = await strapi.db.query(APPLICATION).findOne({ where: { title: plan.title, taskSpecDocumentId: taskSpec.documentId }, select: ['id'] });
      if (existing) {
        result.existing += 1;
        continue;
      }
      const index = walks.length;
      const recentUntil = plan.steps <= firstPublicity + 1 ? (plan.then ? plan.steps : plan.steps - 1) : null;
      const claimedBaseFen = (call.chain === 'dataset' ? 3_000_000 : 2_000_000) * 100 + index * 13_000_000;
      const documentId = await draftWithFiles(services, owner.actor, taskSpec.documentId, call, plan.title, owner.contact, claimedBaseFen);
      walks.push({ plan, documentId, applicant: owner.actor, districtCode: owner.districtCode, claimedBaseFen, panel: { declared: [], scored: [] }, recentUntil, offsetMs: index * CASE_OFFSET });
      result.created += 1;
    }
    if (!walks.length) continue;

    let clock = t0;
    let batch: { documentId: string; endsAt: string } | null = null;
    for (let k = 0; k <= road.length; k += 1) {
      const at = (walk: Walk) => {
        const morning = walk.recentUntil === null ? clock : days.workingMorningsBefore(recentEnd, walk.recentUntil - k);
        return new Date(Math.min(morning + walk.offsetMs, now.getTime() - 60_000));
      };
      for (const walk of walks.filter((w) => w.plan.steps === k && w.plan.then)) await closeCase(strapi, services, walk, definition, road, cast, at(walk));
      const step = road[k];
      if (!step) break;
      const active = walks.filter((walk) => walk.plan.steps > k);
      if (step.action.requires?.startsPublicity) {
        // The cases that stop in a running 公示 get theirs at the end, near today.
        const ending = active.filter((walk) => walk.plan.steps === k + 1);
        if (ending.length) running.push({ kind: step.stage, documentIds: ending.map((walk) => walk.documentId) });
        const passing = active.filter((walk) => walk.plan.steps > k + 1);
        batch = passing.length ? await services.bulk().publicity(cast.cityReviewer, mayAct, { kind: step.stage, applications: passing.map((walk) => walk.documentId) }, new Date(clock)) : null;
      } else if (step.action.requires?.publicityEnded) {
        // The period has run: the scheduled job closes the batch at its end, as it would that day.
        if (batch) {
          const closedAt = new Date(new Date(batch.endsAt).getTime() + 3600_000);
          await services.publicity().closeDue(closedAt);
          // staff take the next step the morning after
          clock = days.morningOf(shanghaiDate(closedAt)) + DAY - STEP_GAP;
        }
      } else {
        const decisionRecord = step.action.requires?.decisionRecord && active.length ? await partyDecision(strapi, services, cast, definition, new Date(clock), days.lastWorkingDay(shanghaiDate(new Date(clock - DAY)))) : undefined;
        for (const walk of active) await takeStep(strapi, services, walk, definition, step, cast, at(walk), { decisionRecord });
      }
      clock = days.nextWorkingMorning(clock + STEP_GAP);
    }
  }

  // The running 公示 started on the working day after the recent cases' last steps.
  const runningFrom = new Date(Math.min(days.nextWorkingMorning(days.morningOf(recentEnd) + DAY), now.getTime() - 3600_000));
  for (const { kind, documentIds } of running) {
    await services.bulk().publicity(cast.cityReviewer, mayAct, { kind, applications: documentIds }, runningFrom);
  }
  await outboxSettled(strapi);
  return result;
}

/**
 * The applicants' notices of these steps go out after each commit: `npm run seed` waits for them
 * before it stops the server (one still sending then is sent again by the outbox's next pass).
 */
async function outboxSettled(strapi: Core.Strapi, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (await strapi.db.query('api::notification.notification').count({ where: { delivery: 'sending' } })) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Staff act at nine in the morning of working days (Beijing time), by the holiday calendar where it is loaded. */
function officeDays(calendar: WorkingCalendar) {
  const working = (date: string) => {
    try {
      return calendar.isWorkingDay(date);
    } catch (error) {
      if (!(error instanceof CalendarError)) throw error;
      const weekday = new Date(`${date}T12:00:00+08:00`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    }
  };
  const morningOf = (date: string) => shanghaiWallTime(`${date} 09:00`).getTime();
  const lastWorkingDay = (date: string) => {
    let day = date;
    while (!working(day)) day = addCalendarDays(day, -1);
    return day;
  };
  return {
    morningOf,
    lastWorkingDay,
    nextWorkingMorning(at: number) {
      let day = shanghaiDate(new Date(at));
      while (!working(day)) day = addCalendarDays(day, 1);
      return morningOf(day);
    },
    /** the morning `n` working days before the working day `date` */
    workingMorningsBefore(date: string, n: number) {
      let day = date;
      for (let i = 0; i < n; i += 1) day = lastWorkingDay(addCalendarDays(day, -1));
      return morningOf(day);
    },
  };
}

type Services = Record<'applications' | 'attachments' | 'transitions' | 'bulk' | 'publicity' | 'partyDecisions' | 'workflows', () => any>;

const stageOf = (definition: WorkflowDefinition, key: string) => definition.stages.find((stage) => stage.key === key)!;

async function takeStep(strapi: Core.Strapi, services: Services, walk: Walk, definition: WorkflowDefinition, step: PathStep, cast: DemoCast, at: Date, extra: { decisionRecord?: string }) {
  const app = await strapi.db.query(APPLICATION).findOne({ where: { documentId: walk.documentId }, select: ['version', 'awardFen', 'serialNo', 'assignments'] });
  const actor = actorOf(step.action, cast, walk.districtCode, { drawn: app.assignments?.experts ?? [], ...walk.panel }, walk.applicant);
  let attachments;
  const materials = step.action.requires?.materials;
  if (materials) {
    // 建设完成材料: one file in each listed item's own slot (第九条), the optional ones left out.
    attachments = [];
    for (const material of materials.filter((m) => m.required)) {
      attachments.push({ id: (await services.attachments().uploadFor(actor, walk.documentId, materialSlot(material.key), tempPdf(`${material.label}.pdf`))).id });
    }
  } else if (step.action.requires?.attachments) {
    attachments = [{ id: (await services.attachments().uploadForStaff(actor, walk.documentId, tempPdf('绩效核查报告.pdf'))).id }];
  }
  const request = stepRequest(stageOf(definition, step.stage), step.action, {
    version: app.version,
    at,
    cast,
    claimedBaseFen: walk.claimedBaseFen,
    awardFen: app.awardFen === null || app.awardFen === undefined ? null : Number(app.awardFen),
    scoresGiven: walk.panel.scored.length,
    attachments,
    decisionRecord: extra.decisionRecord,
    voucherNo: `武数拨〔${shanghaiDate(at).slice(0, 4)}〕${String(app.serialNo ?? '').slice(-4)}号`,
  });
  await services.transitions().transition({ documentId: walk.documentId, actor, request, now: at });
  if (step.action.requires?.interestDeclaration) walk.panel.declared.push(actor.id);
  if (step.action.requires?.scores) walk.panel.scored.push(actor.id);
}

/** The step that takes a case off the main road where its plan says: returned, rejected, withdrawn or clawed back. */
async function closeCase(strapi: Core.Strapi, services: Services, walk: Walk, definition: WorkflowDefinition, road: PathStep[], cast: DemoCast, at: Date) {
  const stageKey = road[walk.plan.steps]?.stage ?? road[road.length - 1].action.to;
  const action = stageOf(definition, stageKey).actions.find((a) => a.key === walk.plan.then);
  if (!action) throw new Error(`demo cases: no ${walk.plan.then} in ${stageKey}`);
  await takeStep(strapi, services, walk, definition, { stage: stageKey, action }, cast, at, {});
}

/** 党组集体研究: one meeting per chain and round, with its scanned minutes, on the working day before the approvals. */
async function partyDecision(strapi: Core.Strapi, services: Services, cast: DemoCast, definition: WorkflowDefinition, at: Date, meetingDate: string) {
  const minuteNo = `武数党纪〔${meetingDate.slice(0, 4)}〕${definition.key === 'dataset' ? 11 : 12}号`;
  const existing = await strapi.db.query('api::party-decision.party-decision').findOne({ where: { minuteNo }, select: ['documentId'] });
  if (existing) return existing.documentId as string;
  const recorded = await services.partyDecisions().record(cast.finance, { meetingDate, minuteNo, note: '研究资金拨付计划（演示）' }, tempPdf('党组会议纪要.pdf'), at);
  return recorded.documentId as string;
}

/** A draft as the portal makes it: the call's answers with this project's name and contact, and a real file in each required slot. */
async function draftWithFiles(services: Services, actor: Actor, taskSpec: string, call: (typeof DEMO_CALLS)[number], title: string, contact: { contactName: string; contactPhone: string }, claimedBaseFen: number) {
  const amountField = call.chain === 'dataset' ? 'plannedInvestmentFen' : 'purchaseAmountFen';
  const answers = { ...call.answers, projectName: title, ...contact, [amountField]: claimedBaseFen };
  const draft = await services.applications().createDraft(actor, { taskSpec, title, answers });
  for (const slot of REQUIRED_SLOTS[call.from] ?? []) await services.attachments().uploadFor(actor, draft.documentId, slot, tempPdf(`${slot}.pdf`));
  return draft.documentId as string;
}

async function ensureCall(strapi: Core.Strapi, ledger: SeedLedger, call: (typeof DEMO_CALLS)[number], now: Date) {
  const { window: _window, programKey, slug: _slug, ...fields } = call.seed;
  const program = await strapi.db.query('api::program.program').findOne({ where: { key: programKey }, select: ['documentId'] });
  const today = shanghaiDate(now);
  return ledger.ensure(
    'api::task-spec.task-spec',
    { slug: call.slug },
    () => ({
      ...fields,
      title: call.title,
      program: program?.documentId,
      opensAt: shanghaiWallTime(`${addCalendarDays(today, -DEMO_CALL_WINDOW.opensDaysAgo)} 09:00`).toISOString(),
      closesAt: shanghaiWallTime(`${addCalendarDays(today, DEMO_CALL_WINDOW.closesInDays)} 17:00`).toISOString(),
      formVersion: 1,
    }),
    { publish: true },
  );
}

interface Owner {
  actor: Actor;
  districtCode: string;
  contact: { contactName: string; contactPhone: string };
}

/** Each demo company with its portal login (the demo's password) and its organisation. */
async function ensureCompanies(strapi: Core.Strapi, ledger: SeedLedger, password: string): Promise<Owner[]> {
  const authenticated = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const owners: Owner[] = [];
  for (const company of DEMO_COMPANIES) {
    const email = companyEmail(company);
    let user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } });
    if (!user) {
      user = await strapi.plugin('users-permissions').service('user').add({ username: `demo-${company.key}`, email, password, provider: 'local', confirmed: true, blocked: false, role: authenticated.id });
    }
    const district = await strapi.db.query('api::district.district').findOne({ where: { code: company.districtCode }, select: ['documentId'] });
    await ledger.ensure('api::organization.organization', { uscc: usccOf(company) }, () => ({
      name: company.name,
      legalForm: company.legalForm,
      district: district.documentId,
      users: [user.documentId],
      legalRepresentative: company.legalRepresentative,
      contactName: company.contactName,
      contactPhone: company.contactPhone,
      contactEmail: email,
      address: '武汉市（演示地址）',
    }));
    owners.push({ actor: await applicantActor(strapi, user), districtCode: company.districtCode, contact: { contactName: company.contactName, contactPhone: company.contactPhone } });
  }
  return owners;
}

async function applicantOf(strapi: Core.Strapi, email: string): Promise<Owner> {
  const user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } });
  const { districtCode, contactName, contactPhone } = DEMO_APPLICANT.organization;
  return { actor: await applicantActor(strapi, user), districtCode, contact: { contactName, contactPhone } };
}

/** The demo's staff, as the engine sees them when they act from the desk. */
async function castOf(strapi: Core.Strapi): Promise<DemoCast> {
  const byEmail = async (email: string) => {
    const user = await strapi.db.query('admin::user').findOne({ where: { email } });
    const profile = await findOneWithParents(strapi, 'api::reviewer-profile.reviewer-profile', { adminUser: user.id, active: true }, ['district']);
    return staffActorOf(user, profile);
  };
  const withRole = (role: string) => DEMO_STAFF.filter((staff) => staff.profile?.role === role);
  const districtReviewers: Record<string, Actor> = {};
  for (const staff of withRole('district_reviewer')) districtReviewers[staff.profile!.districtCode!] = await byEmail(staff.email);
  return {
    districtReviewers,
    cityReviewer: await byEmail(withRole('city_reviewer')[0].email),
    institution: await byEmail(withRole('institution')[0].email),
    experts: await Promise.all(withRole('expert').map((staff) => byEmail(staff.email))),
    finance: await byEmail(withRole('finance')[0].email),
  };
}
