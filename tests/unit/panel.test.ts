import { createHash } from 'crypto';
import fc from 'fast-check';
import { EXPERT_FIELDS, panelResult, weightedTotal } from '../../src/domain/panel';
import { PoolExpert, drawFrom, eligibleExperts, ticketOf } from '../../src/domain/panel-draw';
import { Actor, CaseSnapshot, DATA_PRODUCT_WORKFLOW, Decision, TransitionRequest, availableActions, decide } from '../../src/domain/workflow';
import type { AwardRule } from '../../src/domain/money';

const USCC = '91420100MA4K12345K';
const RULE: AwardRule = { ratioBp: 3000, capFen: 200_000_000, rounding: 'floor', capScope: 'per_project', ruleVersion: 'v1' };
const RUBRIC = DATA_PRODUCT_WORKFLOW.stages.find((s) => s.key === 'expert_review')!.panel!.rubric;

const expert = (id: string, over: Partial<PoolExpert> = {}): PoolExpert => ({ id, name: `专家${id}`, field: 'data_products', employerUscc: null, relatedUsccs: [], ...over });

describe('the draw (src/domain/panel-draw.ts)', () => {
  const pool = ['1', '2', '3', '4', '5', '6'].map((id) => expert(id));

  it('is reproducible from the recorded pool and seed, and the seed matters', () => {
    const { eligible } = eligibleExperts(pool, { field: 'data_products', applicantUscc: USCC, declaredConflict: [], alreadyDrawn: [] });
    expect(drawFrom(eligible, 'seed-a', 3)).toEqual(drawFrom([...eligible].reverse(), 'seed-a', 3));
    const seeds = Array.from({ length: 20 }, (_, i) => drawFrom(eligible, `s${i}`, 3).join(','));
    expect(new Set(seeds).size).toBeGreaterThan(1);
    // the tickets are plain SHA-256 of `seed:id`: anyone can recompute them
    expect(ticketOf('abc', '7')).toBe(createHash('sha256').update('abc:7').digest('hex'));
  });

  it('never draws an expert related to the applicant, of its staff, who declared a conflict, or already drawn; and draws only the field', () => {
    const arbitraryExpert = fc.record({
      id: fc.integer({ min: 1, max: 60 }).map(String),
      name: fc.constant(null),
      field: fc.constantFrom(...EXPERT_FIELDS),
      employerUscc: fc.constantFrom(null, USCC, '91420100MA4K00000X'),
      relatedUsccs: fc.subarray([USCC, '91420100MA4K00000X']),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(arbitraryExpert, { selector: (e) => e.id, maxLength: 30 }),
        fc.constantFrom(...EXPERT_FIELDS),
        fc.array(fc.integer({ min: 1, max: 60 }).map(String), { maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 60 }).map(String), { maxLength: 5 }),
        fc.string({ minLength: 1, maxLength: 32 }),
        fc.integer({ min: 1, max: 8 }),
        (pool, field, declaredConflict, alreadyDrawn, seed, size) => {
          const { eligible, excluded } = eligibleExperts(pool, { field, applicantUscc: USCC, declaredConflict, alreadyDrawn });
          const drawn = drawFrom(eligible, seed, size);
          expect(drawn.length).toBe(Math.min(size, eligible.length));
          expect(new Set(drawn).size).toBe(drawn.length);
          for (const id of drawn) {
            const e = pool.find((x) => x.id === id)!;
            expect(e.field).toBe(field);
            expect(e.employerUscc).not.toBe(USCC);
            expect(e.relatedUsccs).not.toContain(USCC);
            expect(declaredConflict).not.toContain(id);
            expect(alreadyDrawn).not.toContain(id);
          }
          // every expert of the pool is either eligible or excluded with a reason, never both
          expect(eligible.length + excluded.length).toBe(pool.length);
          // the result is reproducible from what the record keeps: the eligible ids and the seed
          expect(drawFrom(eligible, seed, size)).toEqual(drawn);
        },
      ),
    );
  });
});

