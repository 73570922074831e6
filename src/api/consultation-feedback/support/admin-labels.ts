import type { Core } from '@strapi/strapi';

/**
 * Chinese field labels in the Content Manager for the records the public sends (consultation
 * feedback, objections) and their private files. Only labels still at Strapi's default (the
 * field name) are set, so labels staff change in "Configure the view" are kept.
 */
const LABELS: Record<string, Record<string, string>> = {
  'api::consultation-feedback.consultation-feedback': {
    receiptNo: '回执编号',
    consultationDocumentId: '征求意见（文档 ID）',
    name: '姓名',
    organizationName: '单位',
    phone: '联系电话',
    email: '电子邮箱',
    topic: '意见类别',
    comment: '意见内容',
    files: '附件（Word 文件和签字盖章扫描件）',
    submittedAt: '提交时间',
  },
  'api::objection.objection': {
    publicity: '公示批次',
    application: '异议对象（申报）',
    objectorName: '异议人姓名',
    objectorOrganization: '异议人单位',
    phone: '联系电话',
    email: '电子邮箱',
    reason: '异议事实和理由',
    files: '签字盖章扫描件',
    resolution: '处理结果',
    finding: '核查情况',
    reply: '答复',
    lodgedAt: '提出时间',
    decidedAt: '处理时间',
  },
  'api::attachment.attachment': {
    application: '所属申报',
    consultationFeedback: '所属征求意见反馈',
    objection: '所属公示异议',
    slot: '附件栏',
    originalName: '文件名',
    ext: '类型',
    mime: 'MIME 类型',
    sizeBytes: '大小（字节）',
    sha256: 'SHA-256',
    uploadedBy: '上传人',
  },
};

const LIST_FIELDS: Record<string, string[]> = {
  'api::consultation-feedback.consultation-feedback': ['receiptNo', 'name', 'organizationName', 'topic', 'submittedAt'],
};

export async function applyAdminLabels(strapi: Core.Strapi) {
  const service = strapi.plugin('content-manager').service('content-types') as any;
  for (const [uid, labels] of Object.entries(LABELS)) {
    const contentType = service.findContentType(uid);
    if (!contentType) continue;
    const configuration = await service.findConfiguration(contentType);
    const metadatas = configuration.metadatas ?? {};
    let changed = false;
    for (const [field, label] of Object.entries(labels)) {
      const meta = metadatas[field];
      if (!meta) continue;
      for (const view of ['edit', 'list'] as const) {
        if (meta[view] && (!meta[view].label || meta[view].label === field)) {
          meta[view].label = label;
          changed = true;
        }
      }
    }
    const layouts = configuration.layouts ?? {};
    const list = LIST_FIELDS[uid];
    // Replace the list only while it is Strapi's default (it starts with the id column).
    if (list && Array.isArray(layouts.list) && layouts.list[0] === 'id') {
      layouts.list = list.filter((field) => metadatas[field]);
      changed = true;
    }
    if (changed) {
      const { uid: _uid, isComponent: _isComponent, ...rest } = configuration;
      await service.updateConfiguration(contentType, { ...rest, metadatas, layouts });
    }
  }
}
