import type { Core } from '@strapi/strapi';

/**
 * Chinese field labels in the Content Manager, for every content type and component: one table.
 * Only labels still at Strapi's default (the field name) are set, so labels staff change in
 * "Configure the view" are kept. Applied at every boot.
 */
const COMMON = { createdAt: '创建时间', updatedAt: '更新时间', publishedAt: '发布时间' };

export const ADMIN_LABELS: Record<string, Record<string, string>> = {
  'api::application.application': {
    serialNo: '申报编号', title: '项目名称', organization: '申报单位', program: '资金项目', district: '所属区',
    taskSpecDocumentId: '申报通知（文档 ID）', organizationName: '申报单位名称', organizationUscc: '统一社会信用代码',
    programKey: '资金项目代码', districtCode: '所属区代码', state: '当前环节', version: '版本号', stateChangedAt: '进入本环节时间',
    submittedAt: '提交时间', answers: '申报内容', formVersion: '表单版本', formHash: '表单哈希', workflowKey: '审批流程',
    workflowVersion: '审批流程版本', returnedFromState: '退回环节', returnFlaggedFields: '退回需补正内容', claimedBaseFen: '申报金额（分）',
    recognisedBaseFen: '认定金额（分）', awardFen: '奖补金额（分）', awardTrace: '奖补计算过程', assignments: '分配的机构和专家',
    eligibility: '资格审查快照', commitmentsSignedAt: '承诺书签署时间', attachments: '附件',
  },
  'api::article.article': {
    title: '标题', slug: '网址别名', category: '栏目', summary: '摘要', body: '正文', issuedAt: '发布日期', issuer: '发布单位',
    docNumber: '文号', program: '资金项目', attachments: '附件',
  },
  'api::assignment.assignment': {
    application: '申报', applicationRowId: '申报（行 ID）', role: '角色', adminUserId: '管理员用户 ID', institution: '第三方机构', assignedAt: '分配时间',
  },
  'api::attachment.attachment': {
    application: '所属申报', consultationFeedback: '所属征求意见反馈', objection: '所属公示异议', partyDecision: '所属党组决定', slot: '附件栏', originalName: '文件名',
    ext: '类型', mime: 'MIME 类型', sizeBytes: '大小（字节）', sha256: 'SHA-256', storageKey: '存储位置', uploadedBy: '上传人',
  },
  'api::calendar-day.calendar-day': { date: '日期', year: '年度', kind: '类别', name: '名称', source: '依据' },
  'api::consultation-feedback.consultation-feedback': {
    receiptNo: '回执编号', consultationDocumentId: '征求意见（文档 ID）', name: '姓名', organizationName: '单位', phone: '联系电话',
    email: '电子邮箱', topic: '意见类别', comment: '意见内容', files: '附件（Word 文件和签字盖章扫描件）', submittedAt: '提交时间',
  },
  'api::consultation.consultation': {
    title: '标题', slug: '网址别名', summary: '摘要', body: '正文', draftTitle: '征求意见稿标题', draftBody: '征求意见稿正文',
    issuedAt: '发布日期', deadline: '截止时间', issuer: '发布单位', topics: '意见类别及联系人', requireWordFile: '须附 Word 文件',
    requireSignedScan: '须附签字盖章扫描件', feedbackNote: '反馈须知', attachments: '附件',
  },
  'api::party-decision.party-decision': {
    meetingDate: '会议日期', minuteNo: '会议纪要编号', note: '备注', recordedBy: '登记人', files: '会议纪要扫描件',
  },
  'api::credit-record.credit-record': {
    uscc: '统一社会信用代码', organizationName: '主体名称', listType: '名单类别', source: '来源', reference: '文号/依据',
    listedOn: '列入日期', expiresOn: '移出日期', importBatch: '导入批次', importedAt: '导入时间',
  },
  'api::disbursement.disbursement': {
    application: '申报', program: '资金项目', budgetYear: '预算年度', kind: '类别', amountFen: '金额（分）', decisionRef: '党组会议纪要编号', partyDecision: '党组集体研究决定',
    occurredAt: '发生时间', voucherNo: '凭证号', paidOn: '拨付日期', note: '说明', attachments: '附件',
  },
  'api::district.district': { code: '代码', name: '名称', kind: '类别', sortOrder: '排序' },
  'api::file-access.file-access': {
    actorId: '工作人员 ID', actorName: '工作人员', actorRole: '角色', attachmentId: '附件（文档 ID）', fileName: '文件名', ownerType: '所属类别',
    ownerId: '所属记录（文档 ID）', mode: '方式', address: '来源地址', accessedAt: '查阅时间',
  },
  'api::idempotency-key.idempotency-key': { scope: '调用方', key: '幂等键', fingerprint: '请求摘要', status: '应答状态', response: '应答内容' },
  'api::login-failure.login-failure': { realm: '登录入口', account: '账号', address: '来源地址', failedAt: '失败时间' },
  'api::notification.notification': {
    channel: '渠道', recipientType: '接收方类别', recipientId: '接收方 ID', recipientEmail: '接收邮箱', template: '模板', subject: '主题',
    body: '正文', payload: '数据', application: '申报', delivery: '发送状态', attempts: '尝试次数', dedupeKey: '去重键', sentAt: '发送时间', nextAttemptAt: '下次重试时间', lastError: '最近错误',
  },
  'api::objection.objection': {
    publicity: '公示批次', application: '异议对象（申报）', objectorName: '异议人姓名', objectorOrganization: '异议人单位', phone: '联系电话',
    email: '电子邮箱', reason: '异议事实和理由', files: '签字盖章扫描件', resolution: '处理结果', finding: '核查情况', reply: '答复',
    lodgedAt: '提出时间', decidedAt: '处理时间', decidedBy: '核查人', receiptNo: '异议编号', lookupKeyHash: '查询码（摘要）',
  },
  'api::organization.organization': {
    name: '单位名称', uscc: '统一社会信用代码', legalForm: '单位类型', district: '所属区', legalRepresentative: '法定代表人',
    contactName: '联系人', contactPhone: '联系电话', contactEmail: '联系邮箱', address: '地址', users: '门户账号', joinCode: '加入码',
  },
  'api::performance-report.performance-report': { application: '申报', organization: '单位', kind: '类别', period: '期间', content: '内容', submittedAt: '提交时间' },
  'api::program.program': {
    key: '代码', name: '名称', description: '说明', policyBasis: '政策依据', effectiveOn: '施行日期', effectiveOnNote: '施行日期说明（如为占位日期请注明）',
    endsOn: '失效日期', endsOnNote: '失效时间说明（未定失效日期时显示）', acceptsSocialGroups: '社会团体可申报', acceptsFoundations: '基金会可申报',
    acceptsSocialServiceAgencies: '社会服务机构（民非）可申报', baseDescription: '计算基数', ratioBp: '奖补比例（万分比）',
    capFen: '上限（分）', roundingMode: '取整方式', capScope: '上限范围', ruleVersion: '规则版本', annualBudgets: '年度预算',
    workflowKey: '审批流程', publicityWorkingDays: '公示期（工作日）', reportRules: '拨付后报送计划', contactPhone: '咨询电话', contactEmail: '咨询邮箱', sortOrder: '排序',
  },
  'api::publicity.publicity': {
    title: '标题', kind: '公示类别', program: '资金项目', applications: '公示项目', workingDays: '公示期（工作日）', startsAt: '开始时间',
    endsAt: '结束时间', phase: '阶段', snapshot: '公示名单（发布时快照）', closedAt: '结束处理时间',
  },
  'api::review-record.review-record': {
    application: '申报', seq: '序号', stage: '环节', action: '操作', fromState: '原环节', toState: '新环节', actorType: '办理人类别',
    actorId: '办理人 ID', actorName: '办理人', actorRole: '办理人角色', actorDistrict: '办理人所属区', actorInstitution: '办理机构',
    opinion: '意见', flaggedFields: '需补正内容', scores: '评分', amountFen: '金额（分）', attachments: '附件', coiDeclared: '已声明无利益冲突',
    occurredAt: '办理时间', workflowKey: '审批流程', workflowVersion: '审批流程版本', formHash: '表单哈希', answers: '提交内容',
    answersHash: '提交内容哈希', prevHash: '上一条哈希', hash: '哈希', format: '记录格式版本', subject: '记录事项（异议、公示批次）',
  },
  'api::reviewer-profile.reviewer-profile': {
    adminUser: '管理员账号', displayName: '姓名', role: '审批角色', district: '所属区', institution: '所属机构', relatedUsccs: '关联单位信用代码', expertField: '专业领域（评审专家）', employer: '工作单位', employerUscc: '工作单位统一社会信用代码', supervisor: '上级（超期升级提醒）', active: '启用', digestOptOut: '不接收每日待办邮件',
  },
  'api::task-spec.task-spec': {
    title: '标题', slug: '网址别名', kind: '类别', program: '资金项目', year: '年度', summary: '摘要', body: '正文', buildTasks: '建设任务',
    materials: '申报材料', opensAt: '开始申报时间', closesAt: '截止申报时间', formDefinition: '申报表单', formVersion: '表单版本',
    formHistory: '表单历史版本', attachments: '附件',
  },
  'api::workflow.workflow': { key: '代码', version: '版本', name: '名称', definition: '流程定义', checksum: '校验和', lifecycle: '状态' },
  'call.build-task': { title: '任务名称', description: '任务说明', acceptanceCriteria: '验收标准', deadline: '完成期限' },
  'call.material': { key: '代码', name: '材料名称', stage: '提交阶段', required: '必须提交', acceptedTypes: '文件类型', note: '说明' },
  'contact.topic-contact': { topic: '意见类别', name: '联系人', phone: '电话', email: '邮箱' },
  'finance.annual-budget': { year: '年度', amountFen: '预算金额（分）', note: '说明' },
  'supervision.report-rule': { kind: '报送类型', everyMonths: '间隔（月）', count: '期数', graceDays: '逾期宽限（天）', form: '报送表单' },
};

