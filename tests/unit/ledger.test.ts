import { GENESIS_HASH, LEDGER_FORMAT, LedgerEntry, StoredEntry, canonicalJson, hashEntry, verifyChain } from '../../src/domain/ledger';

const entry = (seq: number, prevHash: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry => ({
  applicationId: 'app1',
  seq,
  stage: 'district_review',
  action: 'recommend',
  fromState: 'district_review',
  toState: 'city_review',
  actorType: 'staff',
  actorId: '7',
  actorName: '初审 东湖高新区',
  actorRole: 'district_reviewer',
  actorDistrict: 'donghu_hitech',
  actorInstitution: null,
  opinion: '同意推荐',
  flaggedFields: null,
  scores: null,
  amountFen: null,
  attachments: null,
  coiDeclared: false,
  occurredAt: `2026-11-28T0${seq}:00:00.000Z`,
  workflowKey: 'dataset',
  workflowVersion: 1,
  formHash: 'f'.repeat(64),
  prevHash,
  ...overrides,
});

function chain(length: number): StoredEntry[] {
  const entries: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const e = entry(seq, prev);
    const hash = hashEntry(e);
    entries.push({ ...e, id: seq * 10, hash });
    prev = hash;
  }
  return entries;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: null, e: 'x' }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"e":"x","f":null}]},"b":1}');
  });

  it('writes dates as ISO instants and undefined as null', () => {
    expect(canonicalJson({ at: new Date('2026-11-28T00:00:00Z'), gone: undefined })).toBe('{"at":"2026-11-28T00:00:00.000Z","gone":null}');
  });
});

describe('the hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verifyChain(chain(4))).toBeNull();
  });

  it('hashes the same whatever way the database returns numbers and dates', () => {
    const e = entry(1, GENESIS_HASH, { amountFen: 37037036 });
    expect(hashEntry({ ...e, amountFen: '37037036', seq: '1' as any, occurredAt: new Date(e.occurredAt as string) })).toBe(hashEntry(e));
  });

  it.each([
    ['opinion', { opinion: '不同意' }],
    ['amountFen', { amountFen: 1 }],
    ['toState', { toState: 'disbursed' }],
    ['actorId', { actorId: '8' }],
    ['occurredAt', { occurredAt: '2026-11-28T02:00:00.001Z' }],
  ])('names the record whose %s was changed', (_field, change) => {
    const entries = chain(4);
    entries[1] = { ...entries[1], ...change };
    expect(verifyChain(entries)).toMatchObject({ id: 20, seq: 2, reason: 'hash_mismatch' });
  });

  it('names the record after a deleted one', () => {
    const entries = chain(4);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toMatchObject({ id: 30, reason: 'sequence_gap' });
  });

  it('notices a record whose hash was recomputed to cover a change', () => {
    const entries = chain(3);
    const forged = { ...entries[1], opinion: '篡改后的意见' };
    entries[1] = { ...forged, hash: hashEntry(forged) };
    expect(verifyChain(entries)).toMatchObject({ id: 30, seq: 3, reason: 'broken_link' });
  });
});

describe('record formats', () => {
  const v1: LedgerEntry = {
    applicationId: 'app1', seq: 1, stage: 'draft', action: 'submit', fromState: 'draft', toState: 'district_review', actorType: 'applicant', actorId: '7', actorName: null,
    actorRole: 'applicant', actorDistrict: null, actorInstitution: null, opinion: null, flaggedFields: null, scores: null, amountFen: null,
    attachments: [{ id: 'f1', name: '申报书.pdf', sha256: 'a'.repeat(64) }], coiDeclared: false, occurredAt: '2026-03-01T02:00:00.000Z', workflowKey: 'dataset',
    workflowVersion: 2, formHash: 'b'.repeat(64), answersHash: 'c'.repeat(64), prevHash: '0'.repeat(64),
  };

  it('hashes a record of format 1 exactly as the first version did', () => {
    // computed with src/domain/ledger.ts as it stood before format 2 (commit 1a3ab05)
    expect(hashEntry(v1)).toBe('f178d8b1fb9178a896660685ada3944657a84d08dfcf6af4e7e81a251a2f92f6');
    expect(hashEntry({ ...v1, format: null, subject: null })).toBe(hashEntry(v1));
  });

  it('covers the format and the subject of a record of format 2', () => {
    const v2 = { ...v1, format: LEDGER_FORMAT, subject: { kind: 'objection', objection: 'o1', finding: 'dismissed' } };
    expect(hashEntry(v2)).not.toBe(hashEntry(v1));
    expect(hashEntry({ ...v2, subject: { ...v2.subject, finding: 'upheld' } })).not.toBe(hashEntry(v2));
    expect(hashEntry({ ...v2, format: 1 })).not.toBe(hashEntry(v2));
    // A chain may hold both: records written before format 2, then after it.
    const first = { ...v1, hash: hashEntry(v1), id: 1 };
    const second = { ...v2, seq: 2, prevHash: first.hash };
    expect(verifyChain([first, { ...second, hash: hashEntry(second), id: 2 }])).toBeNull();
    expect(verifyChain([first, { ...second, subject: { ...v2.subject, finding: 'upheld' }, hash: hashEntry(second), id: 2 }])).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
  });
});
