import { paragraphsToBlocks } from '../../portal/blocks';

/**
 * Demo calls and notices. Unlike the consultation (the bureau's real notice), these are
 * illustrative and say so; the form definitions are the first examples of the low-code form
 * language (docs/forms.md grows with the forms issue).
 */
const p = (...texts: string[]) => paragraphsToBlocks(texts.map((text) => ({ text })));

/** A file slot; `order` places it in the materials section (PostgreSQL does not keep the declared order of keys). */
const fileSlot = (title: string, ui: Record<string, unknown> = {}) => ({
  type: 'array',
  title,
  items: { type: 'string' },
  'x-ui': { widget: 'file', accept: ['pdf', 'jpg', 'png'], maxSizeMb: 20, minCount: 1, maxCount: 10, section: 'materials', ...ui },
});

/** 承诺书: the conditions of 第四条 that the applicant affirms; each must be ticked to submit. */
const commitment = (order: number, title: string) => ({ type: 'boolean', title, 'x-ui': { widget: 'yesno', section: 'commitments', order, commitment: true } });

export const COMMITMENTS = {
  commitIndependentLegalPerson: commitment(1, '本单位是在武汉市依法登记、具有独立法人资格、正常开展经营活动的企事业单位'),
  commitNoSafetyAccident: commitment(2, '本单位近三年未发生重大安全事故'),
  commitNotCreditListed: commitment(3, '本单位未被列入失信被执行人、重大税收违法失信主体、政府采购严重违法失信行为记录名单，不在严重违法失信名单有效期内'),
  commitTruthful: commitment(4, '本单位所报材料真实、准确、完整，如有虚假，愿承担相应责任并退回奖励资金'),
};

const COMMON_APPLICANT_FIELDS = {
  projectName: { type: 'string', title: '项目名称', minLength: 2, maxLength: 100, 'x-ui': { widget: 'text', section: 'basic', order: 1 } },
  summary: { type: 'string', title: '项目简介', maxLength: 3000, 'x-ui': { widget: 'textarea', section: 'basic', order: 3 } },
  contactName: { type: 'string', title: '项目联系人', maxLength: 50, 'x-ui': { widget: 'text', section: 'basic', order: 8 } },
  contactPhone: { type: 'string', title: '联系电话', 'x-ui': { widget: 'phone', section: 'basic', order: 9 } },
  application: fileSlot('申报书（盖章扫描件）', { order: 1 }),
  commitment: fileSlot('承诺书（盖章扫描件）', { order: 2 }),
  licence: fileSlot('营业执照或事业单位法人证书', { order: 3 }),
  taxCertificate: fileSlot('纳税证明', { order: 4 }),
  ...COMMITMENTS,
};

export const DATASET_FORM = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: '高质量数据集建设项目申报书',
  type: 'object',
  'x-sections': [
    { key: 'basic', title: '基本信息' },
    { key: 'dataset', title: '数据集情况' },
    { key: 'materials', title: '申报材料' },
    { key: 'commitments', title: '申报承诺' },
  ],
  properties: {
    ...COMMON_APPLICANT_FIELDS,
    taskKey: {
      type: 'string',
      title: '申报任务方向',
      enum: ['manufacturing', 'healthcare', 'urban_governance'],
      'x-ui': { widget: 'select', section: 'basic', order: 2, labels: ['工业制造', '医疗健康', '城市治理'] },
    },
    datasetScaleGb: { type: 'integer', title: '数据集规模（GB）', minimum: 1, 'x-ui': { widget: 'integer', section: 'dataset', order: 1 } },
    plannedInvestmentFen: { type: 'integer', title: '计划建设投入（元）', minimum: 0, 'x-ui': { widget: 'money', section: 'dataset', order: 2 } },
    plannedCompletion: { type: 'string', format: 'date', title: '计划完成日期', 'x-ui': { widget: 'date', section: 'dataset', order: 3 } },
    rdProof: fileSlot('研发能力证明材料（专利、标准、知识产权等）', { order: 5 }),
  },
  required: ['projectName', 'taskKey', 'summary', 'datasetScaleGb', 'plannedInvestmentFen', 'contactName', 'contactPhone',
    'application', 'commitment', 'licence', 'taxCertificate', 'rdProof', ...Object.keys(COMMITMENTS)],
};

