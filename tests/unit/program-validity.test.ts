import { OUTSIDE_VALIDITY, spendsProgramMoney, stepValidityProblem, validityChanges, validityPhase, validityProblem, validityText } from '../../src/domain/program-validity';
import { BUILT_IN_WORKFLOWS } from '../../src/domain/workflow/definitions';

const VALIDITY = { effectiveOn: '2026-01-01', endsOn: '2026-12-31' };
const at = (iso: string) => new Date(iso);

describe('第十四条: in force from the first Shanghai day to the last', () => {
  // Shanghai is UTC+8: its day begins at 16:00 UTC the day before.
  it.each([
    ['the day before, 23:59:59.999 in Shanghai', '2025-12-31T15:59:59.999Z', 'not_yet_effective'],
    ['the day before by UTC, already the first day in Shanghai', '2025-12-31T20:00:00Z', 'in_force'],
    ['the first day, 00:00 in Shanghai', '2025-12-31T16:00:00.000Z', 'in_force'],
    ['the first day at UTC midnight (08:00 in Shanghai)', '2026-01-01T00:00:00Z', 'in_force'],
    ['the last day, 00:00 in Shanghai', '2026-12-30T16:00:00Z', 'in_force'],
    ['the last day, 23:59:59.999 in Shanghai', '2026-12-31T15:59:59.999Z', 'in_force'],
    ['the day after, 00:00 in Shanghai (still the last day by UTC)', '2026-12-31T16:00:00Z', 'expired'],
    ['the day after at UTC midnight', '2027-01-01T00:00:00Z', 'expired'],
  ])('%s → %s', (_what, instant, phase) => {
    expect(validityPhase(VALIDITY, at(instant))).toBe(phase);
    expect(validityProblem(VALIDITY, at(instant), OUTSIDE_VALIDITY.submit) === null).toBe(phase === 'in_force');
  });

  it('says why, in Chinese, naming the date and the act refused', () => {
    expect(validityProblem(VALIDITY, at('2027-01-01T00:00:00Z'), OUTSIDE_VALIDITY.submit)).toEqual({
      code: 'program_expired',
      status: 409,
      field: 'program.endsOn',
      message: '该资金项目有效期至2026年12月31日，已失效，不能提交申报',
    });
    expect(validityProblem(VALIDITY, at('2025-12-31T15:59:59Z'), OUTSIDE_VALIDITY.apply)).toEqual({
      code: 'program_not_effective',
      status: 409,
      field: 'program.effectiveOn',
      message: '该资金项目自2026年1月1日起施行，尚未施行，不受理申报',
    });
  });

  it('is never in force without an effective date, and has no end without an end date', () => {
    expect(validityProblem({ endsOn: '2099-12-31' }, at('2026-06-01T00:00:00Z'), OUTSIDE_VALIDITY.submit)?.message).toBe('该资金项目尚未确定施行日期，不能提交申报');
    expect(validityPhase({ effectiveOn: '2026-01-01', endsOn: null }, at('2099-12-31T00:00:00Z'))).toBe('in_force');
  });

  it('changes at the start of the first day and of the day after the last', () => {
    expect(validityChanges(VALIDITY)).toEqual([at('2025-12-31T16:00:00Z'), at('2026-12-31T16:00:00Z')]);
    expect(validityChanges({ effectiveOn: null })).toEqual([]);
  });

  it('states the validity, and the parent policy while the end is not known', () => {
    expect(validityText(VALIDITY)).toBe('2026年1月1日起施行，有效期至2026年12月31日');
    expect(validityText({ effectiveOn: '2025-03-18', effectiveOnNote: '演示数据', endsOnNote: '跟随《武汉市促进人工智能产业发展若干政策措施》' })).toBe(
      '2025年3月18日起施行（演示数据），失效时间跟随《武汉市促进人工智能产业发展若干政策措施》',
    );
    expect(validityText({})).toBe('施行日期未定，失效时间未定');
  });
});

describe('the steps of a chain outside the validity', () => {
  const steps = BUILT_IN_WORKFLOWS.flatMap((definition) => definition.stages.flatMap((stage) => stage.actions.map((action) => ({ definition: definition.key, stage: stage.key, action }))));

  it('stops exactly the steps that spend the programme\'s money: plan, approval, payment', () => {
    const spending = [...new Set(steps.filter(({ action }) => spendsProgramMoney(action)).map(({ action }) => action.key))].sort();
    expect(spending).toEqual(['approve', 'pay', 'propose']);
  });

  it.each(steps.map((step) => [`${step.definition}/${step.stage}/${step.action.key}`, step]))('%s', (_name, { action }) => {
    const after = stepValidityProblem(action, VALIDITY, at('2027-01-01T00:00:00Z'));
    const before = stepValidityProblem(action, VALIDITY, at('2025-12-31T00:00:00Z'));
    expect(stepValidityProblem(action, VALIDITY, at('2026-06-01T00:00:00Z'))).toBeNull();
    if (spendsProgramMoney(action)) {
      expect(after).toMatchObject({ status: 409, code: 'program_expired', message: `该资金项目有效期至2026年12月31日，已失效，不能办理“${action.label}”` });
      expect(before).toMatchObject({ status: 409, code: 'program_not_effective' });
    } else {
      expect(after).toBeNull();
      expect(before).toBeNull();
    }
  });
});
