import awardVectors from '../../../shared/vectors/award.json';
import {
  Actor,
  BUILT_IN_WORKFLOWS,
  CaseSnapshot,
  DATASET_WORKFLOW,
  DATA_PRODUCT_WORKFLOW_V2,
  Decision,
  TransitionRequest,
  WorkflowDefinition,
  WorkflowDefinitionError,
  availableActions,
  decide,
  validateWorkflow,
} from '../../src/domain/workflow';
import type { AwardRule } from '../../src/domain/money';

const RULE: AwardRule = { ratioBp: 3000, capFen: 200_000_000, rounding: 'floor', capScope: 'per_project', ruleVersion: 'v1' };
const USCC = '91420100MA4K12345K';

const actors: Record<string, Actor> = {
  applicant: { kind: 'applicant', id: 'u1', role: 'applicant', organizationId: 'org1' },
  otherApplicant: { kind: 'applicant', id: 'u2', role: 'applicant', organizationId: 'org2' },
  district: { kind: 'staff', id: 's1', role: 'district_reviewer', districtCode: 'donghu_hitech' },
  otherDistrict: { kind: 'staff', id: 's2', role: 'district_reviewer', districtCode: '420102' },
  city: { kind: 'staff', id: 's3', role: 'city_reviewer' },
  institution: { kind: 'staff', id: 's4', role: 'institution', institution: '甲事务所' },
  otherInstitution: { kind: 'staff', id: 's5', role: 'institution', institution: '乙事务所' },
  expert1: { kind: 'staff', id: 'e1', role: 'expert' },
  expert2: { kind: 'staff', id: 'e2', role: 'expert' },
  expert3: { kind: 'staff', id: 'e3', role: 'expert' },
  finance: { kind: 'staff', id: 's6', role: 'finance' },
  system: { kind: 'system', id: 'system', role: 'system' },
  superAdmin: { kind: 'staff', id: 's0', role: null },
};

const freshCase = (): CaseSnapshot => ({
  state: 'draft',
  version: 0,
  districtCode: 'donghu_hitech',
  organizationId: 'org1',
  organizationUscc: USCC,
  assignments: {},
  panelScoredBy: [],
  openObjections: 0,
});

const SCORES = { innovation: 25, application: 30, compliance: 28 };
const PAYMENT = { paidOn: '2026-12-01', voucherNo: '付〔2026〕001号' };

const expectRefusal = (decision: Decision, code: string, status: number) =>
  expect(decision).toMatchObject({ ok: false, refusal: { code, status, message: expect.stringMatching(/\p{Script=Han}/u) } });

/** Applies a decision to the snapshot the way the transition service does. */
function apply(snapshot: CaseSnapshot, decision: Decision): CaseSnapshot {
  if (!decision.ok) throw new Error(`refused: ${decision.refusal.code} ${decision.refusal.message}`);
  const { transition } = decision;
  const effects = transition.effects;
  return {
    ...snapshot,
    state: transition.toState,
    version: snapshot.version + 1,
    returnedFromState: effects.returnedFromState === undefined ? snapshot.returnedFromState : effects.returnedFromState,
    assignments: effects.assignments ?? snapshot.assignments,
    panelScoredBy:
      transition.action.effects?.includes('score')
        ? [...(snapshot.panelScoredBy ?? []), transition.record.actorId]
        : transition.fromState === transition.toState
          ? snapshot.panelScoredBy
          : [],
    awardFen: effects.award ? effects.award.awardFen : snapshot.awardFen,
    // A started 公示 is taken to have run its period by the next step; the tests of the
    // period itself set the phase explicitly.
    publicity: transition.action.key === 'start_publicity' ? 'ended' : transition.fromState === transition.toState ? snapshot.publicity : 'not_started',
  };
}

function run(definition: WorkflowDefinition, steps: Array<[keyof typeof actors, Partial<TransitionRequest> & { action: string }, string?]>, start = freshCase()) {
  let snapshot = start;
  for (const [who, request, expectedState] of steps) {
    const decision = decide(definition, snapshot, actors[who], { version: snapshot.version, ...request }, { awardRule: RULE, budgetRemainingFen: 3_000_000_000 });
    snapshot = apply(snapshot, decision);
    if (expectedState) expect(snapshot.state).toBe(expectedState);
  }
  return snapshot;
}

const opinion = '同意';