const LIST_FIELDS: Record<string, string[]> = {
  'api::consultation-feedback.consultation-feedback': ['receiptNo', 'name', 'organizationName', 'topic', 'submittedAt'],
  'api::application.application': ['serialNo', 'title', 'organizationName', 'district', 'state', 'stateChangedAt'],
  // By name, not by the code or the web address alias (those stay in the edit view).
  'api::program.program': ['name', 'effectiveOn', 'endsOn', 'ratioBp', 'sortOrder'],
  'api::workflow.workflow': ['name', 'version', 'lifecycle'],
  'api::task-spec.task-spec': ['title', 'kind', 'program', 'closesAt'],
  'api::article.article': ['title', 'category', 'issuedAt', 'issuer'],
  'api::consultation.consultation': ['title', 'issuedAt', 'deadline', 'issuer'],
};

/**
 * The field a relation shows its target by (in relation pickers, list cells and filters): the
 * human name. Strapi's default is the first text field, which for these types is a code or an id.
 */
export const MAIN_FIELDS: Record<string, string> = {
  'api::application.application': 'title',
  'api::attachment.attachment': 'originalName',
  'api::calendar-day.calendar-day': 'name',
  'api::consultation-feedback.consultation-feedback': 'receiptNo',
  'api::credit-record.credit-record': 'organizationName',
  'api::district.district': 'name',
  'api::objection.objection': 'receiptNo',
  'api::organization.organization': 'name',
  'api::party-decision.party-decision': 'minuteNo',
  'api::program.program': 'name',
  'api::publicity.publicity': 'title',
  // a record has no name, and who acted may be a login name: the record's number in its chain
  'api::review-record.review-record': 'seq',
  'api::reviewer-profile.reviewer-profile': 'displayName',
  'api::task-spec.task-spec': 'title',
  'api::workflow.workflow': 'name',
  // a repeatable component's entries are titled by their main field
  'call.material': 'name',
  'call.build-task': 'title',
  'contact.topic-contact': 'name',
};

