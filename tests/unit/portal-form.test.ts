import type { FormDefinition } from '../../src/domain/forms/types';
import { addRowRequest, parseAnswers, removedFiles } from '../../src/portal/form/parse';
import { dottedPath, errorLinks, formErrorSummary, renderAnswers, renderForm } from '../../src/portal/form/render';

const DEFINITION: FormDefinition = {
  title: '测试申报书',
  type: 'object',
  'x-sections': [
    { key: 'basic', title: '基本信息' },
    { key: 'materials', title: '申报材料' },
  ],
  properties: {
    projectName: { type: 'string', title: '项目名称', description: '与合同一致', maxLength: 100, 'x-ui': { widget: 'text', section: 'basic', order: 1, placeholder: '例如：工业质检数据集' } },
    summary: { type: 'string', title: '项目简介', 'x-ui': { widget: 'textarea', section: 'basic', order: 2 } },
    scaleGb: { type: 'integer', title: '规模（GB）', 'x-ui': { widget: 'integer', section: 'basic', order: 3 } },
    amountFen: { type: 'integer', title: '金额（元）', 'x-ui': { widget: 'money', section: 'basic', order: 4 } },
    startDate: { type: 'string', title: '开始日期', format: 'date', 'x-ui': { widget: 'date', section: 'basic', order: 5 } },
    direction: { type: 'string', title: '方向', enum: ['a', 'b'], 'x-ui': { widget: 'select', section: 'basic', order: 6, labels: ['甲方向', '乙方向'] } },
    condition: { type: 'string', title: '条件', enum: ['x', 'y'], 'x-ui': { widget: 'radio', section: 'basic', order: 7, labels: ['条件X', '条件Y'] } },
    tags: { type: 'array', title: '标签', items: { type: 'string', enum: ['t1', 't2'] }, 'x-ui': { widget: 'checkboxes', section: 'basic', order: 8, labels: ['标签一', '标签二'] } },
    hasCompute: { type: 'boolean', title: '是否有算力投入', 'x-ui': { widget: 'yesno', section: 'basic', order: 9 } },
    computeNote: { type: 'string', title: '算力说明', 'x-ui': { widget: 'text', section: 'basic', order: 10, visibleWhen: { field: 'hasCompute', equals: true } } },
    partnerUscc: { type: 'string', title: '合作单位代码', 'x-ui': { widget: 'uscc', section: 'basic', order: 11 } },
    phone: { type: 'string', title: '电话', 'x-ui': { widget: 'phone', section: 'basic', order: 12 } },
    email: { type: 'string', title: '邮箱', 'x-ui': { widget: 'email', section: 'basic', order: 13 } },
    members: {
      type: 'array',
      title: '团队成员',
      items: { type: 'object', title: '成员', properties: { name: { type: 'string', title: '姓名', 'x-ui': { widget: 'text' } }, share: { type: 'integer', title: '占比', 'x-ui': { widget: 'integer' } } }, required: ['name'], 'x-ui': { widget: 'text' } } as any,
      'x-ui': { widget: 'table', section: 'basic', order: 14 },
    },
    licence: { type: 'array', title: '营业执照', items: { type: 'string' }, 'x-ui': { widget: 'file', section: 'materials', accept: ['pdf', 'png'], maxSizeMb: 5, maxCount: 3 } },
    commitTruthful: { type: 'boolean', title: '所报材料真实', 'x-ui': { widget: 'yesno', commitment: true, order: 99 } },
  },
  required: ['projectName', 'licence'],
};

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

