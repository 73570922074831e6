import type { FormDefinition } from '../../src/domain/forms/types';
import { choiceLabel, fieldChoices, formatMoney, formatValue, liveAward, renderAnswers } from '../../src/admin/desk/render';

/** The desk's "as submitted" rendering and its live award: pure helpers, checked without a browser. */
const definition: FormDefinition = {
  title: '申报书',
  type: 'object',
  'x-sections': [
    { key: 'basic', title: '基本信息' },
    { key: 'commitments', title: '申报承诺' },
  ],
  properties: {
    projectName: { type: 'string', title: '项目名称', 'x-ui': { widget: 'text', section: 'basic', order: 1 } },
    taskKey: { type: 'string', title: '申报任务方向', enum: ['manufacturing', 'health'], 'x-ui': { widget: 'select', labels: ['工业制造', '医疗健康'], section: 'basic', order: 2 } },
    areas: { type: 'array', title: '应用领域', items: { type: 'string', enum: ['a', 'b'] }, 'x-ui': { widget: 'checkboxes', labels: ['交通', '金融'], section: 'basic', order: 3 } },
    investmentFen: { type: 'integer', title: '计划建设投入（元）', 'x-ui': { widget: 'money', section: 'basic', order: 4 } },
    hasCompute: { type: 'boolean', title: '是否有算力投入', 'x-ui': { widget: 'yesno', section: 'basic', order: 5 } },
    computeNote: { type: 'string', title: '算力说明', 'x-ui': { widget: 'textarea', section: 'basic', order: 6, visibleWhen: { field: 'hasCompute', equals: true } } },
    members: {
      type: 'array',
      title: '项目成员',
      items: { type: 'object', title: '成员', properties: { name: { type: 'string', title: '姓名', 'x-ui': { widget: 'text' } }, share: { type: 'integer', title: '经费', 'x-ui': { widget: 'money' } } }, 'x-ui': { widget: 'text' } },
      'x-ui': { widget: 'table', section: 'basic', order: 7 },
    },
    licence: { type: 'array', title: '营业执照', items: { type: 'string' }, 'x-ui': { widget: 'file', section: 'basic', order: 8 } },
    commitTruthful: { type: 'boolean', title: '所报材料真实', 'x-ui': { widget: 'yesno', commitment: true, section: 'commitments' } },
  },
};

const answers = {
  projectName: '工业质检数据集',
  taskKey: 'manufacturing',
  areas: ['a', 'b'],
  investmentFen: 500_000_000,
  hasCompute: false,
  computeNote: '不应显示',
  members: [{ name: '李华', share: 12_345 }],
  licence: ['att-1', 'att-2'],
  commitTruthful: true,
};

it('renders the answers by section, with labels, choices by label, money, yes/no, tables, files and commitments', () => {
  const sections = renderAnswers(definition, answers);
  expect(sections.map((s) => s.title)).toEqual(['基本信息', '申报承诺']);
  const byKey = Object.fromEntries(sections.flatMap((s) => s.fields).map((f) => [f.key, f]));
  expect(byKey.projectName).toMatchObject({ label: '项目名称', text: '工业质检数据集' });
  expect(byKey.taskKey.text).toBe('工业制造');
  expect(byKey.areas.text).toBe('交通、金融');
  expect(byKey.investmentFen.text).toBe('5,000,000.00元（500万元）');
  expect(byKey.hasCompute.text).toBe('否');
  expect(byKey.computeNote).toBeUndefined(); // hidden by its condition, as the applicant saw the form
  expect(byKey.members.table).toEqual({ columns: ['姓名', '经费'], rows: [['李华', '123.45元']] });
  expect(byKey.licence.files).toEqual(['att-1', 'att-2']);
  expect(byKey.commitTruthful).toMatchObject({ commitment: true, text: '已承诺' });
});

it('says what is missing rather than showing nothing', () => {
  expect(formatValue(definition.properties.projectName, '')).toBe('（未填写）');
  expect(formatMoney(null)).toBe('（未填写）');
  expect(choiceLabel(definition.properties.taskKey, 'unknown')).toBe('unknown');
  expect(renderAnswers(null, answers)).toEqual([]);
});

it('offers the form\'s fields, in order, for flagging on a return', () => {
  expect(fieldChoices(definition).slice(0, 2)).toEqual([
    { key: 'projectName', label: '项目名称' },
    { key: 'taskKey', label: '申报任务方向' },
  ]);
});

describe('the live award', () => {
  const program = { ratioBp: 3000, capFen: 200_000_000, rounding: 'floor', capScope: 'per_project', ruleVersion: 'v1' };

  it('is 30% of the recognised amount, at most 200万元', () => {
    expect(liveAward(program, '500万元')).toEqual({ awardFen: 150_000_000, capApplied: false });
    expect(liveAward(program, '800万元')).toEqual({ awardFen: 200_000_000, capApplied: true });
    expect(liveAward(program, '1,234.56元')).toEqual({ awardFen: 37_036, capApplied: false });
  });

  it('explains a malformed amount or a programme without a rule', () => {
    expect(liveAward(program, '')).toEqual({});
    expect(liveAward(program, '十万')).toMatchObject({ error: expect.stringContaining('格式不正确') });
    expect(liveAward(null, '100元')).toEqual({ error: '专项未设置奖补比例或上限' });
  });
});