/** Strapi's own choice of main field: the first string attribute, else the id. */
const defaultMainField = (schema: any) => Object.keys(schema.attributes).find((name) => schema.attributes[name].type === 'string') ?? 'id';

function relabel(configuration: any, labels: Record<string, string>) {
  const metadatas = configuration.metadatas ?? {};
  let changed = false;
  for (const [field, label] of Object.entries({ ...COMMON, ...labels })) {
    const meta = metadatas[field];
    if (!meta) continue;
    for (const view of ['edit', 'list'] as const) {
      if (meta[view] && (!meta[view].label || meta[view].label === field)) {
        meta[view].label = label;
        changed = true;
      }
    }
  }
  return { metadatas, changed };
}

export async function applyAdminLabels(strapi: Core.Strapi) {
  const contentTypes = strapi.plugin('content-manager').service('content-types') as any;
  const components = strapi.plugin('content-manager').service('components') as any;
  for (const [uid, labels] of Object.entries(ADMIN_LABELS)) {
    const isComponent = !uid.startsWith('api::');
    const schema = isComponent ? components.findComponent(uid) : contentTypes.findContentType(uid);
    if (!schema) continue;
    const configuration = isComponent ? await components.findConfiguration(schema) : await contentTypes.findConfiguration(schema);
    const { metadatas, changed: relabelled } = relabel(configuration, labels);
    let changed = relabelled;
    // Each relation of this type names its target by the target's main field too.
    for (const [field, attribute] of Object.entries<any>(schema.attributes ?? {})) {
      const wanted = attribute.type === 'relation' ? MAIN_FIELDS[attribute.target] : undefined;
      const edit = metadatas[field]?.edit;
      const target = wanted && strapi.contentTypes[attribute.target as keyof typeof strapi.contentTypes];
      if (target && edit && edit.mainField !== wanted && [defaultMainField(target), 'id', 'documentId', undefined].includes(edit.mainField)) {
        edit.mainField = wanted;
        changed = true;
      }
    }
    const settings = configuration.settings ?? {};
    const mainField = MAIN_FIELDS[uid];
    // Set while still Strapi's default, so a choice staff make in "Configure the view" is kept.
    if (mainField && settings.mainField !== mainField && [defaultMainField(schema), 'id', 'documentId', undefined].includes(settings.mainField)) {
      settings.mainField = mainField;
      changed = true;
    }
    const layouts = configuration.layouts ?? {};
    const list = LIST_FIELDS[uid];
    // Replace the list only while it is Strapi's default (it starts with the id column).
    if (list && Array.isArray(layouts.list) && layouts.list[0] === 'id') {
      layouts.list = list.filter((field) => metadatas[field]);
      changed = true;
    }
    if (changed) {
      const { uid: _uid, isComponent: _isComponent, category: _category, ...rest } = configuration;
      if (isComponent) await components.updateConfiguration(schema, { ...rest, settings, metadatas, layouts });
      else await contentTypes.updateConfiguration(schema, { ...rest, settings, metadatas, layouts });
    }
  }
}
