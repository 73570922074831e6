/**
 * The bureau's staff roles (DESIGN.md section 2), as admin roles. Content Manager permissions are
 * the first cut: editors manage content, the other roles read what their stage needs. Stage
 * actions are separate admin permissions, granted by workflow role (workflow/support/permissions).
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
    description: '复核复审、确认主体、发起公示、处理异议、导入信用名单、维护工作日历',
    manages: [api('credit-record'), api('calendar-day')],
    reads: [...REFERENCE, ...['application', 'review-record', 'organization', 'publicity', 'objection', 'reviewer-profile', 'party-decision'].map(api)],
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
    reads: [...REFERENCE, ...['application', 'review-record', 'disbursement', 'performance-report', 'party-decision', 'publicity'].map(api)],
  },
];
