import { parseCreditCsv, parseCreditRows, parseCsv } from '../../src/domain/credit-list';

describe('CSV', () => {
  it('reads quoted fields, doubled quotes, embedded commas and newlines, and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\n\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere'], ['']]);
  });
});

describe('credit list import rows', () => {
  const header = '统一社会信用代码,主体名称,名单类型,列入日期,有效期至,文号\n';

  it('accepts good rows and reports each bad one with its line and reason', () => {
    const results = parseCreditCsv(
      header +
        '91420100MA4K12345K,甲公司,失信被执行人,2026-01-05,2027年1月4日,（2026）鄂01执1号\n' +
        '91350100m000100y43,乙公司,重大税收违法案件当事人,2025/3/1,长期,\n' +
        '12345,丙公司,失信被执行人,2026-01-01,,\n' +
        '91110000600037341L,丁公司,欠费名单,2026-01-01,,\n' +
        '91110000600037341L,戊公司,严重违法失信名单,2026-02-30,,\n',
    );
    expect(results).toEqual([
      { line: 2, entry: { uscc: '91420100MA4K12345K', organizationName: '甲公司', listType: 'dishonest_judgment_debtor', listedOn: '2026-01-05', expiresOn: '2027-01-04', reference: '（2026）鄂01执1号' } },
      { line: 3, entry: { uscc: '91350100M000100Y43', organizationName: '乙公司', listType: 'major_tax_violation', listedOn: '2025-03-01', expiresOn: null, reference: null } },
      { line: 4, error: '统一社会信用代码应为18位，当前为5位' },
      { line: 5, error: '未知的名单类型「欠费名单」' },
      { line: 6, error: '列入日期「2026-02-30」无效' },
    ]);
  });

  it('skips blank rows but keeps the sheet\'s own line numbers', () => {
    const results = parseCreditRows([
      ['文号', '名单类型', '统一社会信用代码'],
      ['', '', ''],
      ['（2026）鄂01执2号', '失信被执行人', '91420100MA4K12345K'],
      [],
      ['', '失信被执行人', 'bad'],
    ]);
    expect(results.map((r) => r.line)).toEqual([3, 5]);
    expect(results[0]).toMatchObject({ entry: { reference: '（2026）鄂01执2号', uscc: '91420100MA4K12345K' } });
  });

  it('refuses a file without the columns it needs', () => {
    expect(parseCreditCsv('名称,类型\nx,y\n')).toEqual([{ line: 1, error: '缺少「统一社会信用代码」列' }]);
    expect(parseCreditCsv('')).toEqual([{ line: 1, error: '文件为空' }]);
  });
});