describe('the built-in definitions', () => {
  it.each(BUILT_IN_WORKFLOWS.map((d) => [d.key, d]))('%s is valid', (_key, definition) => {
    expect(validateWorkflow(definition)).toBe(definition);
  });
});

describe('the dataset chain (第九条)', () => {
  const toConstruction: Parameters<typeof run>[1] = [
    ['applicant', { action: 'submit' }, 'district_review'],
    ['district', { action: 'recommend', opinion }, 'city_review'],
    ['city', { action: 'confirm', opinion }, 'entity_publicity'],
    ['city', { action: 'start_publicity' }],
    ['system', { action: 'publicity_passed' }, 'construction'],
  ];

  it('runs from draft to disbursed with the right actor at every stage', () => {
    const end = run(DATASET_WORKFLOW, [
      ...toConstruction,
      ['applicant', { action: 'submit_completion', attachments: [{ id: 1, name: '审计报告.pdf' }] }, 'evaluation'],
      ['city', { action: 'assign', assignees: [{ id: 's4', role: 'institution', institution: '甲事务所' }] }, 'evaluation'],
      ['institution', { action: 'recognise', opinion, amountFen: 123_456_789, coiDeclared: true }, 'award_publicity'],
      ['city', { action: 'start_publicity' }],
      ['system', { action: 'publicity_passed' }, 'disbursement_plan'],
      ['finance', { action: 'propose', opinion }, 'party_group_review'],
      ['finance', { action: 'approve', decisionRecord: '市数据局党组会议纪要〔2026〕12号' }, 'payment'],
      ['finance', { action: 'pay', amountFen: 37_037_036, payment: PAYMENT }, 'disbursed'],
    ]);
    expect(end.awardFen).toBe(37_037_036);
    expect(end.version).toBe(13);
  });

  const toEvaluation: Parameters<typeof run>[1] = [
    ...toConstruction,
    ['applicant', { action: 'submit_completion', attachments: [{ id: 1, name: 'a.pdf' }] }],
    ['city', { action: 'assign', assignees: [{ id: 's4', role: 'institution', institution: '甲事务所' }] }],
  ];
  const toPartyGroup: Parameters<typeof run>[1] = [
    ...toEvaluation,
    ['institution', { action: 'recognise', opinion, amountFen: 100, coiDeclared: true }],
    ['city', { action: 'start_publicity' }],
    ['system', { action: 'publicity_passed' }],
    ['finance', { action: 'propose', opinion }],
  ];

  it('computes the award of every shared vector at recognition, with its trace', () => {
    const atEvaluation = run(DATASET_WORKFLOW, toEvaluation);
    for (const vector of awardVectors.cases) {
      const decision = decide(DATASET_WORKFLOW, atEvaluation, actors.institution, { action: 'recognise', version: atEvaluation.version, opinion, amountFen: vector.base_fen, coiDeclared: true }, { awardRule: RULE });
      expect(decision.ok && decision.transition.effects.award).toMatchObject({ baseFen: vector.base_fen, awardFen: vector.award_fen, ratioBp: 3000, capFen: 200_000_000, rounding: 'floor', ruleVersion: 'v1' });
      expect(decision.ok && decision.transition.record.amountFen).toBe(vector.award_fen);
    }
  });

  it('pays the award once, with its date and voucher, and refuses a wrong amount or a missing voucher', () => {
    const payment = run(DATASET_WORKFLOW, [...toPartyGroup, ['finance', { action: 'approve', decisionRecord: '纪要' }, 'payment']]);
    const pay = (request: Partial<TransitionRequest>) => decide(DATASET_WORKFLOW, payment, actors.finance, { action: 'pay', version: payment.version, ...request });
    expectRefusal(pay({ amountFen: 29, payment: PAYMENT }), 'amount_mismatch', 400);
    expectRefusal(pay({ amountFen: 30, payment: { paidOn: '2026-12-01' } }), 'invalid_payment', 400);
    expectRefusal(pay({ amountFen: 30, payment: { paidOn: '2026-02-30', voucherNo: 'x' } }), 'invalid_payment', 400);
    expectRefusal(pay({ amountFen: 30, payment: { paidOn: '2026-13-01', voucherNo: 'x' } }), 'invalid_payment', 400);
    const paid = pay({ amountFen: 30, payment: PAYMENT });
    expect(paid.ok && paid.transition.effects.payment).toEqual({ amountFen: 30, ...PAYMENT });
    expect(paid.ok && paid.transition.record.opinion).toMatch(/^拨付.+元，拨付日期2026-12-01，凭证号付〔2026〕001号$/);
    const disbursed = run(DATASET_WORKFLOW, [['finance', { action: 'pay', amountFen: 30, payment: PAYMENT }, 'disbursed']], payment);
    expectRefusal(decide(DATASET_WORKFLOW, disbursed, actors.finance, { action: 'pay', version: disbursed.version, amountFen: 30, payment: PAYMENT }), 'wrong_stage', 409);
  });

  it('ends in clawed_back after a clawback, and nothing more can happen', () => {
    const disbursed = run(DATASET_WORKFLOW, [...toPartyGroup, ['finance', { action: 'approve', decisionRecord: '纪要' }, 'payment'], ['finance', { action: 'pay', amountFen: 30, payment: PAYMENT }, 'disbursed']]);
    expectRefusal(
      decide(DATASET_WORKFLOW, disbursed, actors.finance, { action: 'clawback', version: disbursed.version, opinion: '骗取资金', amountFen: 31, attachments: [{ id: 9, name: '决定书.pdf' }] }),
      'clawback_exceeds_award',
      400,
    );
    const clawed = run(DATASET_WORKFLOW, [['finance', { action: 'clawback', opinion: '骗取资金', amountFen: 30, attachments: [{ id: 9, name: '决定书.pdf' }] }, 'clawed_back']], disbursed);
    const again = decide(DATASET_WORKFLOW, clawed, actors.finance, { action: 'clawback', version: clawed.version, opinion, amountFen: 1 });
    expect(again).toMatchObject({ ok: false, refusal: { code: 'terminal_state', status: 409 } });
  });

  it('sends the party group decision back to the plan when revised', () => {
    const planned = run(DATASET_WORKFLOW, toPartyGroup);
    run(DATASET_WORKFLOW, [['finance', { action: 'revise', opinion: '金额有误' }, 'disbursement_plan']], planned);
  });
});

