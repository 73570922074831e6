import {
  FormDefinition,
  FormDefinitionError,
  compileForm,
  diffAnswers,
  diffDefinitions,
  findDuplicateKeys,
  parseFormDefinitionText,
  validateFormDefinition,
  commitmentsOf,
  commitmentsSigned,
  visibleKeys,
} from '../../src/domain/forms';
import { DATASET_FORM, DATA_PRODUCT_FORM } from '../../src/seed/data/content';

const form: FormDefinition = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: '测试申报书',
  type: 'object',
  'x-sections': [{ key: 'basic', title: '基本信息' }],
  properties: {
    name: { type: 'string', title: '项目名称', minLength: 2, maxLength: 20, 'x-ui': { widget: 'text', section: 'basic' } },
    summary: { type: 'string', title: '简介', 'x-ui': { widget: 'textarea' } },
    staff: { type: 'integer', title: '研发人数', minimum: 1, maximum: 10000, 'x-ui': { widget: 'integer' } },
    budgetFen: { type: 'integer', title: '预算', 'x-ui': { widget: 'money' } },
    start: { type: 'string', title: '开始日期', 'x-ui': { widget: 'date' } },
    field: { type: 'string', title: '领域', enum: ['a', 'b'], 'x-ui': { widget: 'select', labels: ['甲', '乙'] } },
    level: { type: 'string', title: '级别', enum: ['x', 'y'], 'x-ui': { widget: 'radio' } },
    tags: { type: 'array', title: '标签', items: { type: 'string', enum: ['t1', 't2', 't3'] }, minItems: 1, 'x-ui': { widget: 'checkboxes' } },
    hasCompute: { type: 'boolean', title: '是否有算力投入', 'x-ui': { widget: 'yesno' } },
    computeFen: { type: 'integer', title: '算力投入', 'x-ui': { widget: 'money', visibleWhen: { field: 'hasCompute', equals: true } } },
    partnerUscc: { type: 'string', title: '合作单位信用代码', 'x-ui': { widget: 'uscc' } },
    phone: { type: 'string', title: '联系电话', 'x-ui': { widget: 'phone' } },
    email: { type: 'string', title: '邮箱', 'x-ui': { widget: 'email' } },
    members: {
      type: 'array',
      title: '项目成员',
      minItems: 1,
      maxItems: 3,
      items: { type: 'object', title: '成员', properties: { name: { type: 'string', title: '姓名', 'x-ui': { widget: 'text' } }, years: { type: 'integer', title: '年限', minimum: 0, 'x-ui': { widget: 'integer' } } }, required: ['name'], 'x-ui': { widget: 'text' } } as any,
      'x-ui': { widget: 'table' },
    },
    licence: { type: 'array', title: '营业执照', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf', 'jpg'], maxSizeMb: 10, minCount: 1, maxCount: 2 } },
  },
  required: ['name', 'staff', 'budgetFen', 'field', 'computeFen', 'licence', 'members'],
};

const valid = {
  name: '高质量数据集',
  summary: '简介',
  staff: 12,
  budgetFen: 100_000,
  start: '2026-03-01',
  field: 'a',
  level: 'x',
  tags: ['t1'],
  hasCompute: false,
  partnerUscc: '91350100M000100Y43',
  phone: '027-65770039',
  email: 'ssjjsjzlc@163.com',
  members: [{ name: '张三', years: 3 }],
  licence: ['file-1'],
};

const compiled = compileForm(form);
/** Paths and messages; the labels are checked on their own below. */
const plain = (errors: Array<{ path: string; message: string }>) => errors.map(({ path, message }) => ({ path, message }));
const errorsFor = (answers: object, mode: 'lenient' | 'strict' = 'strict') => plain(compiled.validate(answers, mode));

describe('the seeded demo forms', () => {
  it.each([['dataset', DATASET_FORM], ['data_product', DATA_PRODUCT_FORM]])('%s is a valid definition', (_key, definition) => {
    expect(validateFormDefinition(definition)).toBe(definition);
  });
});