describe('the panel figures (src/domain/panel.ts)', () => {
  it('weights each item and gives the total, the average and the spread (max − min)', () => {
    expect(RUBRIC.map((item) => item.weight)).toEqual([30, 40, 30]);
    expect(weightedTotal(RUBRIC, { innovation: 80, application: 90, compliance: 70 })).toBe(81);
    expect(weightedTotal(RUBRIC, { innovation: 81, application: 77, compliance: 93 })).toBe(83.0);
    const result = panelResult(RUBRIC, [
      { expertId: 'a', scores: { innovation: 80, application: 90, compliance: 70 } },
      { expertId: 'b', scores: { innovation: 60, application: 70, compliance: 65 } },
      { expertId: 'c', scores: { innovation: 91, application: 88, compliance: 77 } },
    ]);
    expect(result.totals.map((t) => t.total)).toEqual([81, 65.5, 85.6]);
    expect(result).toMatchObject({ average: 77.37, spread: 20.1, highest: 85.6, lowest: 65.5 });
    expect(panelResult(RUBRIC, [])).toMatchObject({ average: null, spread: null });
  });
});

describe('the panel stage of the data product chain, version 3', () => {
  const pool: PoolExpert[] = [
    expert('11'),
    expert('12'),
    expert('13'),
    expert('14'),
    expert('15', { field: 'data_security' }),
    expert('16', { employerUscc: USCC }),
    expert('17', { relatedUsccs: [USCC] }),
  ];
  const city: Actor = { kind: 'staff', id: 'c1', role: 'city_reviewer' };
  const asExpert = (id: string): Actor => ({ kind: 'staff', id, name: `专家${id}`, role: 'expert' });
  const atPanel: CaseSnapshot = {
    state: 'expert_review',
    version: 5,
    districtCode: 'donghu_hitech',
    organizationId: 'org1',
    organizationUscc: USCC,
    assignments: { institution: '甲事务所' },
    panelScoredBy: [],
    panel: { field: null, drawn: [], declared: {} },
  };
  const context = { expertPool: pool, drawSeed: 'fixed-seed', awardRule: RULE };
  const ask = (snapshot: CaseSnapshot, actor: Actor, request: Partial<TransitionRequest>, seed = 'fixed-seed'): Decision =>
    decide(DATA_PRODUCT_WORKFLOW, snapshot, actor, { action: '', version: snapshot.version, ...request } as TransitionRequest, { ...context, drawSeed: seed });

  /** As the transition service rebuilds the snapshot from the records. */
  function apply(snapshot: CaseSnapshot, decision: Decision): CaseSnapshot {
    if (!decision.ok) throw new Error(`${decision.refusal.code}: ${decision.refusal.message}`);
    const { transition } = decision;
    const panel = { ...snapshot.panel!, drawn: [...snapshot.panel!.drawn], declared: { ...snapshot.panel!.declared } };
    for (const subject of [transition.subject, transition.followUp?.subject]) {
      if (subject?.kind === 'panel_draw') panel.field = subject.field as any;
      if (subject?.kind === 'panel_draw' || subject?.kind === 'panel_replacement') panel.drawn.push(...(subject.drawn as string[]));
      if (subject?.kind === 'interest_declaration') panel.declared[transition.record.actorId] = subject.hasConflict === true;
    }
    return {
      ...snapshot,
      state: transition.toState,
      version: snapshot.version + 1,
      assignments: transition.effects.assignments ?? snapshot.assignments,
      panelScoredBy: transition.action.key === 'score' ? [...snapshot.panelScoredBy!, transition.record.actorId] : snapshot.panelScoredBy,
      panel,
    };
  }

  it('draws by field, leaves out related and same-organisation experts, and records pool, seed and result', () => {
    const decision = ask(atPanel, city, { action: 'assign', field: 'data_products', panelSize: 3 });
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    const subject = decision.transition.subject as any;
    expect(subject).toMatchObject({ kind: 'panel_draw', field: 'data_products', panelSize: 3, seed: 'fixed-seed', pool: ['11', '12', '13', '14'] });
    expect(subject.excluded).toEqual([
      { id: '15', reason: 'other_field' },
      { id: '16', reason: 'same_organisation' },
      { id: '17', reason: 'related' },
    ]);
    expect(subject.drawn).toEqual(drawFrom(subject.pool, subject.seed, 3));
    expect(decision.transition.effects.assignments!.experts).toEqual(subject.drawn);
    expect(decision.transition.record.stage).toBe('expert_review');
  });

  it('refuses too small a pool, a missing field and a bad size, naming each', () => {
    expect(ask(atPanel, city, { action: 'assign', field: 'data_products', panelSize: 5 })).toMatchObject({
      ok: false,
      refusal: { code: 'pool_too_small', status: 409, field: 'panelSize', message: expect.stringContaining('数据产品与应用') },
    });
    expect(ask(atPanel, city, { action: 'assign', field: 'astrology', panelSize: 3 })).toMatchObject({ ok: false, refusal: { code: 'invalid_field', status: 400, field: 'field', message: '请选择专业领域' } });
    for (const panelSize of [0, 2.5, '3', null, 99]) {
      expect(ask(atPanel, city, { action: 'assign', field: 'data_products', panelSize: panelSize as any })).toMatchObject({ ok: false, refusal: { code: 'invalid_panel_size', status: 400 } });
    }
  });

  it('recuses an expert who declares a conflict and draws a replacement from the rest of the pool', () => {
    const drawn = apply(atPanel, ask(atPanel, city, { action: 'assign', field: 'data_products', panelSize: 3 }));
    const [first, second, third] = drawn.assignments!.experts!;
    const spare = ['11', '12', '13', '14'].find((id) => !drawn.assignments!.experts!.includes(id))!;
    // before declaring, an expert can only declare
    expect(availableActions(DATA_PRODUCT_WORKFLOW, drawn, asExpert(first)).map((a) => a.key)).toEqual(['declare']);
    expect(ask(drawn, asExpert(first), { action: 'score', scores: { innovation: 80, application: 80, compliance: 80 }, opinion: '好' })).toMatchObject({ ok: false, refusal: { code: 'coi_not_declared', status: 409 } });
    expect(ask(drawn, asExpert(first), { action: 'declare' })).toMatchObject({ ok: false, refusal: { code: 'missing_declaration', status: 400, field: 'hasConflict' } });
    expect(ask(drawn, asExpert(first), { action: 'declare', hasConflict: true })).toMatchObject({ ok: false, refusal: { code: 'missing_opinion', status: 400 } });

    const declaring = ask(drawn, asExpert(first), { action: 'declare', hasConflict: true, opinion: '曾为申报单位提供咨询服务' }, 'second-seed');
    expect(declaring.ok && declaring.transition.followUp).toMatchObject({
      action: 'panel_replacement',
      subject: { kind: 'panel_replacement', recused: first, field: 'data_products', seed: 'second-seed', pool: [spare], drawn: [spare] },
      record: { actorType: 'system', action: 'panel_replacement', opinion: expect.stringContaining('回避') },
    });
    const replaced = apply(drawn, declaring);
    expect(replaced.assignments!.experts).toEqual([second, third, spare]);
    // the recused expert no longer sees the case; the pool is now empty for another replacement
    expect(ask(replaced, asExpert(first), { action: 'declare', hasConflict: false })).toMatchObject({ ok: false, refusal: { code: 'not_visible', status: 404 } });
    expect(ask(replaced, city, { action: 'assign', field: 'data_products', panelSize: 1 })).toMatchObject({ ok: false, refusal: { code: 'pool_too_small' } });

    // the others declare no conflict, then score with an opinion
    let state = replaced;
    for (const id of [second, third, spare]) {
      state = apply(state, ask(state, asExpert(id), { action: 'declare', hasConflict: false }));
      expect(ask(state, asExpert(id), { action: 'declare', hasConflict: false })).toMatchObject({ ok: false, refusal: { code: 'already_declared', status: 409 } });
      expect(ask(state, asExpert(id), { action: 'score', scores: { innovation: 80, application: 80, compliance: 80 }, opinion: '  ' })).toMatchObject({
        ok: false,
        refusal: { code: 'missing_opinion', status: 400, field: 'opinion', message: '请填写评审意见' },
      });
      expect(ask(state, city, { action: 'recognise', opinion: '同意', amountFen: 100_000 })).toMatchObject({ ok: false, refusal: { code: 'panel_incomplete' } });
      const scoring = ask(state, asExpert(id), { action: 'score', scores: { innovation: 80, application: 90, compliance: 70 }, opinion: '技术路线清晰' });
      expect(scoring.ok && scoring.transition.record).toMatchObject({ coiDeclared: true, opinion: '技术路线清晰' });
      state = apply(state, scoring);
    }
    expect(ask(state, city, { action: 'recognise', opinion: '同意', amountFen: 100_000 })).toMatchObject({ ok: true, transition: { toState: 'award_publicity' } });
  });

  it('counts only the scores of experts still on the panel', () => {
    const snapshot: CaseSnapshot = { ...atPanel, assignments: { experts: ['11', '12'] }, panelScoredBy: ['11', '12', '13'] };
    expect(ask(snapshot, city, { action: 'recognise', opinion: '同意', amountFen: 100_000 })).toMatchObject({ ok: false, refusal: { code: 'panel_incomplete', message: expect.stringContaining('已有2位') } });
  });
});
