import { hearing, registerCache } from './cache-bus';

/**
 * Rows that many requests read and that change seldom (permissions, the published call, the
 * active workflow version, the inbox's counts, rendered public pages), kept per process for a
 * while (`ms`, or until an entry's own instant). A write of any of `topics`, on any instance,
 * forgets them within a second (src/database/cache-bus.ts); the time limit is only a backstop.
 */
export class Kept<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  /** Bumped by each forget: a read that began before a write must not keep what it read. */
  private generation = 0;

  constructor(topics: readonly string[], private readonly options: { ms?: number; max?: number } = {}) {
    registerCache(this, topics);
  }

  peek(key: string, now = Date.now()): V | undefined {
    const kept = this.entries.get(key);
    if (!kept) return undefined;
    if (kept.until > now) return kept.value;
    this.entries.delete(key);
    return undefined;
  }

  /**
   * Taken before a read: keeps what the read found, unless a write was announced in between or
   * this instance could have missed one.
   */
  keeper() {
    const generation = this.generation;
    return (key: string, value: V, until = Date.now() + (this.options.ms ?? 5_000)) => {
      if (generation !== this.generation || !hearing()) return;
      if (this.entries.size >= (this.options.max ?? 1_000)) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { value, until });
    };
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const kept = this.peek(key);
    if (kept !== undefined) return kept;
    const keep = this.keeper();
    const value = await load();
    keep(key, value);
    return value;
  }

  forget() {
    this.generation += 1;
    this.entries.clear();
  }
}
