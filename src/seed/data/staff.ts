import type { StaffRole } from '../../api/reviewer-profile/support/staff-roles';
import type { ExpertField } from '../../domain/panel';

/** One demo login for each staff role, a super admin, and a demo applicant. */
export interface DemoStaffUser {
  email: string;
  firstname: string;
  lastname: string;
  /** a STAFF_ROLES code, or 'strapi-super-admin' */
  roleCode: string;
  profile?: {
    role: StaffRole;
    districtCode?: string;
    institution?: string;
    supervisorEmail?: string;
    /** experts: the field they are drawn by, and their own organisation (a draw leaves out the applicant's own staff) */
    expertField?: ExpertField;
    employer?: string;
    employerUscc?: string;
  };
}

const DEMO_ORGANIZATION_NAME = '武汉光谷智数科技有限公司（演示）';
const DEMO_ORGANIZATION_USCC = '91420100MA4K12345K';

/** Whom overdue items escalate to: the city reviewer for the districts and the outside reviewers, the bureau's admin for the city. */
const CITY = 'city.reviewer@shenbao.local';
const BUREAU = 'admin@shenbao.local';

export const DEMO_STAFF: DemoStaffUser[] = [
  { email: 'admin@shenbao.local', firstname: '系统', lastname: '管理员', roleCode: 'strapi-super-admin' },
  { email: 'editor@shenbao.local', firstname: '编辑', lastname: '市数据局', roleCode: 'shenbao-editor', profile: { role: 'editor', supervisorEmail: BUREAU } },
  { email: 'city.reviewer@shenbao.local', firstname: '审核', lastname: '市数据局', roleCode: 'shenbao-city-reviewer', profile: { role: 'city_reviewer', supervisorEmail: BUREAU } },
  {
    email: 'district.reviewer@shenbao.local',
    firstname: '初审',
    lastname: '东湖高新区',
    roleCode: 'shenbao-district-reviewer',
    profile: { role: 'district_reviewer', districtCode: 'donghu_hitech', supervisorEmail: CITY },
  },
  // A reviewer of another district: the demo shows that each district sees only its own applications.
  {
    email: 'jiangan.reviewer@shenbao.local',
    firstname: '初审',
    lastname: '江岸区',
    roleCode: 'shenbao-district-reviewer',
    profile: { role: 'district_reviewer', districtCode: '420102', supervisorEmail: CITY },
  },
  {
    email: 'institution@shenbao.local',
    firstname: '复核',
    lastname: '第三方机构',
    roleCode: 'shenbao-institution',
    profile: { role: 'institution', institution: '演示会计师事务所', supervisorEmail: CITY },
  },
  // The expert pool: a data product's panel needs three scores (第十条), and a recusal needs a
  // replacement of the same field. One expert of another field, and one who works for the demo
  // applicant, show what a draw leaves out.
  ...[
    { email: 'expert@shenbao.local', firstname: '专家', field: 'data_products', employer: '华中科技大学（演示）', uscc: '12100000441626546K' },
    { email: 'expert2@shenbao.local', firstname: '专家二', field: 'data_products', employer: '武汉大学（演示）', uscc: '12100000441625674U' },
    { email: 'expert3@shenbao.local', firstname: '专家三', field: 'data_products', employer: '中国信息通信研究院（演示）', uscc: '121000004000024536' },
    { email: 'expert4@shenbao.local', firstname: '专家四', field: 'data_products', employer: '武汉理工大学（演示）', uscc: '12100000441626941W' },
    { email: 'expert5@shenbao.local', firstname: '专家五', field: 'data_security', employer: '湖北省网络安全协会（演示）', uscc: '51420000MJH300000A' },
    { email: 'expert6@shenbao.local', firstname: '专家六', field: 'data_products', employer: DEMO_ORGANIZATION_NAME, uscc: DEMO_ORGANIZATION_USCC },
  ].map(
    (e): DemoStaffUser => ({
      email: e.email,
      firstname: e.firstname,
      lastname: '评审',
      roleCode: 'shenbao-expert',
      profile: { role: 'expert', supervisorEmail: CITY, expertField: e.field as ExpertField, employer: e.employer, employerUscc: e.uscc },
    }),
  ),
  { email: 'finance@shenbao.local', firstname: '拨付', lastname: '资金', roleCode: 'shenbao-finance', profile: { role: 'finance', supervisorEmail: BUREAU } },
];

export const DEMO_APPLICANT = {
  username: 'demo-applicant',
  email: 'applicant@shenbao.local',
  organization: {
    name: DEMO_ORGANIZATION_NAME,
    uscc: DEMO_ORGANIZATION_USCC,
    legalForm: 'limited_liability_company',
    districtCode: 'donghu_hitech',
    legalRepresentative: '张明',
    contactName: '李华',
    contactPhone: '027-87654321',
    contactEmail: 'applicant@shenbao.local',
    address: '武汉市东湖新技术开发区高新大道（演示地址）',
  },
};
