/**
 * 公示 with objections (异议): anyone may object during a 公示 period, with a signed scan; the city
 * reviewer rules on each. Every act on an objection goes into the application's chain as a
 * record of its own, beside the chain's steps: the filing, and the ruling (who, when, 成立 or
 * 不成立, and why). The 公示's closing record then says what happened in the period, and says 无异议
 * only when there was none.
 */
export type ObjectionResolution = 'open' | 'upheld' | 'dismissed';

/** The ledger's objection records, by action key, with how a person reads them. */
export const OBJECTION_EVENTS = {
  objection_lodged: '收到公示异议',
  objection_ruled: '公示异议核查结论',
} as const;
export type ObjectionEvent = keyof typeof OBJECTION_EVENTS;

export const FINDING_LABELS: Record<Exclude<ObjectionResolution, 'open'>, string> = { upheld: '异议成立', dismissed: '异议不成立' };

/** What the ruling record says: 「经核查，异议不成立。理由：……」 */
export const rulingOpinion = (finding: Exclude<ObjectionResolution, 'open'>, reason: string) => `经核查，${FINDING_LABELS[finding]}。理由：${reason}`;

/**
 * What the record that closes a 公示 says happened: 「公示期满，无异议」 only when no objection was
 * lodged against the application in the period; otherwise how many, and what the rulings found.
 */
export function publicityOutcome(objections: Array<{ resolution: ObjectionResolution }>): string {
  if (!objections.length) return '公示期满，无异议';
  const count = (resolution: ObjectionResolution) => objections.filter((o) => o.resolution === resolution).length;
  const [dismissed, upheld, open] = [count('dismissed'), count('upheld'), count('open')];
  const n = objections.length;
  const findings =
    dismissed === n
      ? n === 1 ? '经核查不成立' : '经核查均不成立'
      : [dismissed && `${dismissed} 件经核查不成立`, upheld && `${upheld} 件经核查成立`, open && `${open} 件尚未办结`].filter(Boolean).join('，');
  return `公示期满；收到异议 ${n} 件，${findings}`;
}

/**
 * How a person reads a record of the chain: an objection record by its name, a system step by
 * what the system recorded (a 公示's end says whether there were objections, which its action's
 * label, written before the fact, cannot), any other step by its action's label, with its opinion.
 */
export function describeRecord(label: string | undefined, record: { action: string; actorType?: string | null; opinion?: string | null }): { title: string; opinion: string | null } {
  const event = (OBJECTION_EVENTS as Record<string, string>)[record.action];
  if (event) return { title: event, opinion: record.opinion ?? null };
  if (record.actorType === 'system' && record.opinion) return { title: record.opinion, opinion: null };
  return { title: label ?? record.action, opinion: record.opinion ?? null };
}
