import { Kept } from '../../src/database/kept';

/**
 * What a process keeps of rows (src/database/kept.ts): never what a read found if a write was
 * announced while it ran, never past its time, never more than its bound.
 */
const later = <V>() => {
  let resolve!: (value: V) => void;
  const promise = new Promise<V>((done) => (resolve = done));
  return { promise, resolve };
};

describe('Kept', () => {
  it('answers from what it keeps until it is forgotten, null included', async () => {
    const kept = new Kept<string | null>(['unit-test']);
    let loads = 0;
    const load = async () => ((loads += 1), null);
    expect(await kept.get('a', load)).toBeNull();
    expect(await kept.get('a', load)).toBeNull();
    expect(loads).toBe(1);
    kept.forget();
    await kept.get('a', load);
    expect(loads).toBe(2);
  });

  it('does not keep what a read found when a forget came while it ran, whichever way the two interleave', async () => {
    // Every order of: the read starts, the forget, the read ends. Only a read that started after the forget is kept.
    for (const forgetAt of ['before', 'during', 'after'] as const) {
      const kept = new Kept<string>(['unit-test']);
      if (forgetAt === 'before') kept.forget();
      const row = later<string>();
      const read = kept.get('call', () => row.promise);
      if (forgetAt === 'during') kept.forget();
      row.resolve('old');
      await read;
      if (forgetAt === 'after') kept.forget();
      const again = await kept.get('call', async () => 'new');
      expect([forgetAt, again]).toEqual([forgetAt, forgetAt === 'before' ? 'old' : 'new']);
    }
  });

  it('a keeper taken before rendering keeps the page until its own instant, unless a write came in between', () => {
    const pages = new Kept<string>(['unit-test']);
    const now = 1_000_000;
    pages.keeper()('/', 'page', now + 60_000);
    expect(pages.peek('/', now + 59_999)).toBe('page');
    expect(pages.peek('/', now + 60_000)).toBeUndefined();

    const keep = pages.keeper();
    pages.forget();
    keep('/', 'stale page', now + 60_000);
    expect(pages.peek('/', now)).toBeUndefined();
  });

  it('keeps for its time only, and at most its bound, dropping the oldest first', async () => {
    const kept = new Kept<number>(['unit-test'], { ms: 50, max: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await kept.get(key, async () => 1);
    expect(kept.peek('a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((key) => kept.peek(key))).toEqual([1, 1, 1]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(kept.peek('b')).toBeUndefined();
  });
});
