import { CaseSnapshot, COMPLETION_MATERIALS, DATASET_WORKFLOW, WorkflowDefinitionError, availableActions, decide, missingMaterials, validateWorkflow } from '../../src/domain/workflow';
import { composeDigest } from '../../src/domain/digest';

/** 第九条 in the dataset chain (v3): evidence records in the city's review, and the completion list. */
const city = { kind: 'staff' as const, id: 's3', role: 'city_reviewer' as const };
const district = { kind: 'staff' as const, id: 's1', role: 'district_reviewer' as const, districtCode: 'donghu_hitech' };
const applicant = { kind: 'applicant' as const, id: 'u1', role: 'applicant' as const, organizationId: 'org1' };
const at = (state: string): CaseSnapshot => ({ state, version: 4, districtCode: 'donghu_hitech', organizationId: 'org1', organizationUscc: '91420100MA4K12345K', assignments: {} });
const FILE = { id: 'f1', name: '调研记录.pdf' };

describe('evidence records in the city review', () => {
  it.each([
    ['site_visit', '现场调研'],
    ['verify_with_departments', '会同市直有关部门核实'],
  ])('%s stays in the stage and records the opinion and files', (action, label) => {
    expect(availableActions(DATASET_WORKFLOW, at('city_review'), city).map((a) => a.label)).toContain(label);
    const decision = decide(DATASET_WORKFLOW, at('city_review'), city, { action, version: 4, opinion: '经核实，情况属实', attachments: [FILE] });
    expect(decision).toMatchObject({ ok: true, transition: { toState: 'city_review', action: { effects: ['evidence'] }, record: { opinion: '经核实，情况属实', attachments: [FILE] } } });
  });

  it('needs an opinion and files, and the city reviewer', () => {
    expect(decide(DATASET_WORKFLOW, at('city_review'), city, { action: 'site_visit', version: 4, attachments: [FILE] })).toMatchObject({ ok: false, refusal: { code: 'missing_opinion', field: 'opinion' } });
    expect(decide(DATASET_WORKFLOW, at('city_review'), city, { action: 'site_visit', version: 4, opinion: '已调研' })).toMatchObject({ ok: false, refusal: { code: 'missing_attachments', field: 'attachments' } });
    expect(decide(DATASET_WORKFLOW, at('city_review'), district, { action: 'site_visit', version: 4, opinion: '已调研', attachments: [FILE] })).toMatchObject({ ok: false, refusal: { status: 403 } });
    expect(decide(DATASET_WORKFLOW, at('district_review'), district, { action: 'site_visit', version: 4, opinion: '已调研', attachments: [FILE] })).toMatchObject({ ok: false, refusal: { code: 'wrong_stage', status: 409 } });
  });
});

describe('the completion materials', () => {
  it('are the list of 第九条(三)3, compute evidence only if there was any', () => {
    expect(COMPLETION_MATERIALS.map((m) => [m.label, m.required])).toEqual([
      ['建设投入专项审计报告', true],
      ['建设费用加计扣除优惠明细表', true],
      ['应用落地相关服务合同、发票、财务凭证', true],
      ['算力投入及使用情况佐证材料', false],
    ]);
  });

  it('an empty submission is refused naming every required item', () => {
    const refusal = decide(DATASET_WORKFLOW, at('construction'), applicant, { action: 'submit_completion', version: 4, attachments: [] });
    expect(refusal).toMatchObject({ ok: false, refusal: { code: 'missing_attachments', message: '请上传「建设投入专项审计报告」、「建设费用加计扣除优惠明细表」、「应用落地相关服务合同、发票、财务凭证」' } });
  });

  it('lists what is missing of the files named', () => {
    expect(missingMaterials(COMPLETION_MATERIALS, [{ id: 1, name: 'a.pdf', material: 'audit_report' }, { id: 2, name: 'b.pdf', material: 'compute_evidence' }]).map((m) => m.key)).toEqual(['deduction_sheet', 'contracts_invoices']);
    expect(missingMaterials(COMPLETION_MATERIALS, ['audit_report', 'deduction_sheet', 'contracts_invoices'].map((material, id) => ({ id, name: 'x', material })))).toEqual([]);
  });

  it('a definition whose list is malformed is refused', () => {
    const broken = (materials: unknown) => ({
      ...DATASET_WORKFLOW,
      stages: DATASET_WORKFLOW.stages.map((s) => (s.key === 'construction' ? { ...s, actions: s.actions.map((a) => ({ ...a, requires: { attachments: true, materials } })) } : s)),
    });
    expect(() => validateWorkflow(broken([]))).toThrow(WorkflowDefinitionError);
    expect(() => validateWorkflow(broken([{ key: 'a', label: '甲', required: true }, { key: 'a', label: '乙', required: true }]))).toThrow('重复');
    expect(() => validateWorkflow(broken([{ key: 'Bad Key', label: '甲', required: true }]))).toThrow(WorkflowDefinitionError);
    expect(validateWorkflow(DATASET_WORKFLOW).version).toBe(3);
  });
});

describe('the daily digest', () => {
  const item = (stageKey: string, stageLabel: string, n: number, overdueBy?: number) => ({
    documentId: `d${n}`, title: `项目${n}`, serialNo: `SB2026-00000${n}`, stageKey, stageLabel, dueDate: '2026-06-15', url: `http://x/admin/shenbao-desk/applications/d${n}`, ...(overdueBy ? { overdueBy } : {}),
  });

  it('is nothing when nothing is new or overdue', () => {
    expect(composeDigest('张三', '2026-06-16', [], [])).toBeNull();
  });

  it('groups by stage, overdue first, with due dates and links', () => {
    const digest = composeDigest('张三', '2026-06-16', [item('city_review', '市级复核复审、确认主体', 2)], [item('district_review', '区级受理初审', 1, 3)])!;
    expect(digest.subject).toBe('【每日待办】2026年6月16日：超期1件，新到1件');
    expect(digest.body.indexOf('【区级受理初审】')).toBeLessThan(digest.body.indexOf('【市级复核复审、确认主体】'));
    expect(digest.body).toContain('「项目1」（SB2026-000001），办理期限2026年6月15日，已超期3个工作日\n    http://x/admin/shenbao-desk/applications/d1');
    // Chinese throughout, but for the links and the serial numbers
    expect(digest.body.replace(/https?:\S+/g, '').replace(/SB\d{4}-\d{6}/g, '')).not.toMatch(/[A-Za-z]/);
  });
});
