import type { RubricItem } from './workflow/types';

/**
 * An expert panel's result from its score records (第十条): each expert's scores, their total,
 * and over the panel the average and the spread. One function for every reader (the exports,
 * the timeline, the panel view), so that they never disagree on a total.
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

export interface PanelResult {
  entries: PanelEntry[];
  /** null with no score yet */
  average: number | null;
  /** highest total minus lowest; null with no score yet */
  spread: number | null;
}

/** Rounded to two places, as the bureau writes an average score. */
const twoPlaces = (value: number) => Math.round(value * 100) / 100;

export function panelResult(records: ScoreRecord[], rubric: RubricItem[]): PanelResult {
  const entries = records
    .filter((record) => record.scores && typeof record.scores === 'object')
    .map((record): PanelEntry => {
      const scores = rubric.map((item) => ({ key: item.key, label: item.label, value: Number((record.scores as Record<string, unknown>)[item.key] ?? 0) || 0 }));
      return {
        expert: record.actorName ?? '',
        expertId: record.actorId ?? null,
        scores,
        total: scores.reduce((sum, item) => sum + item.value, 0),
        opinion: record.opinion ?? null,
      };
    });
  if (!entries.length) return { entries, average: null, spread: null };
  const totals = entries.map((entry) => entry.total);
  return {
    entries,
    average: twoPlaces(totals.reduce((sum, total) => sum + total, 0) / totals.length),
    spread: Math.max(...totals) - Math.min(...totals),
  };
}

/** "张专家：技术先进性与创新性 24，应用成效与推广价值 32，数据安全与合规 26，合计 82（意见：……）" */
export function describeEntry(entry: PanelEntry): string {
  const opinion = entry.opinion?.trim() ? `（意见：${entry.opinion.trim()}）` : '';
  return `${entry.expert}：${entry.scores.map((s) => `${s.label} ${s.value}`).join('，')}，合计 ${entry.total}${opinion}`;
}