export const DATA_PRODUCT_FORM = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: '数据产品应用项目申报书',
  type: 'object',
  'x-sections': [
    { key: 'basic', title: '基本信息' },
    { key: 'purchase', title: '数据产品购买情况' },
    { key: 'materials', title: '申报材料' },
    { key: 'commitments', title: '申报承诺' },
  ],
  properties: {
    ...COMMON_APPLICANT_FIELDS,
    supportCondition: {
      type: 'string',
      title: '符合的支持条件',
      enum: ['research', 'product', 'market'],
      'x-ui': { widget: 'radio', section: 'basic', order: 2, labels: ['推动人工智能科学研究取得新突破', '推动人工智能新产品研发', '推动人工智能相关产品市场发展'] },
    },
    purchaseAmountFen: { type: 'integer', title: '数据产品购买金额（元）', minimum: 1, 'x-ui': { widget: 'money', section: 'purchase', order: 1 } },
    contractDate: { type: 'string', format: 'date', title: '合同签订日期', 'x-ui': { widget: 'date', section: 'purchase', order: 2 } },
    hasComputeInvestment: { type: 'boolean', title: '是否有算力投入', 'x-ui': { widget: 'yesno', section: 'purchase', order: 3 } },
    contract: fileSlot('数据产品买卖合同', { order: 5 }),
    invoices: fileSlot('发票', { order: 6 }),
    useProof: fileSlot('数据产品开发利用方向及人工智能应用证明材料', { order: 7 }),
    // Required where it applies (第十条): shown, and then required, only when there is a compute investment.
    computeProof: fileSlot('算力投入及使用情况佐证材料', { order: 8, visibleWhen: { field: 'hasComputeInvestment', equals: true } }),
  },
  required: ['projectName', 'supportCondition', 'summary', 'purchaseAmountFen', 'contractDate', 'contactName', 'contactPhone',
    'application', 'commitment', 'licence', 'taxCertificate', 'contract', 'invoices', 'useProof', 'computeProof', ...Object.keys(COMMITMENTS)],
};

const material = (key: string, name: string, stage = 'application', required = true) => ({ key, name, stage, required, acceptedTypes: 'pdf,jpg,png' });

const BASE_MATERIALS = [
  material('application', '申报书'),
  material('commitment', '承诺书'),
  material('licence', '营业执照（事业单位法人证书）'),
  material('tax_certificate', '纳税证明'),
];

export interface TaskSpecSeed {
  slug: string;
  title: string;
  kind: 'task_spec' | 'call';
  programKey: string;
  year: number;
  summary: string;
  body: ReturnType<typeof p>;
  buildTasks: Array<{ title: string; description: string; acceptanceCriteria: string }>;
  materials: ReturnType<typeof material>[];
  formDefinition: object;
  /** the window is anchored to the day the demo is first seeded, so the demo always has open calls */
  window: { opensDaysAgo: number; closesInDays: number };
}

export const TASK_SPECS: TaskSpecSeed[] = [
  {
    slug: 'dataset-2025-batch-1',
    title: '2025年度高质量数据集建设任务专项（第一批）',
    kind: 'task_spec',
    programKey: 'dataset',
    year: 2025,
    summary: '面向工业制造、医疗健康、城市治理三个方向发布高质量数据集建设任务，明确建设任务、验收标准及时限。（演示内容）',
    body: p(
      '根据《武汉市促进人工智能产业发展若干政策措施》相关支持高质量数据集建设和数据产品利用资金管理办法，现发布2025年度高质量数据集建设任务专项（第一批）。',
      '申报单位应为在本市注册、具有独立法人资格的企事业单位，近三年无重大安全事故，未被列入失信被执行人、重大税收违法案件当事人名单、政府采购严重违法失信行为记录名单。',
      '申报单位通过本平台在线填报，由所在区数据主管部门受理初审。',
    ),
    buildTasks: [
      { title: '工业制造领域高质量数据集', description: '围绕重点产业链，建设覆盖设计、生产、质检环节的多模态工业数据集。', acceptanceCriteria: '数据规模不少于10TB，标注准确率不低于95%，在不少于3家企业落地应用。' },
      { title: '医疗健康领域高质量数据集', description: '建设经脱敏处理的医学影像与临床文本数据集，支撑医疗大模型训练。', acceptanceCriteria: '通过数据安全合规评估；覆盖病种不少于20类；在不少于2家医疗机构应用。' },
      { title: '城市治理领域高质量数据集', description: '建设交通、城管等城市运行数据集，支撑城市治理智能化应用。', acceptanceCriteria: '数据时间跨度不少于3年，更新频率不低于每日，形成不少于2个应用场景。' },
    ],
    materials: [
      ...BASE_MATERIALS,
      material('rd_proof', '申报单位研发能力证明材料（专利、标准、知识产权等）'),
      material('audit_report', '建设投入专项审计报告', 'evaluation'),
      material('super_deduction', '建设费用加计扣除优惠明细表', 'evaluation'),
      material('service_contracts', '应用落地相关服务合同、发票、财务凭证', 'evaluation'),
      material('compute_proof', '算力投入及使用情况佐证材料', 'evaluation', false),
    ],
    formDefinition: DATASET_FORM,
    window: { opensDaysAgo: 14, closesInDays: 45 },
  },
  {
    slug: 'data-product-2026',
    title: '2026年度数据产品应用项目申报通知',
    kind: 'call',
    programKey: 'data_product',
    year: 2026,
    summary: '对利用数据产品支持人工智能发展的企事业单位，按照数据产品购买金额的30%给予最高200万元补助。（演示内容）',
    body: p(
      '为推动数据产品在人工智能领域的开发利用，现组织开展2026年度数据产品应用项目申报工作。',
      '申报项目须满足以下条件之一：推动人工智能科学研究取得新突破；推动人工智能新产品研发；推动人工智能相关产品市场发展。',
    ),
    buildTasks: [],
    materials: [
      ...BASE_MATERIALS,
      material('contract', '数据产品买卖合同'),
      material('invoices', '发票'),
      material('use_proof', '数据产品开发利用方向及人工智能应用证明材料'),
      material('compute_proof', '算力投入及使用情况佐证材料（如有）', 'application', false),
    ],
    formDefinition: DATA_PRODUCT_FORM,
    window: { opensDaysAgo: 7, closesInDays: 30 },
  },
];