describe('the data product chain (第十条), version 2 as pinned applications run it', () => {
  const toPanel: Parameters<typeof run>[1] = [
    ['applicant', { action: 'submit' }, 'district_review'],
    ['district', { action: 'recommend', opinion }, 'third_party_review'],
    ['city', { action: 'assign', assignees: [{ id: 's4', role: 'institution', institution: '甲事务所' }] }, 'third_party_review'],
    ['institution', { action: 'pass', opinion, coiDeclared: true }, 'expert_review'],
    ['city', { action: 'assign', assignees: ['e1', 'e2', 'e3'].map((id) => ({ id, role: 'expert' as const })) }, 'expert_review'],
  ];

  it('runs from draft to disbursed through the expert panel', () => {
    const end = run(DATA_PRODUCT_WORKFLOW_V2, [
      ...toPanel,
      ['expert1', { action: 'score', scores: SCORES, coiDeclared: true }, 'expert_review'],
      ['expert2', { action: 'score', scores: SCORES, coiDeclared: true }, 'expert_review'],
      ['expert3', { action: 'score', scores: SCORES, coiDeclared: true }, 'expert_review'],
      ['city', { action: 'recognise', opinion, amountFen: 1_000_000_000 }, 'award_publicity'],
      ['city', { action: 'start_publicity' }],
      ['system', { action: 'publicity_passed' }, 'disbursement_plan'],
      ['finance', { action: 'propose', opinion }, 'party_group_review'],
      ['finance', { action: 'approve', decisionRecord: '纪要' }, 'payment'],
      ['finance', { action: 'pay', amountFen: 200_000_000, payment: PAYMENT }, 'disbursed'],
    ]);
    expect(end.awardFen).toBe(200_000_000);
  });

  it('will not finalise the panel before the required number of experts scored', () => {
    const twoScores = run(DATA_PRODUCT_WORKFLOW_V2, [
      ...toPanel,
      ['expert1', { action: 'score', scores: SCORES, coiDeclared: true }],
      ['expert2', { action: 'score', scores: SCORES, coiDeclared: true }],
    ]);
    expect(decide(DATA_PRODUCT_WORKFLOW_V2, twoScores, actors.city, { action: 'recognise', version: twoScores.version, opinion, amountFen: 100 }, { awardRule: RULE })).toMatchObject({
      ok: false,
      refusal: { code: 'panel_incomplete', status: 409 },
    });
    expect(decide(DATA_PRODUCT_WORKFLOW_V2, twoScores, actors.expert1, { action: 'score', version: twoScores.version, scores: SCORES, coiDeclared: true })).toMatchObject({
      ok: false,
      refusal: { code: 'already_scored' },
    });
    expect(availableActions(DATA_PRODUCT_WORKFLOW_V2, twoScores, actors.expert1)).toEqual([]);
    expect(availableActions(DATA_PRODUCT_WORKFLOW_V2, twoScores, actors.expert3).map((a) => a.key)).toEqual(['score']);
  });

  it.each([
    [{ innovation: 25, application: 30 }, 'scores.compliance'],
    [{ ...SCORES, innovation: 31 }, 'scores.innovation'],
    [{ ...SCORES, application: 1.5 }, 'scores.application'],
    [{ ...SCORES, bonus: 5 }, 'scores.bonus'],
  ])('refuses the scores %p', (scores, field) => {
    const panel = run(DATA_PRODUCT_WORKFLOW_V2, toPanel);
    expect(decide(DATA_PRODUCT_WORKFLOW_V2, panel, actors.expert1, { action: 'score', version: panel.version, scores, coiDeclared: true })).toMatchObject({
      ok: false,
      refusal: { code: 'invalid_scores', status: 400, field },
    });
  });
});

