import { IsoDate, addCalendarDays } from './calendar';
import { formatShanghaiDate, shanghaiDate, startOfShanghaiDay } from './time';
import type { ActionDefinition } from './workflow/types';

/**
 * 第十四条: the 办法 takes effect on the day it is issued (自印发之日起施行) and ends with the
 * parent policy (失效时间与《武汉市促进人工智能产业发展若干政策措施》文件保持一致). A programme
 * is in force from the first Shanghai day of its validity to the last, both included. Until the
 * parent policy's end is known the end date stays empty and a note says what governs it.
 */
export interface ProgramValidity {
  effectiveOn?: IsoDate | null;
  /** why the date is what it is, when it is not the issued 办法's (a placeholder says so) */
  effectiveOnNote?: string | null;
  endsOn?: IsoDate | null;
  /** what governs the end while there is no end date */
  endsOnNote?: string | null;
}

export type ValidityPhase = 'in_force' | 'not_yet_effective' | 'expired';

export function validityPhase(validity: ProgramValidity, now: Date): ValidityPhase {
  const today = shanghaiDate(now);
  if (!validity.effectiveOn || today < validity.effectiveOn) return 'not_yet_effective';
  return validity.endsOn && today > validity.endsOn ? 'expired' : 'in_force';
}

export interface ValidityProblem {
  code: 'program_not_effective' | 'program_expired';
  status: 409;
  field: 'program.effectiveOn' | 'program.endsOn';
  message: string;
}

const civil = (date: IsoDate) => formatShanghaiDate(startOfShanghaiDay(date));

/** What is refused outside the validity, as the end of the message. */
export const OUTSIDE_VALIDITY = {
  apply: '不受理申报',
  submit: '不能提交申报',
} as const;

/** Why nothing of `refused` can be done today, or null inside the validity. */
export function validityProblem(validity: ProgramValidity, now: Date, refused: string): ValidityProblem | null {
  switch (validityPhase(validity, now)) {
    case 'in_force':
      return null;
    case 'expired':
      return { code: 'program_expired', status: 409, field: 'program.endsOn', message: `该资金项目有效期至${civil(validity.endsOn!)}，已失效，${refused}` };
    default:
      return {
        code: 'program_not_effective',
        status: 409,
        field: 'program.effectiveOn',
        message: validity.effectiveOn ? `该资金项目自${civil(validity.effectiveOn)}起施行，尚未施行，${refused}` : `该资金项目尚未确定施行日期，${refused}`,
      };
  }
}

/**
 * The steps of a chain that spend the programme's money: the plan (it stands against the annual
 * budget), the party group's approval (a decision to pay under the 办法) and the payment. Outside
 * the validity the 办法 is no basis for any of them. Reviews, returns, a plan sent back and a
 * clawback (第十二条) spend nothing and go on.
 */
export const spendsProgramMoney = (action: ActionDefinition) =>
  Boolean(action.effects?.includes('plan_disbursement') || action.effects?.includes('pay') || action.requires?.decisionRecord);

/** The refusal of a workflow step outside the validity, or null when it may go ahead. */
export function stepValidityProblem(action: ActionDefinition, validity: ProgramValidity, now: Date): ValidityProblem | null {
  return spendsProgramMoney(action) ? validityProblem(validity, now, `不能办理“${action.label}”`) : null;
}

/** The instants at which the programme comes into force and lapses: a page showing it changes then. */
export function validityChanges(validity: ProgramValidity): Date[] {
  return [
    ...(validity.effectiveOn ? [startOfShanghaiDay(validity.effectiveOn)] : []),
    ...(validity.endsOn ? [startOfShanghaiDay(addCalendarDays(validity.endsOn, 1))] : []),
  ];
}

/** 2025年3月18日起施行（…），失效时间跟随《…》 — the validity as the portal states it. */
export function validityText(validity: ProgramValidity): string {
  const start = validity.effectiveOn
    ? `${civil(validity.effectiveOn)}起施行${validity.effectiveOnNote ? `（${validity.effectiveOnNote}）` : ''}`
    : '施行日期未定';
  const end = validity.endsOn ? `有效期至${civil(validity.endsOn)}` : validity.endsOnNote ? `失效时间${validity.endsOnNote}` : '失效时间未定';
  return `${start}，${end}`;
}
