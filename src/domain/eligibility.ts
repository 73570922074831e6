import { parseUscc, UsccError } from './uscc';

/**
 * The checks a submission must pass besides the form itself (第四条 and the call's window):
 * the window, the organisation's USCC and type, and the credit lists. The signed commitments are
 * items of the call's form (forms/commitments), checked with the rest of the answers.
 */
export interface CreditListing {
  listType: string;
  expiresOn?: string | null; // YYYY-MM-DD, or null when the listing has no end
  reference?: string | null;
}

export interface SubmissionFacts {
  now: Date;
  opensAt: Date | string;
  closesAt: Date | string;
  uscc: string;
  organizationName?: string;
  creditListings: CreditListing[];
}

export interface SubmissionProblem {
  code: 'not_open_yet' | 'closed' | 'invalid_uscc' | 'not_eligible_type' | 'credit_listed';
  status: 400 | 403 | 409;
  field?: string;
  message: string;
}

export const CREDIT_LIST_LABELS: Record<string, string> = {
  dishonest_judgment_debtor: '失信被执行人',
  major_tax_violation: '重大税收违法失信主体',
  government_procurement_violation: '政府采购严重违法失信行为记录',
  serious_dishonesty: '严重违法失信名单',
};

/** A listing still counts on its last day; a listing without an end date counts until removed. */
export const isListingValid = (listing: CreditListing, today: string) => !listing.expiresOn || listing.expiresOn >= today;

/**
 * 第四条: the applicant must be an independent legal person (企业、事业单位、科研院所、高校等).
 * The USCC's first two characters tell a sole trader (92) and a government organ (11); a branch has
 * a USCC of its own but no legal personality, and says so in its registered name.
 */
const BRANCH_NAME = /(分公司|分支机构|办事处|分厂|分所|分店|分部)(（[^）]*）)?$/;

export function applicantTypeProblem(uscc: string, organizationName = ''): string | null {
  const code = uscc.trim().toUpperCase();
  if (code.startsWith('92')) return '个体工商户不具有独立法人资格，不能申报';
  if (code.startsWith('11')) return '机关单位不属于本办法的支持对象';
  if (BRANCH_NAME.test(organizationName.trim())) return '分支机构不具有独立法人资格，请以法人单位名义申报';
  return null;
}

export function checkSubmission(facts: SubmissionFacts, today: string): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const now = facts.now.getTime();
  if (now < new Date(facts.opensAt).getTime()) problems.push({ code: 'not_open_yet', status: 409, message: '申报尚未开始，请在申报时间内提交' });
  if (now >= new Date(facts.closesAt).getTime()) problems.push({ code: 'closed', status: 409, message: '申报已截止，不能再提交' });
  try {
    parseUscc(facts.uscc, 'organization.uscc');
  } catch (error) {
    if (!(error instanceof UsccError)) throw error;
    problems.push({ code: 'invalid_uscc', status: 400, field: 'organization.uscc', message: error.message });
  }
  const typeProblem = applicantTypeProblem(facts.uscc, facts.organizationName);
  if (typeProblem) problems.push({ code: 'not_eligible_type', status: 403, field: 'organization', message: typeProblem });
  const listed = facts.creditListings.filter((listing) => isListingValid(listing, today));
  if (listed.length) {
    const names = [...new Set(listed.map((l) => CREDIT_LIST_LABELS[l.listType] ?? l.listType))].join('、');
    problems.push({ code: 'credit_listed', status: 403, field: 'organization.uscc', message: `申报单位被列入${names}，不得申报` });
  }
  return problems;
}