describe('return for correction (退回补正)', () => {
  it.each([
    ['district_review', [['applicant', { action: 'submit' }]]],
    ['city_review', [['applicant', { action: 'submit' }], ['district', { action: 'recommend', opinion }]]],
  ] as const)('sends the resubmission back to %s, the stage that returned it', (stage, steps) => {
    const atStage = run(DATASET_WORKFLOW, steps as any);
    const reviewer = stage === 'district_review' ? 'district' : 'city';
    const returned = run(DATASET_WORKFLOW, [[reviewer, { action: 'return', opinion: '材料不全', flaggedFields: ['licence'] }, 'returned']], atStage);
    expect(returned.returnedFromState).toBe(stage);
    const back = run(DATASET_WORKFLOW, [['applicant', { action: 'resubmit' }, stage]], returned);
    expect(back.returnedFromState).toBeNull();
  });

  it('records the flagged fields and requires them', () => {
    const atDistrict = run(DATASET_WORKFLOW, [['applicant', { action: 'submit' }]]);
    const decision = decide(DATASET_WORKFLOW, atDistrict, actors.district, { action: 'return', version: 1, opinion: '补充纳税证明', flaggedFields: ['taxCertificate'] });
    expect(decision.ok && decision.transition.record.flaggedFields).toEqual(['taxCertificate']);
    expect(decision.ok && decision.transition.effects.returnFlaggedFields).toEqual(['taxCertificate']);
    for (const flaggedFields of [undefined, [], [''], 'licence']) {
      expect(decide(DATASET_WORKFLOW, atDistrict, actors.district, { action: 'return', version: 1, opinion: '补充', flaggedFields: flaggedFields as any })).toMatchObject({
        ok: false,
        refusal: { code: 'missing_flagged_fields', status: 400, field: 'flaggedFields' },
      });
    }
  });
});

