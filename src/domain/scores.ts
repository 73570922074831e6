import { panelResult } from './panel';
import type { RubricItem } from './workflow/types';

/**
 * An expert panel's score records as a sheet (第十条): each expert's scores by item label, the
 * total and the opinion, and over the panel the average and the spread. Totals, average and
 * spread come from the panel's own rule (./panel.ts, weighted where the rubric has weights), so
 * the exports, the timeline and the panel view never disagree on a total.
 */
export interface ScoreRecord {
  actorName?: string | null;
  actorId?: string | null;
  scores?: Record<string, unknown> | null;
  /** the expert's written opinion, when the record holds one */
  opinion?: string | null;
}

export interface PanelEntry {
  expert: string;
  expertId: string | null;
  scores: Array<{ key: string; label: string; value: number }>;
  total: number;
  opinion: string | null;
}

export interface PanelSheet {
  entries: PanelEntry[];
  /** null with no score yet */
  average: number | null;
  /** highest total minus lowest; null with no score yet */
  spread: number | null;
}

export function panelSheet(records: ScoreRecord[], rubric: RubricItem[]): PanelSheet {
  const scored = records
    .filter((record) => record.scores && typeof record.scores === 'object')
    .map((record) => ({ record, values: Object.fromEntries(rubric.map((item) => [item.key, Number((record.scores as Record<string, unknown>)[item.key] ?? 0) || 0])) }));
  const result = panelResult(rubric, scored.map(({ record, values }) => ({ expertId: record.actorId ?? '', scores: values })));
  const entries = scored.map(({ record, values }, index) => ({
    expert: record.actorName ?? '',
    expertId: record.actorId ?? null,
    scores: rubric.map((item) => ({ key: item.key, label: item.label, value: values[item.key] })),
    total: result.totals[index].total,
    opinion: record.opinion ?? null,
  }));
  return { entries, average: result.average, spread: result.spread };
}

/** "张专家：技术先进性与创新性 24，应用成效与推广价值 32，数据安全与合规 26，总分 82（意见：……）" */
export function describeEntry(entry: PanelEntry): string {
  const opinion = entry.opinion?.trim() ? `（意见：${entry.opinion.trim()}）` : '';
  return `${entry.expert}：${entry.scores.map((s) => `${s.label} ${s.value}`).join('，')}，总分 ${entry.total}${opinion}`;
}