describe('strict validation (submission)', () => {
  it('accepts a complete, valid submission', () => {
    expect(errorsFor(valid)).toEqual([]);
  });

  it.each([
    ['name', 'x', '至少填写2个字'],
    ['name', '长'.repeat(21), '不能超过20个字'],
    ['name', 42, '应为文本'],
    ['staff', 0, '不能小于1'],
    ['staff', 2.5, '应为整数'],
    ['staff', '12', '应为整数'],
    ['budgetFen', -1, '金额不能为负数'],
    ['budgetFen', 1.5, '应为整数'],
    ['start', '2026-02-30', '日期格式应为 YYYY-MM-DD'],
    ['start', '2026/03/01', '日期格式应为 YYYY-MM-DD'],
    ['field', 'c', '请从给定选项中选择'],
    ['tags', ['t1', 't1'], '选项不能重复'],
    ['tags', [], '至少选择1项'],
    ['hasCompute', 'yes', '应为“是”或“否”'],
    ['partnerUscc', '91350100M000100Y4Z', '统一社会信用代码校验位不正确，请核对后重新输入'],
    ['phone', '12345', '电话号码格式不正确（手机号或带区号的座机）'],
    ['email', 'not-an-email', '电子邮箱格式不正确'],
    ['members', [], '至少填写1行'],
    ['members', [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }], '最多填写3行'],
    ['licence', ['a', 'b', 'c'], '最多上传2个文件'],
  ])('refuses %s = %p with “%s”', (key, value, message) => {
    expect(errorsFor({ ...valid, [key]: value })).toContainEqual({ path: key, message });
  });

  it('names the item of a multiple choice that is not an option', () => {
    expect(errorsFor({ ...valid, tags: ['t1', 't9'] })).toContainEqual({ path: 'tags[1]', message: '请从给定选项中选择' });
  });

  it('names each field by its label, and a table cell by its row and column', () => {
    expect(compiled.validate({ ...valid, staff: 0, members: [{ name: '张三' }, { years: -1 }] }, 'strict')).toEqual(
      expect.arrayContaining([
        { path: 'staff', message: '不能小于1', label: '研发人数' },
        { path: 'members[1].name', message: '必填', label: '项目成员第2行「姓名」' },
        { path: 'members[1].years', message: '不能小于0', label: '项目成员第2行「年限」' },
      ]),
    );
  });

  it('names the path inside a table row', () => {
    expect(errorsFor({ ...valid, members: [{ name: '张三' }, { years: -1 }] })).toEqual(
      expect.arrayContaining([
        { path: 'members[1].name', message: '必填' },
        { path: 'members[1].years', message: '不能小于0' },
      ]),
    );
  });

  it('requires the required fields, naming each', () => {
    expect(errorsFor({ hasCompute: false }).filter((e) => e.message === '必填' || e.message === '请上传附件').map((e) => e.path).sort()).toEqual(
      ['budgetFen', 'field', 'licence', 'members', 'name', 'staff'].sort(),
    );
  });

  it('requires a conditional field only when it is shown, and ignores it when hidden', () => {
    expect(errorsFor({ ...valid, hasCompute: true })).toEqual([{ path: 'computeFen', message: '必填' }]);
    expect(errorsFor({ ...valid, hasCompute: true, computeFen: 5_000 })).toEqual([]);
    expect(errorsFor({ ...valid, hasCompute: false, computeFen: -5 })).toEqual([]);
  });

  it('refuses unknown fields and prototype-pollution keys', () => {
    expect(errorsFor({ ...valid, extra: 1 })).toContainEqual({ path: 'extra', message: '未知字段「extra」' });
    expect(errorsFor(JSON.parse(`{"__proto__": {"admin": true}, "name": "正常名称"}`), 'lenient')).toContainEqual({ path: '__proto__', message: '未知字段「__proto__」' });
    expect(({} as any).admin).toBeUndefined();
  });

  it.each([null, [], 'text', 42])('refuses answers that are not an object: %p', (answers) => {
    expect(plain(compiled.validate(answers, 'strict'))).toEqual([{ path: '', message: '申报内容必须是一个对象' }]);
  });
});

describe('lenient validation (draft save)', () => {
  it('keeps a half-filled draft: missing fields and unfinished values pass', () => {
    expect(errorsFor({ name: 'x', tags: [], start: '2026-0', members: [{}] }, 'lenient')).toEqual([]);
  });

  it('still refuses wrong types, unknown fields and oversize text', () => {
    expect(errorsFor({ staff: 'many', extra: true, name: '长'.repeat(21) }, 'lenient')).toEqual(
      expect.arrayContaining([
        { path: 'staff', message: '应为整数' },
        { path: 'extra', message: '未知字段「extra」' },
        { path: 'name', message: '不能超过20个字' },
      ]),
    );
  });
});

