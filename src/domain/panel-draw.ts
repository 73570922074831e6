import { createHash, randomBytes } from 'crypto';
import { ExclusionReason, ExpertField } from './panel';

/**
 * The draw of an expert panel (抽取评审专家). Deterministic from what the record keeps: each
 * eligible expert gets a ticket, SHA-256 of `seed:id`, and the lowest tickets are drawn. Anyone
 * holding the recorded pool and seed can recompute the result, with this function or with
 * `sha256sum`; nobody choosing the seed after seeing the pool can be shown, because the server
 * makes the seed and records it with the pool in the same step.
 */
export interface PoolExpert {
  id: string;
  name: string | null;
  field: ExpertField | null;
  /** the 统一社会信用代码 of the expert's own organisation */
  employerUscc: string | null;
  relatedUsccs: string[];
}

export interface DrawRules {
  field: ExpertField;
  /** the applicant's USCC */
  applicantUscc: string;
  /** experts who may not be drawn again on this application: declared a conflict, or already drawn */
  declaredConflict: string[];
  alreadyDrawn: string[];
}

export interface Eligibility {
  /** the ids that may be drawn, in ascending order */
  eligible: string[];
  excluded: Array<{ id: string; reason: ExclusionReason }>;
}

/** Who of the pool may be drawn, and why each other one may not (the first reason that applies). */
export function eligibleExperts(pool: PoolExpert[], rules: DrawRules): Eligibility {
  const eligible: string[] = [];
  const excluded: Eligibility['excluded'] = [];
  for (const expert of [...pool].sort((a, b) => compareIds(a.id, b.id))) {
    const reason: ExclusionReason | null = rules.declaredConflict.includes(expert.id)
      ? 'declared_conflict'
      : rules.alreadyDrawn.includes(expert.id)
        ? 'already_drawn'
        : !!rules.applicantUscc && expert.employerUscc === rules.applicantUscc
          ? 'same_organisation'
          : !!rules.applicantUscc && expert.relatedUsccs.includes(rules.applicantUscc)
            ? 'related'
            : expert.field !== rules.field
              ? 'other_field'
              : null;
    if (reason) excluded.push({ id: expert.id, reason });
    else eligible.push(expert.id);
  }
  return { eligible, excluded };
}

const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

export const ticketOf = (seed: string, id: string) => createHash('sha256').update(`${seed}:${id}`).digest('hex');

/** The `size` eligible experts with the lowest tickets, lowest first; fewer if the pool is smaller. */
export function drawFrom(eligible: string[], seed: string, size: number): string[] {
  return eligible
    .map((id) => ({ id, ticket: ticketOf(seed, id) }))
    .sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : 0))
    .slice(0, Math.max(0, size))
    .map(({ id }) => id);
}

/** A fresh seed for a draw: 128 random bits, hex. */
export const newDrawSeed = () => randomBytes(16).toString('hex');
