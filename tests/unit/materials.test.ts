import fc from 'fast-check';
import { FormDefinition, foreignAttachments, missingMaterials, referencedFiles, safeFileName, storedFileName } from '../../src/domain/forms';

/** 申报材料 and file names (issue 20): pure rules, tried over generated inputs. */
const form: FormDefinition = {
  title: '材料',
  type: 'object',
  properties: {
    licence: { type: 'array', title: '营业执照', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf'], maxSizeMb: 10, order: 1 } },
    invoices: { type: 'array', title: '发票', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf'], maxSizeMb: 10, minCount: 2, order: 2 } },
    hasCompute: { type: 'boolean', title: '是否有算力投入', 'x-ui': { widget: 'yesno' } },
    computeProof: { type: 'array', title: '算力证明', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf'], maxSizeMb: 10, order: 3, visibleWhen: { field: 'hasCompute', equals: true } } },
    extra: { type: 'array', title: '其他材料', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf'], maxSizeMb: 10, order: 4 } },
  },
  required: ['licence', 'computeProof'],
};
const SLOTS = ['licence', 'invoices', 'computeProof', 'extra'];
const NEED: Record<string, (answers: any) => number> = { licence: () => 1, invoices: () => 2, computeProof: (a) => (a.hasCompute === true ? 1 : 0), extra: () => 0 };

const stored = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9]{4}$/), slot: fc.constantFrom(...SLOTS) }), { selector: (f) => f.id, maxLength: 12 });

describe('materials', () => {
  it('calls foreign exactly the ids that are not stored in their slot, or repeated', () => {
    fc.assert(
      fc.property(stored, fc.dictionary(fc.constantFrom(...SLOTS), fc.array(fc.oneof(fc.stringMatching(/^[a-z0-9]{4}$/), fc.integer()), { maxLength: 4 })), (files, answers) => {
        const foreign = foreignAttachments(form, answers, files);
        for (const slot of SLOTS) {
          const inSlot = files.filter((f) => f.slot === slot).map((f) => f.id);
          const listed = answers[slot] ?? [];
          const bad = listed.some((id, i) => typeof id !== 'string' || !inSlot.includes(id) || listed.indexOf(id) !== i);
          expect(foreign.some((p) => p.path === slot)).toBe(bad);
        }
      }),
    );
  });

  it('calls missing exactly the visible slots with fewer real files than they need', () => {
    fc.assert(
      fc.property(stored, fc.boolean(), fc.dictionary(fc.constantFrom(...SLOTS), fc.array(fc.stringMatching(/^[a-z0-9]{4}$/), { maxLength: 4 })), (files, hasCompute, given) => {
        const answers = { ...given, hasCompute };
        const missing = missingMaterials(form, answers, files);
        for (const slot of SLOTS) {
          const real = new Set((answers[slot] ?? []).filter((id: string) => files.some((f) => f.id === id && f.slot === slot))).size;
          expect(missing.some((p) => p.path === slot)).toBe(real < NEED[slot](answers));
        }
        // In the form's reading order, each with its label.
        expect(missing.map((p) => p.path)).toEqual(SLOTS.filter((slot) => missing.some((p) => p.path === slot)));
        for (const problem of missing) expect(problem.label).toBe(form.properties[problem.path].title);
      }),
    );
  });

  it('records the stored files the answers name in their own slot, in the order they were stored', () => {
    const files = [{ id: 'a', slot: 'licence' }, { id: 'b', slot: 'invoices' }, { id: 'c', slot: 'invoices' }, { id: 'd', slot: 'extra' }];
    expect(referencedFiles({ invoices: ['c', 'b'], licence: ['a', 'b'], extra: [] }, files).map((f) => f.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('file names', () => {
  const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
  const FAMILY: Record<string, string[]> = { pdf: ['pdf'], jpg: ['jpg', 'jpeg'], png: ['png'], cfb: ['doc', 'xls'], docx: ['docx'], xlsx: ['xlsx'], zip: ['zip', 'ofd'] };

  it('keeps no path, no invisible character, and an extension of the detected type, whatever the name', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom('\u202e', '\u200f', '\u2066', '\u0000', '\n', '\u0085', '\ufeff', '/', '\\', '..', '.exe', '.PDF', '.jpeg', '报告', '.'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), fc.constantFrom(...Object.keys(FAMILY)), (name, detected) => {
        const stored = storedFileName(name, detected);
        expect(stored).not.toMatch(INVISIBLE);
        expect(stored).not.toMatch(/[\\/<>:"|?*]/);
        expect(Array.from(stored).length).toBeLessThanOrEqual(200);
        expect(FAMILY[detected]).toContain(stored.split('.').pop());
        expect(stored.startsWith('.')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['发票\u202Efdp.exe', 'pdf', '发票fdp.pdf'],
    ['照片.png', 'jpg', '照片.jpg'],
    ['合同.PDF', 'pdf', '合同.pdf'],
    ['扫描件.JPEG', 'jpg', '扫描件.jpeg'],
    ['第3.2节 说明', 'pdf', '第3.2节 说明.pdf'],
    ['电子发票.ofd', 'zip', '电子发票.ofd'],
    ['报表.xls', 'cfb', '报表.xls'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['\u200b\u200b', 'png', '未命名文件.png'],
  ])('stores %p detected as %s as %p', (name, detected, expected) => {
    expect(storedFileName(name, detected)).toBe(expected);
  });

  it('keeps a long name within 200 characters with its extension', () => {
    expect(storedFileName(`${'长'.repeat(300)}.pdf`, 'pdf')).toBe(`${'长'.repeat(196)}.pdf`);
    expect(safeFileName('a\u0000b\u202ec')).toBe('abc');
  });
});
