/**
 * Answers that pass the seeded calls' forms at submission, keyed by the call's slug, once the
 * files of `REQUIRED_SLOTS` are uploaded into the draft: a file slot names only attachments
 * stored for that application and slot (src/domain/forms/materials.ts), so the files are real
 * uploads, never ids written into the answers. The tests submit them, and the benchmark's data
 * set and its submission scenario are built from them.
 */

/** Every 承诺书 item of the seeded forms, ticked. */
export const SIGNED = { commitIndependentLegalPerson: true, commitNoSafetyAccident: true, commitNotCreditListed: true, commitTruthful: true };

export const COMPLETE_ANSWERS: Record<string, Record<string, unknown>> = {
  'dataset-2025-batch-1': {
    ...SIGNED,
    projectName: '示例项目', taskKey: 'manufacturing', summary: '工业质检多模态数据集', datasetScaleGb: 12_000, plannedInvestmentFen: 500_000_000,
    contactName: '李华', contactPhone: '027-87654321',
  },
  'data-product-2026': {
    ...SIGNED,
    projectName: '示例项目', supportCondition: 'product', summary: '利用交通数据产品训练行业大模型', purchaseAmountFen: 1_000_000_000, contractDate: '2026-06-01',
    hasComputeInvestment: false, contactName: '李华', contactPhone: '13912345678',
  },
};

/** The file slots each seeded call requires for the answers above: one real file each. */
export const REQUIRED_SLOTS: Record<string, string[]> = {
  'dataset-2025-batch-1': ['application', 'commitment', 'licence', 'taxCertificate', 'rdProof'],
  'data-product-2026': ['application', 'commitment', 'licence', 'taxCertificate', 'contract', 'invoices', 'useProof'],
};
