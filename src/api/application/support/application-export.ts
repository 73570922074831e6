import type { Core } from '@strapi/strapi';
import { linkPairs, linkedTo } from '../../../database/links';
import { LEGAL_FORM_LABELS } from '../../../domain/legal-person';
import { FINDING_LABELS } from '../../../domain/objections';
import { describeEntry, panelSheet } from '../../../domain/scores';
import type { StageDefinition, WorkflowDefinition } from '../../../domain/workflow';
import type { Column } from './export-writer';
import { stageIndex } from './scope';

/**
 * The application export's columns and rows: labels, not codes; money in fen (the writer shows
 * 元); instants as stored (the writer shows Beijing time); and a column for every decision of the
 * chain, read from the review records, 公示 batches, objections and disbursements of one page of
 * applications at a time (never all of them: docs/performance.md).
 */
const APP = 'api::application.application';

/** The application columns the export reads: the JSON ones (answers, trace) would cost memory per row for nothing. */
export const EXPORTED_FIELDS = ['id', 'serialNo', 'title', 'organizationName', 'organizationUscc', 'districtCode', 'programKey', 'state', 'workflowKey', 'workflowVersion', 'submittedAt', 'stateChangedAt', 'claimedBaseFen', 'recognisedBaseFen', 'awardFen'];
const RECORD_FIELDS = ['id', 'seq', 'stage', 'action', 'fromState', 'toState', 'actorName', 'actorId', 'opinion', 'scores', 'occurredAt'];
const RESOLUTIONS: Record<string, string> = { open: '待核查', ...FINDING_LABELS };

/** Stages whose staff decision gets columns of its own: the reviews, the panel, and the money. */
const DECIDING_KINDS = new Set(['review', 'panel', 'finance', 'final']);

interface Decision {
  action: string;
  opinion: string | null;
  by: string | null;
  at: string | null;
}

/** What one application's export row is computed from. */
export interface RowFacts {
  app: any;
  legalForm: string | null;
  decisions: Map<string, Decision>;
  panels: Map<string, ReturnType<typeof panelSheet>>;
  publicity: Map<string, { title: string; startsAt: string | null; endsAt: string | null }>;
  objections: string[];
  meeting: { date: string | null; minuteNo: string | null } | null;
  payment: { amountFen: number; voucherNo: string | null; paidOn: string | null } | null;
  clawbackFen: number | null;
}

const text = (key: string, header: string, get: (f: RowFacts) => unknown, width = 20): Column<RowFacts> => ({ key, header, width, get, type: 'text' });
const money = (key: string, header: string, get: (f: RowFacts) => unknown): Column<RowFacts> => ({ key, header, width: 16, get, type: 'money' });
const time = (key: string, header: string, get: (f: RowFacts) => unknown): Column<RowFacts> => ({ key, header, width: 18, get, type: 'time' });
const number = (key: string, header: string, get: (f: RowFacts) => unknown): Column<RowFacts> => ({ key, header, width: 12, get, type: 'number' });

/** The columns of one chain, from its stored definition: its stages name the decision columns. */
export function chainColumns(definition: WorkflowDefinition, names: { districts: Map<string, string>; programs: Map<string, string>; stage: ReturnType<typeof stageIndex> }): Array<Column<RowFacts>> {
  const columns: Array<Column<RowFacts>> = [
    text('serialNo', '申报编号', (f) => f.app.serialNo),
    text('title', '项目名称', (f) => f.app.title, 40),
    text('organizationName', '申报单位', (f) => f.app.organizationName, 36),
    text('uscc', '统一社会信用代码', (f) => f.app.organizationUscc, 22),
    text('legalForm', '单位类型', (f) => f.legalForm),
    text('district', '所属区', (f) => names.districts.get(f.app.districtCode) ?? f.app.districtCode),
    text('program', '资金项目', (f) => names.programs.get(f.app.programKey) ?? f.app.programKey, 28),
    text('stage', '当前环节', (f) => names.stage(f.app).label),
    time('submittedAt', '提交时间（北京时间）', (f) => f.app.submittedAt),
    time('stateChangedAt', '进入本环节时间（北京时间）', (f) => f.app.stateChangedAt),
    money('claimed', '申报金额（元）', (f) => f.app.claimedBaseFen),
    money('recognised', '认定金额（元）', (f) => f.app.recognisedBaseFen),
    money('award', '奖补金额（元）', (f) => f.app.awardFen),
  ];
  for (const stage of definition.stages) {
    if (stage.kind === 'publicity') {
      columns.push(
        text(`${stage.key}.batch`, `${stage.label}批次`, (f) => f.publicity.get(stage.key)?.title, 30),
        time(`${stage.key}.startsAt`, `${stage.label}开始（北京时间）`, (f) => f.publicity.get(stage.key)?.startsAt),
        time(`${stage.key}.endsAt`, `${stage.label}结束（北京时间）`, (f) => f.publicity.get(stage.key)?.endsAt),
      );
      continue;
    }
    if (!DECIDING_KINDS.has(stage.kind) || !stage.actions.some((a) => a.role !== 'applicant' && a.role !== 'system')) continue;
    if (stage.panel) columns.push(...panelColumns(stage));
    columns.push(
      text(`${stage.key}.action`, `${stage.label}·结论`, (f) => f.decisions.get(stage.key)?.action),
      text(`${stage.key}.opinion`, `${stage.label}·意见`, (f) => f.decisions.get(stage.key)?.opinion, 30),
      text(`${stage.key}.by`, `${stage.label}·经办人`, (f) => f.decisions.get(stage.key)?.by),
      time(`${stage.key}.at`, `${stage.label}·办理时间（北京时间）`, (f) => f.decisions.get(stage.key)?.at),
    );
  }
  columns.push(
    text('objections', '公示异议及核查结论', (f) => f.objections.join('；'), 40),
    text('meetingDate', '党组会议日期', (f) => f.meeting?.date),
    text('minuteNo', '党组会议纪要编号', (f) => f.meeting?.minuteNo, 24),
    money('paid', '拨付金额（元）', (f) => f.payment?.amountFen),
    text('voucherNo', '支付凭证号', (f) => f.payment?.voucherNo),
    text('paidOn', '拨付日期', (f) => f.payment?.paidOn),
    money('clawback', '追回金额（元）', (f) => f.clawbackFen),
  );
  return columns;
}

