import { DATASET_WORKFLOW, DATA_PRODUCT_WORKFLOW } from '../../src/domain/workflow';
import { verifyChain } from '../../src/domain/ledger';
import { buildHistory, mainPath } from '../../src/seed/bulk/history';

const person = (role: any, id: string, extra: Record<string, unknown> = {}) => ({ kind: role === 'applicant' ? 'applicant' : role === 'system' ? 'system' : 'staff', id, name: id, role, ...extra }) as any;
const cast = {
  applicant: person('applicant', 'a1', { organizationId: 'org1' }),
  districtReviewer: person('district_reviewer', 'd1', { districtCode: '420102' }),
  cityReviewer: person('city_reviewer', 'c1'),
  institution: person('institution', 'i1', { institution: '某会计师事务所' }),
  experts: [person('expert', 'e1'), person('expert', 'e2'), person('expert', 'e3')],
  finance: person('finance', 'f1'),
  system: person('system', 'system'),
};
const facts = {
  documentId: 'app1',
  districtCode: '420102',
  organizationId: 'org1',
  organizationUscc: '91420100MA4K12345K',
  answers: { projectName: '测试' },
  formDefinition: { type: 'object', properties: {} },
  formVersion: 1,
  awardRule: { ratioBp: 3000, capFen: 200_000_000, rounding: 'floor', capScope: 'per_project', ruleVersion: 't' } as any,
  claimedBaseFen: 100_000_000,
  startsAt: new Date('2025-03-01T00:00:00Z'),
  stepMs: 86_400_000,
  files: [{ id: 'f1', slot: 'licence', name: '营业执照.pdf', sha256: 'a'.repeat(64) }],
  completionFile: { id: 'f2', name: '专项审计报告.pdf', sha256: 'b'.repeat(64) },
};

describe('synthetic case histories for the benchmark', () => {
  it.each([DATASET_WORKFLOW, DATA_PRODUCT_WORKFLOW])('walks the main road of $key to payment', (definition) => {
    const path = mainPath(definition);
    expect(path[0].action.key).toBe('submit');
    expect(path[path.length - 1].action.key).toBe('pay');
    const history = buildHistory(definition, path, facts, cast, { steps: path.length });
    expect(history.application.state).toBe('disbursed');
    expect(history.application.awardFen).toBe(30_000_000);
    expect(verifyChain(history.records.map((r, i) => ({ ...r, id: i + 1 })))).toBeNull();
    // the times of the steps only move forward
    const times = history.records.map((r) => new Date(r.occurredAt).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('ends off the road when asked: rejected, returned, withdrawn', () => {
    const path = mainPath(DATA_PRODUCT_WORKFLOW);
    const atThirdParty = path.findIndex((step) => step.stage === 'third_party_review' && step.action.key === 'pass');
    expect(buildHistory(DATA_PRODUCT_WORKFLOW, path, facts, cast, { steps: atThirdParty, then: 'reject' }).application.state).toBe('rejected');
    const returned = buildHistory(DATA_PRODUCT_WORKFLOW, path, facts, cast, { steps: atThirdParty, then: 'return' }).application;
    expect(returned).toMatchObject({ state: 'returned', returnedFromState: 'third_party_review' });
    expect(buildHistory(DATA_PRODUCT_WORKFLOW, path, facts, cast, { steps: 0, then: 'withdraw' }).application.state).toBe('withdrawn');
  });

  it('refuses a history the engine would refuse, rather than writing it', () => {
    const path = mainPath(DATASET_WORKFLOW);
    const stranger = { ...cast, districtReviewer: person('district_reviewer', 'd2', { districtCode: '420103' }) };
    expect(() => buildHistory(DATASET_WORKFLOW, path, facts, stranger, { steps: 3 })).toThrow('无权查看');
  });
});
