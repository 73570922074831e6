/**
 * The contract of GET /shenbao/budget/preview and of a plan's over-budget refusal: the server
 * computes these figures (src/api/application/services/bulk.ts), the desk shows them.
 */
/** One programme's money for a plan, in fen: shown before the plan is proposed, and in its refusal. */
export interface BudgetFigures {
  programKey: string;
  name: string;
  year: number;
  /** the programme's budget for the year */
  budgetFen: number;
  /** the applications of the plan in this programme */
  count: number;
  /** the plan's total */
  totalFen: number;
  /** what remains of the year's budget before the plan */
  remainingFen: number;
  /** what would remain after it; negative: over budget by as much */
  afterFen: number;
}