export interface ArticleSeed {
  slug: string;
  title: string;
  category: 'notice' | 'guideline' | 'policy' | 'result';
  summary: string;
  body: ReturnType<typeof p>;
  programKey?: string;
  daysAgo: number;
}

export const ARTICLES: ArticleSeed[] = [
  {
    slug: 'notice-dataset-2025-batch-1',
    title: '关于开展2025年度高质量数据集建设任务专项（第一批）申报工作的通知',
    category: 'notice',
    summary: '各区数据主管部门、各有关单位：现启动2025年度高质量数据集建设任务专项（第一批）申报工作。（演示内容）',
    body: p('各区数据主管部门、各有关单位：', '现启动2025年度高质量数据集建设任务专项（第一批）申报工作，请符合条件的单位在申报时间内通过本平台在线申报。'),
    programKey: 'dataset',
    daysAgo: 14,
  },
  {
    slug: 'notice-data-product-2026',
    title: '关于开展2026年度数据产品应用项目申报工作的通知',
    category: 'notice',
    summary: '现组织开展2026年度数据产品应用项目申报工作，请符合条件的单位按要求申报。（演示内容）',
    body: p('各区数据主管部门、各有关单位：', '现组织开展2026年度数据产品应用项目申报工作，请符合条件的单位按要求申报。'),
    programKey: 'data_product',
    daysAgo: 7,
  },
  {
    slug: 'guideline-dataset',
    title: '高质量数据集建设奖励申报指南',
    category: 'guideline',
    summary: '申报条件、申报材料、审核流程和奖励标准。（演示内容）',
    body: p(
      '奖励标准：按建设投入成本的30%给予不超过200万元的奖励。',
      '申报材料：申报书，承诺书，营业执照（事业单位法人证书），纳税证明，申报单位研发能力证明材料。',
      '审核流程：区数据部门受理初审，市数据局复核复审并确认主体后公示；建设期满后由第三方机构组织评审，形成拟奖励项目清单并公示；经市数据局党组集体研究通过后拨付资金。',
    ),
    programKey: 'dataset',
    daysAgo: 13,
  },
  {
    slug: 'guideline-data-product',
    title: '数据产品应用补助申报指南',
    category: 'guideline',
    summary: '申报条件、申报材料、审核流程和补助标准。（演示内容）',
    body: p(
      '补助标准：按照数据产品购买金额的30%给予最高200万元补助。',
      '申报材料：申报书，承诺书，营业执照（事业单位法人证书），纳税证明，数据产品买卖合同、发票，数据产品开发利用方向证明材料等。',
      '审核流程：区数据部门受理初审，第三方机构复核复审，专家评审认定后公示；经市数据局党组集体研究通过后拨付资金。',
    ),
    programKey: 'data_product',
    daysAgo: 6,
  },
];
