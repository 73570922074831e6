import { formatYuan } from './money';

/**
 * What the applicant is told at each step of its application, in Chinese: the template key, the
 * subject and the body. Pure text from the facts of one transition; sending is the outbox's job.
 */
export interface StepFacts {
  action: string;
  actionLabel: string;
  fromLabel: string;
  toLabel: string;
  title: string;
  serialNo: string | null;
  /** Beijing time of the step, as shown to people */
  when: string;
  opinion: string | null;
  /** labels of the fields to correct, after a return */
  flaggedLabels?: string[];
  recognisedBaseFen?: number | null;
  awardFen?: number | null;
  amountFen?: number | null;
}

export interface Notice {
  template: string;
  subject: string;
  body: string;
}

const PORTAL_HINT = '办理进度可登录申报门户，在「我的申报」中查看。';

const named = (facts: StepFacts) => `「${facts.title}」（申报编号${facts.serialNo ?? '未编号'}）`;
const opinionLine = (facts: StepFacts) => (facts.opinion ? `\n办理意见：${facts.opinion}` : '');
const money = (fen: number | null | undefined) => formatYuan(fen ?? 0);

type Writer = (facts: StepFacts) => Notice;

const BY_ACTION: Record<string, Writer> = {
  submit: (f) => ({
    template: 'application.submitted',
    subject: `【申报回执】${f.title}`,
    body: `您单位的申报${named(f)}已于${f.when}提交成功，进入「${f.toLabel}」。${PORTAL_HINT}`,
  }),
  resubmit: (f) => ({
    template: 'application.resubmitted',
    subject: `【补正回执】${f.title}`,
    body: `您单位的申报${named(f)}已于${f.when}补正后重新提交，回到「${f.toLabel}」。${PORTAL_HINT}`,
  }),
  return: (f) => ({
    template: 'application.returned',
    subject: `【退回补正】${f.title}`,
    body: `您单位的申报${named(f)}在「${f.fromLabel}」环节被退回补正。${opinionLine(f)}\n需要补正的内容：${(f.flaggedLabels ?? []).join('、') || '见办理意见'}\n请登录申报门户修改上述内容后重新提交；其他内容不能修改。`,
  }),
  reject: (f) => ({
    template: 'application.rejected',
    subject: `【审核结果】${f.title}未通过`,
    body: `您单位的申报${named(f)}在「${f.fromLabel}」环节未通过。${opinionLine(f)}\n如有异议，可向武汉市数据局咨询。`,
  }),
  start_publicity: (f) => ({
    template: 'publicity.started',
    subject: `【公示通知】${f.title}`,
    body: `您单位的申报${named(f)}已进入「${f.fromLabel}」。${opinionLine(f)}\n公示期间如有异议，市数据局将依程序核查。`,
  }),
  recognise: (f) => ({
    template: 'award.decided',
    subject: `【拟奖励金额】${f.title}`,
    body: `您单位的申报${named(f)}经认定，认定金额${money(f.recognisedBaseFen)}，拟奖励（支持）金额${money(f.awardFen)}，将进行公示。${opinionLine(f)}`,
  }),
  approve: (f) => ({
    template: 'award.approved',
    subject: `【党组研究通过】${f.title}`,
    body: `您单位的申报${named(f)}的奖励（支持）资金${money(f.awardFen)}已经市数据局党组集体研究通过，等待拨付。`,
  }),
  pay: (f) => ({
    template: 'award.paid',
    subject: `【资金拨付】${f.title}`,
    body: `您单位的申报${named(f)}的奖励（支持）资金${money(f.amountFen)}已拨付。${opinionLine(f)}\n请按规定使用资金，并按期报送绩效自评。`,
  }),
  clawback: (f) => ({
    template: 'award.clawed_back',
    subject: `【资金追回】${f.title}`,
    body: `您单位的申报${named(f)}的奖励（支持）资金被追回${money(f.amountFen)}。${opinionLine(f)}`,
  }),
};

/** Steps that tell the applicant nothing new: its own withdrawal, and assignments, declarations and scores inside a stage. */
const SILENT = new Set(['withdraw', 'assign', 'declare', 'score']);

export function noticeFor(facts: StepFacts): Notice | null {
  if (SILENT.has(facts.action)) return null;
  const writer = BY_ACTION[facts.action];
  if (writer) return writer(facts);
  if (facts.fromLabel === facts.toLabel) return null;
  return {
    template: 'application.stage_passed',
    subject: `【申报进度】${facts.title}：${facts.actionLabel}`,
    body: `您单位的申报${named(facts)}已办理「${facts.actionLabel}」，进入「${facts.toLabel}」。${opinionLine(facts)}\n${PORTAL_HINT}`,
  };
}