describe('conditions', () => {
  it('shows a field by equality, by membership and by being filled', () => {
    const conditional: FormDefinition = {
      ...form,
      properties: {
        ...form.properties,
        a: { type: 'string', title: 'A', 'x-ui': { widget: 'text', visibleWhen: { field: 'field', in: ['b'] } } },
        b: { type: 'string', title: 'B', 'x-ui': { widget: 'text', visibleWhen: { field: 'email', filled: true } } },
      },
    };
    expect(visibleKeys(conditional, { field: 'a', hasCompute: true })).toEqual(expect.arrayContaining(['computeFen']));
    expect(visibleKeys(conditional, { field: 'a' })).not.toContain('a');
    expect(visibleKeys(conditional, { field: 'b' })).toContain('a');
    expect(visibleKeys(conditional, { email: '' })).not.toContain('b');
    expect(visibleKeys(conditional, { email: 'x@y.cn' })).toContain('b');
  });
});

describe('definition validation', () => {
  const problems = (definition: unknown) => {
    try {
      validateFormDefinition(definition);
    } catch (error) {
      expect(error).toBeInstanceOf(FormDefinitionError);
      return (error as FormDefinitionError).problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    }
    throw new Error('expected a refusal');
  };
  const withField = (key: string, field: object) => ({ ...form, properties: { ...form.properties, [key]: field } });

  it('refuses an unknown field type', () => {
    expect(problems(withField('x', { type: 'string', title: 'X', 'x-ui': { widget: 'slider' } }))).toContain('未知的字段类型「slider」');
  });

  it('refuses a condition on a missing field, or on itself', () => {
    expect(problems(withField('x', { type: 'string', title: 'X', 'x-ui': { widget: 'text', visibleWhen: { field: 'ghost', filled: true } } }))).toContain('显示条件引用的字段「ghost」不存在');
    expect(problems(withField('x', { type: 'string', title: 'X', 'x-ui': { widget: 'text', visibleWhen: { field: 'x', filled: true } } }))).toContain('显示条件不能引用字段自身');
  });

  it('refuses duplicate keys in JSON text, which JSON.parse would swallow', () => {
    const text = JSON.stringify(form).replace('"summary":', '"name":');
    expect(findDuplicateKeys(text)).toEqual(['name']);
    expect(() => parseFormDefinitionText(text)).toThrow('字段标识「name」重复');
    expect(findDuplicateKeys('{"a": {"b": 1}, "c": [{"b": 2}, {"b": 3}], "s": "a\\"b"}')).toEqual([]);
    expect(parseFormDefinitionText(JSON.stringify(form)).title).toBe('测试申报书');
  });

  it.each([
    ['a mismatched JSON type', { type: 'integer', title: 'X', 'x-ui': { widget: 'text' } }, '类型应为 string'],
    ['a choice without options', { type: 'string', title: 'X', enum: [], 'x-ui': { widget: 'select' } }, '至少需要一个选项'],
    ['duplicate options', { type: 'string', title: 'X', enum: ['a', 'a'], 'x-ui': { widget: 'radio' } }, '选项不能重复'],
    ['labels that do not match the options', { type: 'string', title: 'X', enum: ['a', 'b'], 'x-ui': { widget: 'select', labels: ['甲'] } }, '选项名称与选项数量不一致'],
    ['limits in the wrong order', { type: 'string', title: 'X', minLength: 5, maxLength: 2, 'x-ui': { widget: 'text' } }, '下限不能大于上限'],
    ['a file type not allowed', { type: 'array', title: 'X', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['exe'], maxSizeMb: 5 } }, '允许的文件类型'],
    ['a file slot without a size limit', { type: 'array', title: 'X', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf'] } }, '0 到 200MB'],
    ['a table without columns', { type: 'array', title: 'X', items: { type: 'object', properties: {} }, 'x-ui': { widget: 'table' } }, '表格至少需要一列'],
    ['an empty name', { type: 'string', title: ' ', 'x-ui': { widget: 'text' } }, '字段名称不能为空'],
    ['an unknown section', { type: 'string', title: 'X', 'x-ui': { widget: 'text', section: 'nowhere' } }, '分组「nowhere」不存在'],
  ])('refuses %s', (_what, field, message) => {
    expect(problems(withField('x', field))).toContain(message);
  });

  it('refuses bad keys, a nested table, and required fields that do not exist', () => {
    const nested = { type: 'array', title: 'T', items: { type: 'object', properties: { inner: { type: 'array', title: 'I', items: { type: 'object', properties: { a: { type: 'string', title: 'A', 'x-ui': { widget: 'text' } } } }, 'x-ui': { widget: 'table' } } } }, 'x-ui': { widget: 'table' } };
    const text = problems({ ...withField('constructor', { type: 'string', title: 'C', 'x-ui': { widget: 'text' } }), properties: { ...form.properties, constructor: { type: 'string', title: 'C', 'x-ui': { widget: 'text' } }, t: nested }, required: ['ghost'] });
    expect(text).toContain('字段标识「constructor」无效');
    expect(text).toContain('表格中不能再嵌套表格');
    expect(text).toContain('必填字段「ghost」不存在');
  });

  it.each([null, [], 'form', { type: 'object', title: 'x', properties: {} }])('refuses %p', (definition) => {
    expect(() => validateFormDefinition(definition)).toThrow(FormDefinitionError);
  });
});

describe('承诺书 commitments', () => {
  const pledge = { type: 'boolean' as const, title: '近三年无重大安全事故', 'x-ui': { widget: 'yesno' as const, commitment: true } };
  const withPledge: FormDefinition = { ...form, properties: { ...form.properties, pledge }, required: [...form.required!, 'pledge'] };
  const pledged = compileForm(withPledge);

  it('seeds the four 第四条 commitments into both demo forms', () => {
    for (const definition of [DATASET_FORM, DATA_PRODUCT_FORM]) {
      expect(commitmentsOf(definition as FormDefinition).map((c) => c.key)).toEqual(['commitIndependentLegalPerson', 'commitNoSafetyAccident', 'commitNotCreditListed', 'commitTruthful']);
    }
  });

  it('keeps an unticked commitment in a draft but refuses it at submission, naming it', () => {
    expect(pledged.validate({ ...valid, pledge: false }, 'lenient')).toEqual([]);
    expect(plain(pledged.validate({ ...valid, pledge: false }, 'strict'))).toEqual([{ path: 'pledge', message: '请阅读并勾选此项承诺' }]);
    expect(plain(pledged.validate({ ...valid }, 'strict'))).toEqual([{ path: 'pledge', message: '必填' }]);
    expect(pledged.validate({ ...valid, pledge: true }, 'strict')).toEqual([]);
  });

  it('counts the commitments signed only when every one is ticked', () => {
    expect(commitmentsSigned(withPledge, { pledge: true })).toBe(true);
    expect(commitmentsSigned(withPledge, { pledge: false })).toBe(false);
    expect(commitmentsSigned(form, {})).toBe(false);
  });

  it.each([
    ['on a field that is not yes/no', { ...form.properties.name, 'x-ui': { widget: 'text', commitment: true } }, true, 'x-ui.commitment'],
    ['that is not required', pledge, false, 'x-ui.commitment'],
    ['hidden behind a condition', { ...pledge, 'x-ui': { ...pledge['x-ui'], visibleWhen: { field: 'name', filled: true } } }, true, 'x-ui.visibleWhen'],
  ])('refuses a commitment %s', (_case, field, required, path) => {
    const definition = { ...form, properties: { ...form.properties, pledge: field }, required: required ? [...form.required!, 'pledge'] : form.required };
    try {
      validateFormDefinition(definition);
      throw new Error('accepted');
    } catch (error) {
      expect((error as FormDefinitionError).problems).toContainEqual(expect.objectContaining({ path: `properties.pledge.${path}` }));
    }
  });
});

describe('diffs', () => {
  it('lists what an editor changed between two versions, field by field', () => {
    const next: FormDefinition = JSON.parse(JSON.stringify(form));
    next.properties.name.title = '项目名称（全称）';
    next.properties.name.maxLength = 50;
    delete (next.properties as any).summary;
    next.properties.website = { type: 'string', title: '网站', 'x-ui': { widget: 'text' } };
    next.required = [...(next.required ?? []), 'start'];
    const changes = diffDefinitions(form, next);
    expect(changes.map((c) => [c.path, c.change])).toEqual([
      ['name.名称', 'changed'],
      ['name.限制', 'changed'],
      ['summary', 'removed'],
      ['start.必填', 'changed'],
      ['website', 'added'],
    ]);
    expect(changes[0]).toMatchObject({ before: '项目名称', after: '项目名称（全称）', label: '项目名称（全称）：名称' });
  });

  it('lists what an applicant changed between two submissions', () => {
    const changes = diffAnswers(form, valid, { ...valid, staff: 15, email: undefined as any, website: 'x' } as any);
    expect(changes.map((c) => [c.path, c.label, c.change])).toEqual([
      ['staff', '研发人数', 'changed'],
      ['email', '邮箱', 'changed'],
      ['website', 'website', 'added'],
    ]);
    expect(diffAnswers(form, valid, { ...valid })).toEqual([]);
  });
});
