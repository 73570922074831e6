import { CREDIT_LIST_LABELS } from './eligibility';
import { LEGAL_FORM_LABELS } from './legal-person';
import { FINDING_LABELS } from './objections';
import { EXPERT_FIELD_LABELS } from './panel';
import { REPORT_KIND_LABELS } from './supervision';
import { ROLE_LABELS } from './workflow/types';

/**
 * How a person reads each stored enumeration value: one table per enumeration of every content
 * type and component (keyed "<content type or component uid>.<attribute>"). The admin panel, the
 * desk and refusals all read from here; tests/unit/enum-labels.test.ts checks that every value
 * of every schema has a label.
 */
export const ENUM_LABELS: Record<string, Record<string, string>> = {
  'api::article.article.category': {
    notice: '通知公告',
    guideline: '申报指南',
    policy: '政策文件',
    result: '结果公示',
  },
  'api::assignment.assignment.role': {
    institution: ROLE_LABELS.institution,
    expert: ROLE_LABELS.expert,
  },
  'api::calendar-day.calendar-day.kind': {
    holiday: '法定节假日',
    makeup_workday: '调休上班日',
  },
  'api::credit-record.credit-record.listType': CREDIT_LIST_LABELS,
  'api::disbursement.disbursement.kind': {
    plan: '拨付计划',
    decision: '党组决定',
    payment: '拨付',
    clawback: '追回',
  },
  'api::district.district.kind': {
    district: '行政区',
    functional_zone: '功能区',
  },
  'api::file-access.file-access.ownerType': {
    application: '申报',
    consultationFeedback: '征求意见反馈',
    objection: '公示异议',
    partyDecision: '党组集体研究决定',
  },
  'api::file-access.file-access.mode': { view: '在线查看', download: '下载' },
  'api::login-failure.login-failure.realm': {
    portal: '申报门户',
    admin: '管理后台',
  },
  'api::notification.notification.channel': {
    email: '电子邮件',
    in_app: '站内消息',
  },
  'api::notification.notification.recipientType': {
    applicant: ROLE_LABELS.applicant,
    staff: '工作人员',
    public: '公众',
  },
  'api::notification.notification.delivery': {
    queued: '待发送',
    sending: '发送中',
    sent: '已发送',
    failed: '发送失败',
  },
  'api::objection.objection.resolution': { open: '处理中', ...FINDING_LABELS },
  'api::organization.organization.legalForm': LEGAL_FORM_LABELS,
  'api::performance-report.performance-report.kind': REPORT_KIND_LABELS,
  'api::program.program.roundingMode': {
    floor: '向下取整',
    half_up: '四舍五入',
    ceil: '向上取整',
  },
  'api::program.program.capScope': {
    per_project: '每个项目',
    per_applicant_year: '每个单位每年度',
  },
  'api::publicity.publicity.kind': {
    entity_publicity: '建设单位公示',
    award_publicity: '拟奖励（支持）项目公示',
  },
  'api::publicity.publicity.phase': {
    scheduled: '未开始',
    open: '进行中',
    closed: '已结束',
  },
  'api::review-record.review-record.actorType': {
    staff: '工作人员',
    applicant: ROLE_LABELS.applicant,
    system: ROLE_LABELS.system,
    public: '公众',
  },
  'api::reviewer-profile.reviewer-profile.role': {
    editor: '市数据局编辑',
    city_reviewer: '市数据局审核',
    district_reviewer: '区数据部门审核',
    institution: ROLE_LABELS.institution,
    expert: ROLE_LABELS.expert,
    finance: ROLE_LABELS.finance,
  },
  'api::reviewer-profile.reviewer-profile.expertField': EXPERT_FIELD_LABELS,
  'api::task-spec.task-spec.kind': { task_spec: '任务专项', call: '申报通知' },
  'api::workflow.workflow.lifecycle': {
    draft: '草稿',
    active: '启用',
    retired: '停用',
  },
  'call.material.stage': {
    application: '申报',
    evaluation: '评审',
    completion: '验收',
    post_award: '拨付后',
  },
  'supervision.report-rule.kind': REPORT_KIND_LABELS,
};

/**
 * Values two enumerations share but read differently. The Content Manager's edit view and filters
 * look a value's label up by the value alone, so there it gets one label that fits both uses.
 */
const SHARED: Record<string, string> = {
  // 公示 phase 进行中 / objection 处理中
  open: '进行中',
};

/** The label of one stored value, or the value itself when it has none. */
export const enumLabel = (table: string, value: string | null | undefined) => (value == null ? '' : (ENUM_LABELS[table]?.[value] ?? value));

/** Every value's label, by value: the admin's message ids for enumeration options. */
export function enumMessages(): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const labels of Object.values(ENUM_LABELS)) {
    for (const [value, label] of Object.entries(labels)) messages[value] = SHARED[value] ?? label;
  }
  return messages;
}

/** Values given different labels by two tables and not settled in SHARED (for the unit test). */
export function unsettledClashes(): string[] {
  const seen = new Map<string, string>();
  const clashes = new Set<string>();
  for (const labels of Object.values(ENUM_LABELS)) {
    for (const [value, label] of Object.entries(labels)) {
      if (seen.has(value) && seen.get(value) !== label && !(value in SHARED)) clashes.add(value);
      seen.set(value, label);
    }
  }
  return [...clashes];
}
