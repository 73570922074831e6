import JSZip from 'jszip';
import { snapshotTable } from '../../src/portal/pages/publicity';
import { zipHasWordDocument } from '../../src/portal/private-files';
import { isEmail, isPhone } from '../../src/portal/validate';

describe('zipHasWordDocument', () => {
  const zipOf = async (names: string[], comment?: string) => {
    const zip = new JSZip();
    for (const name of names) zip.file(name, 'x');
    return zip.generateAsync({ type: 'nodebuffer', comment });
  };

  it('finds word/document.xml in the central directory, wherever it comes', async () => {
    expect(zipHasWordDocument(await zipOf(['[Content_Types].xml', 'docProps/app.xml', 'word/document.xml']))).toBe(true);
    expect(zipHasWordDocument(await zipOf(['word/document.xml'], '带注释的压缩包'))).toBe(true);
  });

  it('refuses zips without it, look-alike names and non-zips', async () => {
    expect(zipHasWordDocument(await zipOf(['readme.txt']))).toBe(false);
    expect(zipHasWordDocument(await zipOf(['xl/workbook.xml', 'word/document.xml.bak']))).toBe(false);
    expect(zipHasWordDocument(Buffer.from('MZ not a zip at all, just bytes'))).toBe(false);
    expect(zipHasWordDocument(Buffer.alloc(0))).toBe(false);
  });
});

describe('phone and e-mail', () => {
  it.each(['13800138000', '027-65770039', '02765770039', '0710-1234567', '027-65770039-801'])('accepts %s', (phone) => expect(isPhone(phone)).toBe(true));
  it.each(['110', '12345678901', '27-65770039', 'abc', ''])('refuses %s', (phone) => expect(isPhone(phone)).toBe(false));
  it('checks e-mail shape', () => {
    expect(isEmail('a@b.cn')).toBe(true);
    expect(isEmail('a@b')).toBe(false);
  });
});

describe('snapshotTable', () => {
  it('renders rows with their columns, dropping bank details, contacts and ID numbers', () => {
    const table = snapshotTable({
      columns: ['serialNo', { key: 'bankAccount', label: '账号' }, { key: 'awardFen', label: '拟奖励' }],
      rows: [{ serialNo: 'SB-1', bankAccount: '6222', awardFen: 150_000_000, legalRepIdNumber: '420' }],
    });
    expect(table.columns).toEqual([
      { key: 'serialNo', label: '申报编号' },
      { key: 'awardFen', label: '拟奖励' },
    ]);
    expect(table.rows).toEqual([{ serialNo: 'SB-1', awardFen: '150万元' }]);
  });

  it('takes a bare array of rows and drops private keys from the inferred columns', () => {
    const table = snapshotTable([{ title: 'A', contactPhone: '139', email: 'x@y.z', organizationName: 'O' }, 'junk', null]);
    expect(table.columns.map((c) => c.key)).toEqual(['title', 'organizationName']);
    expect(table.rows).toHaveLength(1);
  });

  it('is empty for anything else', () => {
    for (const value of [null, undefined, 'text', 42, { rows: 'no' }]) expect(snapshotTable(value)).toEqual({ columns: [], rows: [] });
  });
});
