import fc from 'fast-check';
import { SessionLink, chainOf } from '../../src/domain/session-chain';

/** Rows of several chains, each a login refreshed some times, shuffled as a table returns them. */
const chains = fc
  .array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 })
  .chain((lengths) => {
    const rows: Array<SessionLink & { chain: number }> = [];
    lengths.forEach((length, chain) => {
      for (let i = 0; i < length; i += 1) rows.push({ chain, sessionId: `s${chain}-${i}`, childId: i + 1 < length ? `s${chain}-${i + 1}` : null });
    });
    return fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length });
  });

describe('chainOf', () => {
  it('from any row of a chain, is exactly that chain, whatever the order of the rows', () => {
    fc.assert(
      fc.property(chains, fc.nat(), (rows, pick) => {
        const start = rows[pick % rows.length];
        const chain = chainOf(rows, start.sessionId);
        const expected = rows.filter((row) => row.chain === start.chain).map((row) => row.sessionId);
        expect([...chain].sort()).toEqual([...expected].sort());
      }),
      { seed: 20, numRuns: 300 },
    );
  });

  it('is empty for a row that is not there, and stops at a child that is gone or a loop', () => {
    expect(chainOf([{ sessionId: 'a', childId: 'b' }], 'x')).toEqual([]);
    expect(chainOf([{ sessionId: 'a', childId: 'gone' }], 'a')).toEqual(['a']);
    expect(chainOf([{ sessionId: 'a', childId: 'b' }, { sessionId: 'b', childId: 'a' }], 'a').sort()).toEqual(['a', 'b']);
  });
});
