import { LegalPersonProblem, LegalPersonSettings, legalPersonProblem, supportProblem, supportedLegalForms } from './legal-person';
import { OUTSIDE_VALIDITY, ProgramValidity, ValidityProblem, validityProblem } from './program-validity';
import { parseUscc, UsccError } from './uscc';

/**
 * The checks a submission must pass besides the form itself (第四条、第十四条 and the call's
 * window): the programme's validity, the window, the organisation's USCC and legal form, and the
 * credit lists. The signed commitments are items of the call's form (forms/commitments), checked
 * with the rest of the answers.
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
  /** the organisation's declared legal form (legal-person.ts), null while it has not stated one */
  legalForm?: string | null;
  /** the programme: its validity and which legal persons it supports */
  program: ProgramValidity & LegalPersonSettings;
  creditListings: CreditListing[];
}

export interface SubmissionProblem {
  code: 'not_open_yet' | 'closed' | 'invalid_uscc' | 'credit_listed' | LegalPersonProblem['code'] | ValidityProblem['code'];
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

export function checkSubmission(facts: SubmissionFacts, today: string): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const lapsed = validityProblem(facts.program, facts.now, OUTSIDE_VALIDITY.submit);
  if (lapsed) problems.push(lapsed);
  const now = facts.now.getTime();
  if (now < new Date(facts.opensAt).getTime()) problems.push({ code: 'not_open_yet', status: 409, message: '申报尚未开始，请在申报时间内提交' });
  if (now >= new Date(facts.closesAt).getTime()) problems.push({ code: 'closed', status: 409, message: '申报已截止，不能再提交' });
  try {
    parseUscc(facts.uscc, 'organization.uscc');
  } catch (error) {
    if (!(error instanceof UsccError)) throw error;
    problems.push({ code: 'invalid_uscc', status: 400, field: 'organization.uscc', message: error.message });
  }
  const organization = { legalForm: facts.legalForm, uscc: facts.uscc, name: facts.organizationName };
  const legalPerson = legalPersonProblem(organization, 'organization.') ?? supportProblem(facts.legalForm!, supportedLegalForms(facts.program), 'organization.');
  if (legalPerson) problems.push(legalPerson);
  const listed = facts.creditListings.filter((listing) => isListingValid(listing, today));
  if (listed.length) {
    const names = [...new Set(listed.map((l) => CREDIT_LIST_LABELS[l.listType] ?? l.listType))].join('、');
    problems.push({ code: 'credit_listed', status: 403, field: 'organization.uscc', message: `申报单位被列入${names}，不得申报` });
  }
  return problems;
}