describe('renderForm', () => {
  const page = renderForm({
    definition: DEFINITION,
    answers: { projectName: HOSTILE, amountFen: 123456, direction: 'b', condition: 'y', tags: ['t2'], hasCompute: false, members: [{ name: HOSTILE, share: 30 }], commitTruthful: true },
    errors: { projectName: '必填', 'members.0.share': '应为整数', licence: '请上传附件' },
    files: { licence: [{ id: 'att1', name: `${HOSTILE}.pdf` }] },
  }).value;

  it('escapes hostile answers and file names everywhere', () => {
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders sections as fieldsets with labels, help, placeholders and required marks', () => {
    expect(page).toContain('<fieldset class="form-section" id="section-basic"><legend>基本信息</legend>');
    expect(page).toContain('<label for="f-a-projectName">项目名称');
    expect(page).toContain('与合同一致');
    expect(page).toContain('placeholder="例如：工业质检数据集"');
    expect(page).toMatch(/项目名称<span class="required"/);
    // Fields without a known section go into a section of their own.
    expect(page).toContain('其他信息');
  });

  it('renders each widget', () => {
    expect(page).toContain('<textarea id="f-a-summary" name="a.summary"');
    expect(page).toContain('name="a.scaleGb" type="text" inputmode="numeric"');
    expect(page).toContain('value="1234.56"');
    expect(page).toContain('name="a.startDate" type="date"');
    expect(page).toContain('<option value="b" selected>乙方向</option>');
    expect(page).toMatch(/type="radio" name="a.condition" value="y" checked/);
    expect(page).toMatch(/type="checkbox" name="a.tags" value="t2" checked/);
    expect(page).toMatch(/type="radio" name="a.hasCompute" value="false" checked/);
    expect(page).toContain('name="a.partnerUscc" type="text" maxlength="18"');
    expect(page).toContain('type="tel"');
    expect(page).toContain('type="email"');
    expect(page).toMatch(/type="checkbox" id="f-a-commitTruthful" name="a.commitTruthful" value="true" checked/);
    expect(page).toContain('本单位承诺：所报材料真实');
  });

  it('renders a table with its rows plus one empty row, and a no-JS add-row button', () => {
    expect(page).toContain('name="a.members.0.name"');
    expect(page).toContain('name="a.members.1.name"');
    expect(page).not.toContain('name="a.members.2.name"');
    expect(page).toContain('<input type="hidden" name="rows.members" value="2">');
    expect(page).toContain('<button type="submit" name="addRow" value="members"');
    expect(page).toContain('aria-label="第1行 占比"');
  });

  it('lists stored files with download links and remove boxes, and a multiple file input', () => {
    expect(page).toContain('<a href="/files/att1">');
    expect(page).toContain('name="remove.licence" value="att1"');
    expect(page).toContain('name="file.licence" type="file" multiple accept=".pdf,.png"');
  });

  it('shows errors next to the fields, with aria-invalid', () => {
    expect(page).toContain('<p class="field-error" id="f-a-projectName-error">必填</p>');
    expect(page).toContain('<p class="field-error" id="f-a-members-0-share-error">应为整数</p>');
    expect(page).toContain('<p class="field-error" id="f-file-licence-error">请上传附件</p>');
    expect(page).toMatch(/id="f-a-projectName"[^>]*aria-invalid="true"/);
  });

  it('marks conditional fields for the script and explains the condition without it', () => {
    expect(page).toContain('data-visible-when="{&quot;field&quot;:&quot;hasCompute&quot;,&quot;equals&quot;:true}"');
    expect(page).toContain('仅当「是否有算力投入」为“是”时需要填写');
  });

  it('makes only the editable fields editable and highlights flagged ones', () => {
    const returned = renderForm({ definition: DEFINITION, answers: { projectName: '旧名称', summary: '简介' }, editable: ['summary'], flagged: ['summary'], files: { licence: [{ id: 'att1', name: 'a.pdf' }] } }).value;
    expect(returned).not.toContain('name="a.projectName"');
    expect(returned).toContain('旧名称');
    expect(returned).toContain('name="a.summary"');
    expect(returned).toContain('审核意见要求修改此项');
    expect(returned).not.toContain('name="file.licence"');
    expect(returned).not.toContain('remove.licence');
  });

  it('summarises errors with links to the controls and the labels', () => {
    const links = errorLinks(DEFINITION, { projectName: '必填', 'members.0.share': '应为整数', licence: '请上传附件' });
    expect(links).toEqual([
      { href: '#f-a-projectName', text: '项目名称：必填' },
      { href: '#f-a-members-0-share', text: '团队成员 第1行 占比：应为整数' },
      { href: '#f-file-licence', text: '营业执照：请上传附件' },
    ]);
    expect(formErrorSummary(DEFINITION, { [HOSTILE]: HOSTILE }).toString()).not.toContain('<script>');
    expect(dottedPath('members[1].name')).toBe('members.1.name');
    expect(dottedPath('answers.projectName')).toBe('projectName');
  });
});

