/**
 * Answers that pass the seeded calls' forms at submission, keyed by the call's slug. The tests
 * submit them, and the benchmark's data set and its submission scenario are built from them.
 * File slots hold placeholder ids: a form checks that a slot is filled, the upload route checks
 * the files themselves.
 */
const files = (name: string) => [`${name}-file`];

/** Every 承诺书 item of the seeded forms, ticked. */
export const SIGNED = { commitIndependentLegalPerson: true, commitNoSafetyAccident: true, commitNotCreditListed: true, commitTruthful: true };

export const COMPLETE_ANSWERS: Record<string, Record<string, unknown>> = {
  'dataset-2025-batch-1': {
    ...SIGNED,
    projectName: '示例项目', taskKey: 'manufacturing', summary: '工业质检多模态数据集', datasetScaleGb: 12_000, plannedInvestmentFen: 500_000_000,
    contactName: '李华', contactPhone: '027-87654321', application: files('application'), commitment: files('commitment'), licence: files('licence'),
    taxCertificate: files('tax'), rdProof: files('rd'),
  },
  'data-product-2026': {
    ...SIGNED,
    projectName: '示例项目', supportCondition: 'product', summary: '利用交通数据产品训练行业大模型', purchaseAmountFen: 1_000_000_000, contractDate: '2026-06-01',
    hasComputeInvestment: false, contactName: '李华', contactPhone: '13912345678', application: files('application'), commitment: files('commitment'),
    licence: files('licence'), taxCertificate: files('tax'), contract: files('contract'), invoices: files('invoice'), useProof: files('use'),
  },
};