function panelColumns(stage: StageDefinition): Array<Column<RowFacts>> {
  return [
    text(`${stage.key}.scores`, `${stage.label}·专家评分`, (f) => f.panels.get(stage.key)?.entries.map(describeEntry).join('；'), 60),
    number(`${stage.key}.count`, `${stage.label}·评分专家数`, (f) => f.panels.get(stage.key)?.entries.length ?? null),
    number(`${stage.key}.average`, `${stage.label}·平均分`, (f) => f.panels.get(stage.key)?.average ?? null),
  ];
}

/**
 * The CSV's columns for all chains in one file: every chain's columns once, by key, in the order
 * they first appear; where two chains name a stage differently the header gives both names.
 */
export function unionColumns(perChain: Array<Array<Column<RowFacts>>>): Array<Column<RowFacts>> {
  const byKey = new Map<string, Column<RowFacts>>();
  for (const columns of perChain) {
    for (const column of columns) {
      const known = byKey.get(column.key);
      if (!known) byKey.set(column.key, { ...column });
      else if (!known.header.split('／').includes(column.header)) known.header = `${known.header}／${column.header}`;
    }
  }
  return [...byKey.values()];
}

/** Labels of every action over the stored definitions (the newest wins), for the 结论 columns. */
export function actionLabels(definitions: WorkflowDefinition[]) {
  const labels = new Map<string, string>();
  for (const definition of [...definitions].sort((a, b) => a.version - b.version)) {
    for (const stage of definition.stages) for (const action of stage.actions) labels.set(`${stage.key}:${action.key}`, action.label);
  }
  return labels;
}

/** Link rows grouped by one side: id → the other side's ids. */
function group(pairs: Array<{ owner: number; target: number }>, key: 'owner' | 'target') {
  const map = new Map<number, number[]>();
  for (const pair of pairs) {
    const list = map.get(pair[key]) ?? [];
    list.push(pair[key === 'owner' ? 'target' : 'owner']);
    map.set(pair[key], list);
  }
  return map;
}

