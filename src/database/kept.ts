import type { Core } from '@strapi/strapi';

/**
 * Rows that every submission reads and that change a few times a year (the active workflow
 * version, the published call), kept for 5 s per process. A write of their model on
 * this process forgets them at once (`forgetOnWrite`); another instance acts on what it read for
 * at most that long, as a request racing the write would anyway.
 */
export class Kept<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  /** Bumped by each forget: a read that began before a write must not keep what it read. */
  private generation = 0;

  constructor(private readonly ms = 5000) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const kept = this.entries.get(key);
    if (kept && kept.until > Date.now()) return kept.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) this.entries.set(key, { value, until: Date.now() + this.ms });
    return value;
  }

  forget() {
    this.generation += 1;
    this.entries.clear();
  }
}

const WRITES = ['afterCreate', 'afterCreateMany', 'afterUpdate', 'afterUpdateMany', 'afterDelete', 'afterDeleteMany'];

/** Database lifecycles, not document middleware: they see every write path, the query engine's included. */
export function forgetOnWrite(strapi: Core.Strapi, uid: string, forget: () => void) {
  strapi.db.lifecycles.subscribe({ models: [uid], ...Object.fromEntries(WRITES.map((event) => [event, forget])) });
}
