import { usccCheckCharacter } from '../../domain/uscc';
import { COMPLETE_ANSWERS } from '../bulk/answers';
import { TASK_SPECS } from './content';

/**
 * The demo's cases (`npm run demo`, src/seed/demo-cases.ts): made-up companies of the demo's two
 * districts, each with its own portal login, and the calls they applied to. Illustrative, and
 * every name says so.
 */
export interface DemoCompany {
  key: string;
  name: string;
  /** the first 17 characters of the USCC; the check character is computed (GB 32100-2015) */
  usccBody: string;
  legalForm: string;
  districtCode: string;
  legalRepresentative: string;
  contactName: string;
  contactPhone: string;
}

export const DEMO_COMPANIES: DemoCompany[] = [
  { key: 'shulian', name: '武汉数联智造科技有限公司（演示）', usccBody: '91420100MA4K2D001', legalForm: 'limited_liability_company', districtCode: 'donghu_hitech', legalRepresentative: '王磊', contactName: '周婷', contactPhone: '027-87001001' },
  { key: 'changjiang', name: '湖北长江医疗数据股份有限公司（演示）', usccBody: '91420100MA4K2D002', legalForm: 'joint_stock_company', districtCode: 'donghu_hitech', legalRepresentative: '陈刚', contactName: '刘洋', contactPhone: '027-87001002' },
  { key: 'jiangcheng', name: '武汉江城交通大数据有限公司（演示）', usccBody: '91420102MA4K2D003', legalForm: 'limited_liability_company', districtCode: '420102', legalRepresentative: '赵敏', contactName: '孙浩', contactPhone: '027-82001003' },
  { key: 'suanli', name: '武汉光谷算力服务有限公司（演示）', usccBody: '91420100MA4K2D004', legalForm: 'limited_liability_company', districtCode: 'donghu_hitech', legalRepresentative: '吴强', contactName: '郑琳', contactPhone: '027-87001004' },
  { key: 'chengyun', name: '武汉市城市运行数据研究院（演示）', usccBody: '12420100MB1D2D005', legalForm: 'public_institution', districtCode: 'donghu_hitech', legalRepresentative: '黄志远', contactName: '何静', contactPhone: '027-87001005' },
  { key: 'hanjiang', name: '武汉汉江智慧物流股份有限公司（演示）', usccBody: '91420102MA4K2D006', legalForm: 'joint_stock_company', districtCode: '420102', legalRepresentative: '林峰', contactName: '许丽', contactPhone: '027-82001006' },
];

export const usccOf = (company: DemoCompany) => company.usccBody + usccCheckCharacter(company.usccBody);
export const companyEmail = (company: DemoCompany) => `${company.key}@demo.shenbao.local`;

/**
 * The calls the cases applied to: the seeded calls' forms, opened long enough ago for whole
 * histories (two 公示 and the money) to have run before today, and still open so that a draft can
 * still be submitted.
 */
export const DEMO_CALL_WINDOW = { opensDaysAgo: 120, closesInDays: 30 };
export const DEMO_CALLS = [
  { chain: 'dataset', from: 'dataset-2025-batch-1', slug: 'dataset-2026-batch-0', title: '2026年度高质量数据集建设任务专项（首批，演示案例）' },
  { chain: 'data_product', from: 'data-product-2026', slug: 'data-product-2026-batch-0', title: '2026年度数据产品应用项目申报通知（首批，演示案例）' },
].map((call) => ({ ...call, seed: TASK_SPECS.find((spec) => spec.slug === call.from)!, answers: COMPLETE_ANSWERS[call.from] }));

/** Project names by chain: each case is found again by its title, which keeps a second run from adding it twice. */
export const PROJECT_NAMES: Record<string, string[]> = {
  dataset: [
    '汽车零部件缺陷检测图像数据集', '钢铁冶炼过程参数数据集', '光电子器件质检多模态数据集', '医学影像脱敏标注数据集', '临床病历文本语料数据集',
    '城市交通流量时空数据集', '城管事件工单语料数据集', '长江航运船舶轨迹数据集', '智能制造设备运维数据集', '慢病管理随访数据集',
    '地下管网监测数据集', '商贸物流运单数据集', '工业机器人动作示范数据集', '基层医疗问诊对话数据集', '城市气象与能耗关联数据集',
  ],
  data_product: [
    '交通数据产品训练出行大模型', '医保结算数据产品辅助审核', '企业信用数据产品风控应用', '地理空间数据产品智慧选址', '气象数据产品农业大模型',
    '电力负荷数据产品能耗预测', '物流轨迹数据产品路径规划', '工业标注数据产品质检模型', '政务文本数据产品智能问答', '医学文献数据产品知识图谱',
    '商圈客流数据产品零售分析', '港口作业数据产品调度优化', '城市视频数据产品事件识别', '法律文书数据产品合同审查', '教育资源数据产品个性化学习',
  ],
};