describe('refusals', () => {
  const atDistrict = () => run(DATASET_WORKFLOW, [['applicant', { action: 'submit' }]]);
  it('refuses skipping a stage', () => {
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.city, { action: 'confirm', version: 1, opinion }), 'wrong_stage', 409);
  });

  it('refuses an unknown action', () => {
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.district, { action: 'approve_everything', version: 1 }), 'unknown_action', 400);
  });

  it('refuses the wrong role', () => {
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.city, { action: 'recommend', version: 1, opinion }), 'wrong_role', 403);
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.finance, { action: 'recommend', version: 1, opinion }), 'wrong_role', 403);
  });

  it('refuses staff without a workflow role, such as a bare super admin', () => {
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.superAdmin, { action: 'recommend', version: 1, opinion }), 'no_workflow_role', 403);
  });

  it('hides another district\'s application from a district reviewer', () => {
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.otherDistrict, { action: 'recommend', version: 1, opinion }), 'not_visible', 404);
  });

  it('hides another organisation\'s application from an applicant', () => {
    expectRefusal(decide(DATASET_WORKFLOW, freshCase(), actors.otherApplicant, { action: 'submit', version: 0 }), 'not_visible', 404);
    expectRefusal(decide(DATASET_WORKFLOW, freshCase(), actors.otherApplicant, { action: 'withdraw', version: 0 }), 'not_visible', 404);
  });

  it('refuses an institution that is not assigned, and experts that are not on the panel', () => {
    const third = run(DATA_PRODUCT_WORKFLOW_V2, [
      ['applicant', { action: 'submit' }],
      ['district', { action: 'recommend', opinion }],
      ['city', { action: 'assign', assignees: [{ id: 's4', role: 'institution', institution: '甲事务所' }] }],
    ]);
    expectRefusal(decide(DATA_PRODUCT_WORKFLOW_V2, third, actors.otherInstitution, { action: 'pass', version: third.version, opinion, coiDeclared: true }), 'not_visible', 404);
    const panel = run(DATA_PRODUCT_WORKFLOW_V2, [
      ['institution', { action: 'pass', opinion, coiDeclared: true }],
      ['city', { action: 'assign', assignees: [{ id: 'e1', role: 'expert' }] }],
    ], third);
    expectRefusal(decide(DATA_PRODUCT_WORKFLOW_V2, panel, actors.expert2, { action: 'score', version: panel.version, scores: SCORES, coiDeclared: true }), 'not_visible', 404);
  });

  it('refuses a reviewer related to the applicant, and assigning one', () => {
    const related = { ...actors.district, relatedUsccs: [USCC] };
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), related, { action: 'recommend', version: 1, opinion }), 'conflict_of_interest', 403);
    expect(availableActions(DATASET_WORKFLOW, atDistrict(), related)).toEqual([]);
    const panel = run(DATA_PRODUCT_WORKFLOW_V2, [
      ['applicant', { action: 'submit' }],
      ['district', { action: 'recommend', opinion }],
      ['city', { action: 'assign', assignees: [{ id: 's4', role: 'institution', institution: '甲事务所' }] }],
      ['institution', { action: 'pass', opinion, coiDeclared: true }],
    ]);
    expectRefusal(
      decide(DATA_PRODUCT_WORKFLOW_V2, panel, actors.city, { action: 'assign', version: panel.version, assignees: [{ id: 'e9', name: '王专家', role: 'expert', relatedUsccs: [USCC] }] }),
      'assignee_conflict',
      409,
    );
    expectRefusal(decide(DATA_PRODUCT_WORKFLOW_V2, panel, actors.city, { action: 'assign', version: panel.version, assignees: [{ id: 's4', role: 'institution' }] }), 'invalid_assignees', 400);
    expectRefusal(decide(DATA_PRODUCT_WORKFLOW_V2, panel, actors.city, { action: 'assign', version: panel.version, assignees: [] }), 'invalid_assignees', 400);
  });

  it('requires the conflict-of-interest declaration from institutions and experts', () => {
    const third = run(DATA_PRODUCT_WORKFLOW_V2, [
      ['applicant', { action: 'submit' }],
      ['district', { action: 'recommend', opinion }],
      ['city', { action: 'assign', assignees: [{ id: 's4', role: 'institution', institution: '甲事务所' }] }],
    ]);
    expectRefusal(decide(DATA_PRODUCT_WORKFLOW_V2, third, actors.institution, { action: 'pass', version: third.version, opinion }), 'coi_not_declared', 400);
  });

  it('requires an opinion, an amount, attachments and a decision record where the stage says so', () => {
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.district, { action: 'recommend', version: 1, opinion: '   ' }), 'missing_opinion', 400);
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.district, { action: 'reject', version: 1 }), 'missing_opinion', 400);
    const construction = run(DATASET_WORKFLOW, [
      ['district', { action: 'recommend', opinion }],
      ['city', { action: 'confirm', opinion }],
      ['city', { action: 'start_publicity' }],
      ['system', { action: 'publicity_passed' }],
    ], atDistrict());
    expectRefusal(decide(DATASET_WORKFLOW, construction, actors.applicant, { action: 'submit_completion', version: construction.version }), 'missing_attachments', 400);
    const evaluation = run(DATASET_WORKFLOW, [
      ['applicant', { action: 'submit_completion', attachments: [{ id: 1, name: 'a.pdf' }] }],
      ['city', { action: 'assign', assignees: [{ id: 's4', role: 'institution', institution: '甲事务所' }] }],
    ], construction);
    const recognise = (amountFen: unknown) =>
      decide(DATASET_WORKFLOW, evaluation, actors.institution, { action: 'recognise', version: evaluation.version, opinion, coiDeclared: true, amountFen: amountFen as any }, { awardRule: RULE });
    expectRefusal(recognise(undefined), 'missing_amount', 400);
    expectRefusal(recognise(-5), 'invalid_amount', 400);
    expectRefusal(recognise(12.5), 'invalid_amount', 400);
    expectRefusal(recognise('一百万'), 'invalid_amount', 400);
    expectRefusal(
      decide(DATASET_WORKFLOW, evaluation, actors.institution, { action: 'recognise', version: evaluation.version, opinion, coiDeclared: true, amountFen: 100 }),
      'no_award_rule',
      409,
    );
    const party = run(DATASET_WORKFLOW, [
      ['institution', { action: 'recognise', opinion, amountFen: 100, coiDeclared: true }],
      ['city', { action: 'start_publicity' }],
      ['system', { action: 'publicity_passed' }],
      ['finance', { action: 'propose', opinion }],
    ], evaluation);
    expectRefusal(decide(DATASET_WORKFLOW, party, actors.finance, { action: 'approve', version: party.version }), 'missing_decision_record', 400);
  });

  it('refuses a stale version', () => {
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.district, { action: 'recommend', version: 0, opinion }), 'stale_version', 409);
  });

  it('holds an application with an open objection at the end of its 公示', () => {
    const publicity = run(DATASET_WORKFLOW, [
      ['district', { action: 'recommend', opinion }],
      ['city', { action: 'confirm', opinion }],
    ], atDistrict());
    const ended: CaseSnapshot = { ...publicity, publicity: 'ended', openObjections: 1 };
    expectRefusal(decide(DATASET_WORKFLOW, ended, actors.system, { action: 'publicity_passed', version: publicity.version }), 'on_hold', 409);
    run(DATASET_WORKFLOW, [['city', { action: 'reject', opinion: '异议成立' }, 'rejected']], ended);
  });

  it('advances a 公示 only once it was started and its period has ended, and starts it only once', () => {
    const atPublicity = run(DATASET_WORKFLOW, [
      ['district', { action: 'recommend', opinion }],
      ['city', { action: 'confirm', opinion }, 'entity_publicity'],
    ], atDistrict());
    const passed = (snapshot: CaseSnapshot) => decide(DATASET_WORKFLOW, snapshot, actors.system, { action: 'publicity_passed', version: snapshot.version });
    const start = (snapshot: CaseSnapshot, actor = actors.city) => decide(DATASET_WORKFLOW, snapshot, actor, { action: 'start_publicity', version: snapshot.version });
    expect(atPublicity.publicity).toBe('not_started');
    expectRefusal(passed(atPublicity), 'publicity_running', 409);
    expectRefusal(passed({ ...atPublicity, publicity: 'running' }), 'publicity_running', 409);
    expectRefusal(start({ ...atPublicity, publicity: 'running' }), 'publicity_started', 409);
    expectRefusal(start({ ...atPublicity, publicity: 'ended' }), 'publicity_started', 409);
    expectRefusal(start(atPublicity, actors.district), 'wrong_role', 403);
    const started = start(atPublicity);
    expect(started.ok && [started.transition.toState, started.transition.record.action]).toEqual(['entity_publicity', 'start_publicity']);
    const next = passed({ ...atPublicity, publicity: 'ended' });
    expect(next.ok && next.transition.toState).toBe('construction');
  });

  it('refuses publicity requirements outside a publicity stage', () => {
    const broken: WorkflowDefinition = {
      ...DATASET_WORKFLOW,
      stages: DATASET_WORKFLOW.stages.map((stage) =>
        stage.key === 'city_review' ? { ...stage, actions: stage.actions.map((a) => (a.key === 'confirm' ? { ...a, requires: { ...a.requires, publicityEnded: true } } : a)) } : stage,
      ),
    };
    expect(() => validateWorkflow(broken)).toThrow(WorkflowDefinitionError);
  });

  it('refuses a disbursement plan beyond the remaining annual budget', () => {
    const plan: CaseSnapshot = { ...freshCase(), state: 'disbursement_plan', version: 9, awardFen: 200_000_000 };
    expectRefusal(decide(DATASET_WORKFLOW, plan, actors.finance, { action: 'propose', version: 9, opinion }, { budgetRemainingFen: 199_999_999 }), 'budget_exceeded', 409);
    const ok = decide(DATASET_WORKFLOW, plan, actors.finance, { action: 'propose', version: 9, opinion }, { budgetRemainingFen: 200_000_000 });
    expect(ok.ok && ok.transition.effects.plannedDisbursementFen).toBe(200_000_000);
  });

  it('refuses every action on a terminal state', () => {
    for (const state of ['rejected', 'withdrawn', 'clawed_back']) {
      const snapshot = { ...freshCase(), state, version: 3 };
      for (const actor of ['applicant', 'district', 'city', 'finance'] as const) {
        const decision = decide(DATASET_WORKFLOW, snapshot, actors[actor], { action: 'submit', version: 3 });
        expect(decision).toMatchObject({ ok: false, refusal: { status: expect.any(Number) } });
      }
      expectRefusal(decide(DATASET_WORKFLOW, snapshot, actors.applicant, { action: 'resubmit', version: 3 }), 'terminal_state', 409);
    }
  });

  it('lets an applicant withdraw before submission only', () => {
    run(DATASET_WORKFLOW, [['applicant', { action: 'withdraw' }, 'withdrawn']]);
    expectRefusal(decide(DATASET_WORKFLOW, atDistrict(), actors.applicant, { action: 'withdraw', version: 1 }), 'wrong_stage', 409);
  });

  it('pins the versions on submit', () => {
    const decision = decide(DATASET_WORKFLOW, freshCase(), actors.applicant, { action: 'submit', version: 0 });
    expect(decision.ok && decision.transition.effects.pinVersions).toBe(true);
  });
});