describe('renderAnswers', () => {
  it('shows the answers read-only with labels for choices, money in 元 and escaped text', () => {
    const view = renderAnswers(DEFINITION, { projectName: HOSTILE, amountFen: 500_000_000, direction: 'a', hasCompute: true, commitTruthful: true, members: [{ name: '张三', share: 50 }] }, { licence: [{ id: 'f1', name: 'x.pdf' }] }, ['projectName']).value;
    expect(view).not.toContain('<script>');
    expect(view).toContain('5,000,000.00元');
    expect(view).toContain('甲方向');
    expect(view).toContain('已承诺');
    expect(view).toContain('张三');
    expect(view).toContain('<a href="/files/f1">x.pdf</a>');
    expect(view).toContain('需补正');
    expect(view).not.toContain('<input');
  });
});

describe('parseAnswers', () => {
  it('turns posted fields into typed answers, leaving empty ones out', () => {
    const answers = parseAnswers(DEFINITION, {
      'a.projectName': '  示例项目 ',
      'a.summary': '第一行\r\n第二行',
      'a.scaleGb': '12',
      'a.amountFen': '1,234.5',
      'a.startDate': '',
      'a.direction': 'a',
      'a.tags': ['t1', 't2'],
      'a.hasCompute': 'false',
      'a.partnerUscc': '91420100ma4k12345k',
      'a.commitTruthful': 'true',
      'rows.members': '3',
      'a.members.0.name': '张三',
      'a.members.0.share': '40',
      'a.members.1.name': '',
      'a.members.1.share': '',
      'a.members.2.name': '李四',
      'a.licence': ['forged-id'],
    });
    expect(answers).toEqual({
      projectName: '示例项目',
      summary: '第一行\n第二行',
      scaleGb: 12,
      amountFen: 123450,
      direction: 'a',
      tags: ['t1', 't2'],
      hasCompute: false,
      partnerUscc: '91420100MA4K12345K',
      commitTruthful: true,
      members: [{ name: '张三', share: 40 }, { name: '李四' }],
    });
  });

  it('keeps what does not convert as the typed string, for the server to name', () => {
    const answers = parseAnswers(DEFINITION, { 'a.scaleGb': '十二', 'a.amountFen': '12.345', 'rows.members': '1', 'a.members.0.share': 'abc' });
    expect(answers).toEqual({ scaleGb: '十二', amountFen: '12.345', members: [{ share: 'abc' }] });
  });

  it('reads only the keys it is given (after a return, the flagged ones)', () => {
    expect(parseAnswers(DEFINITION, { 'a.projectName': '新', 'a.summary': '改' }, ['summary'])).toEqual({ summary: '改' });
  });

  it('caps the row count a client claims', () => {
    const answers = parseAnswers(DEFINITION, { 'rows.members': '100000000', 'a.members.5.name': '王五' });
    expect(answers.members).toEqual([{ name: '王五' }]);
  });

  it('reads removal boxes and the add-row button', () => {
    expect(removedFiles(DEFINITION, { 'remove.licence': ['a1', 'a2'], 'remove.projectName': 'x' })).toEqual({ licence: ['a1', 'a2'] });
    expect(addRowRequest(DEFINITION, { addRow: 'members' })).toBe('members');
    expect(addRowRequest(DEFINITION, { addRow: 'projectName' })).toBeNull();
  });
});