/** The facts of one page of applications, with one query per related table. */
export async function pageFacts(strapi: Core.Strapi, apps: any[], definitions: Map<string, WorkflowDefinition>, labels: Map<string, string>): Promise<RowFacts[]> {
  const ids = apps.map((app) => app.id);
  const query = (uid: string) => strapi.db.query(uid as any);
  const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));

  const [recordLinks, orgLinks, publicityLinks, objectionLinks, disbursementLinks] = await Promise.all([
    linkPairs(strapi, 'api::review-record.review-record', 'application', 'target', ids),
    linkPairs(strapi, APP, 'organization', 'owner', ids),
    linkPairs(strapi, 'api::publicity.publicity', 'applications', 'target', ids),
    linkPairs(strapi, 'api::objection.objection', 'application', 'target', ids),
    linkPairs(strapi, 'api::disbursement.disbursement', 'application', 'target', ids),
  ]);
  const inIds = (links: Array<{ owner: number; target: number }>, side: 'owner' | 'target') => ({ id: { $in: [...new Set(links.map((l) => l[side]))] } });
  const [records, orgs, publicities, objections, disbursements] = await Promise.all([
    // a subquery on the link table rather than a list of ids: a page's records can number thousands
    recordLinks.length ? query('api::review-record.review-record').findMany({ where: linkedTo(strapi, 'api::review-record.review-record', 'application', ids), select: RECORD_FIELDS }) : [],
    orgLinks.length ? query('api::organization.organization').findMany({ where: inIds(orgLinks, 'target'), select: ['id', 'legalForm'] }) : [],
    publicityLinks.length ? query('api::publicity.publicity').findMany({ where: inIds(publicityLinks, 'owner'), select: ['id', 'title', 'kind', 'startsAt', 'endsAt'], orderBy: { id: 'asc' } }) : [],
    objectionLinks.length ? query('api::objection.objection').findMany({ where: inIds(objectionLinks, 'owner'), select: ['id', 'receiptNo', 'reason', 'resolution', 'finding', 'lodgedAt'], orderBy: { id: 'asc' } }) : [],
    disbursementLinks.length
      ? query('api::disbursement.disbursement').findMany({ where: inIds(disbursementLinks, 'owner'), select: ['id', 'kind', 'amountFen', 'voucherNo', 'paidOn', 'decisionRef'], populate: { partyDecision: { select: ['meetingDate', 'minuteNo'] } }, orderBy: { id: 'asc' } })
      : [],
  ]);
  const recordsOf = group(recordLinks, 'target');
  const orgOf = group(orgLinks, 'owner');
  const publicitiesOf = group(publicityLinks, 'target');
  const objectionsOf = group(objectionLinks, 'target');
  const disbursementsOf = group(disbursementLinks, 'target');
  const [recordById, orgById, publicityById, objectionById, disbursementById] = [records, orgs, publicities, objections, disbursements].map((rows: any[]) => byId(rows));

  return apps.map((app) => {
    const definition = definitions.get(app.workflowKey ?? app.programKey);
    const own = (recordsOf.get(app.id) ?? []).map((id) => recordById.get(id)).filter(Boolean).sort((a: any, b: any) => a.seq - b.seq);
    const org: any = orgById.get((orgOf.get(app.id) ?? [])[0]);
    const facts: RowFacts = {
      app,
      legalForm: org?.legalForm ? ((LEGAL_FORM_LABELS as Record<string, string>)[org.legalForm] ?? null) : null,
      decisions: new Map(),
      panels: new Map(),
      publicity: new Map(),
      objections: [],
      meeting: null,
      payment: null,
      clawbackFen: null,
    };
    readRecords(own, definition, labels, facts);
    for (const id of publicitiesOf.get(app.id) ?? []) {
      const batch: any = publicityById.get(id);
      if (batch) facts.publicity.set(batch.kind, { title: batch.title, startsAt: batch.startsAt, endsAt: batch.endsAt }); // ascending ids: the latest batch wins
    }
    for (const id of (objectionsOf.get(app.id) ?? []).sort((a, b) => a - b)) {
      const o: any = objectionById.get(id);
      if (o) facts.objections.push(`${o.receiptNo ?? ''}：${o.reason ?? ''}（${RESOLUTIONS[o.resolution] ?? '待核查'}${o.finding ? `：${o.finding}` : ''}）`);
    }
    for (const id of (disbursementsOf.get(app.id) ?? []).sort((a, b) => a - b)) {
      const d: any = disbursementById.get(id);
      if (!d) continue;
      if (d.kind === 'decision') facts.meeting = { date: d.partyDecision?.meetingDate ?? null, minuteNo: d.partyDecision?.minuteNo ?? d.decisionRef ?? null };
      if (d.kind === 'payment') facts.payment = { amountFen: Number(d.amountFen), voucherNo: d.voucherNo ?? null, paidOn: d.paidOn ?? null };
      if (d.kind === 'clawback') facts.clawbackFen = (facts.clawbackFen ?? 0) + Number(d.amountFen);
    }
    return facts;
  });
}

/**
 * Each stage's last decision (a step that left the stage: returns and re-reviews leave the final
 * one), and each panel's scores of its latest round (since the case last entered the stage).
 */
function readRecords(records: any[], definition: WorkflowDefinition | undefined, labels: Map<string, string>, facts: RowFacts) {
  const rounds = new Map<string, any[]>();
  for (const record of records) {
    if (record.toState === record.fromState) {
      if (record.action === 'score') rounds.set(record.stage, [...(rounds.get(record.stage) ?? []), record]);
      continue;
    }
    rounds.set(record.toState, []);
    facts.decisions.set(record.fromState, {
      action: labels.get(`${record.fromState}:${record.action}`) ?? labels.get(`${record.stage}:${record.action}`) ?? '',
      opinion: record.opinion ?? null,
      by: record.actorName ?? null,
      at: record.occurredAt ?? null,
    });
  }
  for (const stage of definition?.stages ?? []) {
    if (stage.panel) facts.panels.set(stage.key, panelSheet(rounds.get(stage.key) ?? [], stage.panel.rubric));
  }
}