describe('definition validation', () => {
  const clone = (): WorkflowDefinition => JSON.parse(JSON.stringify(DATASET_WORKFLOW));
  const problemsOf = (definition: unknown) => {
    try {
      validateWorkflow(definition);
    } catch (error) {
      expect(error).toBeInstanceOf(WorkflowDefinitionError);
      return (error as WorkflowDefinitionError).problems.map((p) => p.message).join('\n');
    }
    throw new Error('expected the definition to be refused');
  };

  it('refuses an action that leads to an unknown stage', () => {
    const definition = clone();
    definition.stages.find((s) => s.key === 'city_review')!.actions[0].to = 'nowhere';
    expect(problemsOf(definition)).toContain('目标环节「nowhere」不存在');
  });

  it('refuses an unknown role', () => {
    const definition = clone();
    (definition.stages[2].actions[0] as any).role = 'mayor';
    expect(problemsOf(definition)).toContain('未知的角色「mayor」');
  });

  it('refuses a stage that cannot be reached', () => {
    const definition = clone();
    definition.stages.push({ key: 'orphan', label: '孤立环节', kind: 'review', actions: [{ key: 'reject', label: '驳回', role: 'city_reviewer', to: 'rejected' }] });
    expect(problemsOf(definition)).toContain('环节「orphan」从起始环节无法到达');
  });

  it('refuses a stage with no way to an end', () => {
    const definition = clone();
    const city = definition.stages.find((s) => s.key === 'city_review')!;
    city.actions = [{ key: 'loop', label: '原地', role: 'city_reviewer', to: 'city_review' }];
    expect(problemsOf(definition)).toContain('环节「city_review」无法到达任何终止环节');
  });

  it('refuses duplicate stages and actions, a missing start and a terminal stage with actions', () => {
    const definition = clone();
    definition.stages.push({ ...definition.stages[2] });
    definition.stages[3].actions.push({ ...definition.stages[3].actions[0] });
    definition.initial = 'start';
    definition.stages.find((s) => s.key === 'rejected')!.actions = [{ key: 'revive', label: '复活', role: 'city_reviewer', to: 'draft' }];
    const problems = problemsOf(definition);
    expect(problems).toContain('环节「district_review」重复');
    expect(problems).toContain('在环节「city_review」中重复');
    expect(problems).toContain('起始环节「start」不存在');
    expect(problems).toContain('终止环节不能再有操作');
  });

  it('refuses scoring outside a panel stage, and bad keys', () => {
    const definition = clone();
    definition.stages[2].actions[0].requires = { scores: true };
    definition.key = 'Bad Key';
    const problems = problemsOf(definition);
    expect(problems).toContain('评分只能在设有评审组的环节进行');
    expect(problems).toContain('必须由小写字母、数字和下划线组成');
  });

  it.each([null, 'text', { key: 'x', version: 1, name: 'x', initial: 'a', stages: [] }])('refuses %p', (definition) => {
    expect(() => validateWorkflow(definition)).toThrow(WorkflowDefinitionError);
  });
});
