/**
 * Staff roles (DESIGN.md section 2) and one demo login for each. The permissions here are the
 * first cut: editors manage content, the other roles read what their stage needs. Stage actions
 * go through the transition service, never through Content Manager writes.
 */
export type StaffRole = 'editor' | 'city_reviewer' | 'district_reviewer' | 'institution' | 'expert' | 'finance';

const api = (name: string) => `api::${name}.${name}`;

export interface StaffRoleDefinition {
  code: string;
  role: StaffRole;
  name: string;
  description: string;
  /** content types the role may create, edit, publish and delete in the Content Manager */
  manages: string[];
  /** content types the role may read in the Content Manager */
  reads: string[];
}

const REFERENCE = ['program', 'district', 'calendar-day', 'workflow'].map(api);

export const STAFF_ROLES: StaffRoleDefinition[] = [
  {
    code: 'shenbao-editor',
    role: 'editor',
    name: '市数据局编辑',
    description: '发布通知公告、申报指南、任务专项（含申报表单）和征求意见',
    manages: ['article', 'task-spec', 'consultation'].map(api),
    reads: [...REFERENCE, api('consultation-feedback')],
  },
  {
    code: 'shenbao-city-reviewer',
    role: 'city_reviewer',
    name: '市数据局审核',
    description: '复核复审、确认主体、发起和结束公示、处理异议',
    manages: [],
    reads: [...REFERENCE, ...['application', 'review-record', 'organization', 'publicity', 'objection', 'credit-record', 'reviewer-profile'].map(api)],
  },
  {
    code: 'shenbao-district-reviewer',
    role: 'district_reviewer',
    name: '区数据部门审核',
    description: '本辖区项目的受理初审',
    manages: [],
    reads: [...REFERENCE, ...['application', 'review-record', 'organization'].map(api)],
  },
  {
    code: 'shenbao-institution',
    role: 'institution',
    name: '第三方机构',
    description: '受委托项目的审计、复核复审和组织评审',
    manages: [],
    reads: [...REFERENCE, ...['application', 'review-record'].map(api)],
  },
  {
    code: 'shenbao-expert',
    role: 'expert',
    name: '评审专家',
    description: '对分配的项目评分',
    manages: [],
    reads: [...REFERENCE, api('application')],
  },
  {
    code: 'shenbao-finance',
    role: 'finance',
    name: '资金拨付',
    description: '拨付计划、党组集体研究决定、拨付和追回',
    manages: [],
    reads: [...REFERENCE, ...['application', 'review-record', 'disbursement', 'performance-report'].map(api)],
  },
];

export interface DemoStaffUser {
  email: string;
  firstname: string;
  lastname: string;
  /** a STAFF_ROLES code, or 'strapi-super-admin' */
  roleCode: string;
  profile?: { role: StaffRole; districtCode?: string; institution?: string };
}

export const DEMO_STAFF: DemoStaffUser[] = [
  { email: 'admin@shenbao.local', firstname: '系统', lastname: '管理员', roleCode: 'strapi-super-admin' },
  { email: 'editor@shenbao.local', firstname: '编辑', lastname: '市数据局', roleCode: 'shenbao-editor', profile: { role: 'editor' } },
  { email: 'city.reviewer@shenbao.local', firstname: '审核', lastname: '市数据局', roleCode: 'shenbao-city-reviewer', profile: { role: 'city_reviewer' } },
  {
    email: 'district.reviewer@shenbao.local',
    firstname: '初审',
    lastname: '东湖高新区',
    roleCode: 'shenbao-district-reviewer',
    profile: { role: 'district_reviewer', districtCode: 'donghu_hitech' },
  },
  {
    email: 'institution@shenbao.local',
    firstname: '复核',
    lastname: '第三方机构',
    roleCode: 'shenbao-institution',
    profile: { role: 'institution', institution: '演示会计师事务所' },
  },
  { email: 'expert@shenbao.local', firstname: '专家', lastname: '评审', roleCode: 'shenbao-expert', profile: { role: 'expert' } },
  { email: 'finance@shenbao.local', firstname: '拨付', lastname: '资金', roleCode: 'shenbao-finance', profile: { role: 'finance' } },
];

export const DEMO_APPLICANT = {
  username: 'demo-applicant',
  email: 'applicant@shenbao.local',
  organization: {
    name: '武汉光谷智数科技有限公司（演示）',
    uscc: '91420100MA4K12345K',
    orgType: 'enterprise',
    districtCode: 'donghu_hitech',
    legalRepresentative: '张明',
    contactName: '李华',
    contactPhone: '027-87654321',
    contactEmail: 'applicant@shenbao.local',
    address: '武汉市东湖新技术开发区高新大道（演示地址）',
  },
};
