/**
 * The daily digest (每日待办) a staff member receives: per stage, the items new since the last
 * digest and the overdue ones with their due dates. Pure: the job (src/api/notification/support/
 * digest.ts) gathers the items and sends what this composes.
 */
export interface DigestItem {
  documentId: string;
  title: string;
  serialNo: string | null;
  stageKey: string;
  stageLabel: string;
  /** an ISO date (Asia/Shanghai), set when the stage has a working-day time limit the calendar covers */
  dueDate: string | null;
  /** working days past the due date; set only for overdue items */
  overdueBy?: number;
  /** a link to the item's page on the desk */
  url: string;
}

export interface Digest {
  subject: string;
  body: string;
}

const chineseDate = (iso: string) => {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
};

const line = (item: DigestItem) => {
  const due = item.dueDate ? `，办理期限${chineseDate(item.dueDate)}` : '';
  const late = item.overdueBy ? `，已超期${item.overdueBy}个工作日` : '';
  return `  ·「${item.title}」（${item.serialNo ?? '未编号'}）${due}${late}\n    ${item.url}`;
};

/** The digest for one person and day, or null when there is nothing new and nothing overdue. */
export function composeDigest(name: string, day: string, fresh: DigestItem[], overdue: DigestItem[]): Digest | null {
  if (!fresh.length && !overdue.length) return null;
  const stages = [...new Map([...overdue, ...fresh].map((item) => [item.stageKey, item.stageLabel])).entries()];
  const sections = stages.map(([key, label]) => {
    const late = overdue.filter((item) => item.stageKey === key);
    const added = fresh.filter((item) => item.stageKey === key);
    return [
      `【${label}】`,
      ...(late.length ? [` 超期 ${late.length} 件：`, ...late.map(line)] : []),
      ...(added.length ? [` 新到 ${added.length} 件：`, ...added.map(line)] : []),
    ].join('\n');
  });
  const counts = [overdue.length ? `超期${overdue.length}件` : '', fresh.length ? `新到${fresh.length}件` : ''].filter(Boolean).join('，');
  return {
    subject: `【每日待办】${chineseDate(day)}：${counts}`,
    body: [
      `${name}，您好：`,
      `截至${chineseDate(day)}，您在审核工作台有以下待办事项（办理期限按工作日计算）：`,
      ...sections,
      '如不希望接收每日待办邮件，可在审核工作台的“邮件提醒”中关闭。',
    ].join('\n\n'),
  };
}
