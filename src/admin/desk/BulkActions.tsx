import * as React from 'react';
import type { BudgetFigures } from '../../domain/budget';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { refusalMessage } from './api';
import { formatMoney } from './render';
import { formatShanghaiDateTime } from '../../domain/time';

/**
 * Bulk actions of the inbox: 发起公示 and 拟定拨付计划 for the selected applications. Both go
 * through the server's bulk endpoints (the same transition service, all or nothing); the
 * dialogs show the server's answer or its refusal.
 */
const panel: React.CSSProperties = {
  position: 'fixed', top: '12%', left: '50%', transform: 'translateX(-50%)', zIndex: 10, width: 520,
  background: '#fff', border: '1px solid #dcdce4', borderRadius: 4, padding: 24, boxShadow: '0 2px 15px rgba(33,33,52,0.2)',
};
const field: React.CSSProperties = { display: 'block', width: '100%', padding: 6, marginTop: 4, marginBottom: 12, border: '1px solid #dcdce4', borderRadius: 4 };

interface Props {
  /** the selected rows, each with the version the server must still find, its stage and the stage's stored label */
  selection: Array<{ documentId: string; version: number; state: string; stageLabel: string }>;
  onClose: () => void;
  onDone: () => void;
}

function Dialog({ title, testid, children }: { title: string; testid: string; children: React.ReactNode }) {
  return (
    <div role="dialog" aria-label={title} style={panel} data-testid={testid}>
      <Typography variant="beta" tag="h2">
        {title}
      </Typography>
      <Box paddingTop={4}>{children}</Box>
    </div>
  );
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The period of a 公示 as the bureau sets it: a length in working days and a first day. */
export interface PublicityPeriod {
  workingDays: number;
  startsOn: string;
}

export const defaultPeriod = (): PublicityPeriod => ({ workingDays: 5, startsOn: today() });

type Post = ReturnType<typeof useFetchClient>['post'];

/** Starts one 公示 batch for the applications; the server answers with the batch and its end instant. */
export async function startPublicity(post: Post, applications: string[], kind: string, period: PublicityPeriod) {
  // The start is a day in Beijing time: the 公示 begins at its midnight, or now if that is today.
  const midnight = new Date(`${period.startsOn}T00:00:00+08:00`);
  const startsAt = (midnight.getTime() < Date.now() ? new Date() : midnight).toISOString();
  const { data } = await post<any>('/shenbao/bulk/publicity', { applications, kind, workingDays: period.workingDays, startsAt });
  return data?.data ?? data;
}

export function PublicityPeriodFields({ value, onChange }: { value: PublicityPeriod; onChange: (next: PublicityPeriod) => void }) {
  return (
    <>
      <label>
        公示期（工作日）
        <input type="number" min={1} max={30} value={value.workingDays} onChange={(e) => onChange({ ...value, workingDays: Number(e.target.value) })} style={field} data-testid="bulk-publicity-days" />
      </label>
      <label>
        开始日期
        <input type="date" value={value.startsOn} onChange={(e) => onChange({ ...value, startsOn: e.target.value })} style={field} data-testid="bulk-publicity-start" />
      </label>
    </>
  );
}

export function BulkPublicity({ selection: opened, onClose, onDone }: Props) {
  const { post } = useFetchClient();
  // what was ticked when the dialog opened: the inbox reloads (and clears the ticks) once it is done
  const [selection] = React.useState(opened);
  // The 公示 is of the stage the rows are at, named as their stored workflow names it (拟奖励项目公示, 拟支持项目公示…).
  const kinds = [...new Map(selection.map((row) => [`${row.state}:${row.stageLabel}`, { value: row.state, label: row.stageLabel }])).values()];
  const [kind, setKind] = React.useState(kinds[0]?.value ?? '');
  const [period, setPeriod] = React.useState(defaultPeriod);
  const [busy, setBusy] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  const [result, setResult] = React.useState<any>(null);

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setResult(await startPublicity(post, selection.map((row) => row.documentId), kind, period));
      onDone();
    } catch (error) {
      setFailure(refusalMessage(error, '发起公示失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`发起公示（${selection.length}项）`} testid="bulk-publicity-dialog">
      <label>
        公示类型
        <select value={kind} onChange={(e) => setKind(e.target.value)} style={field} data-testid="bulk-publicity-kind">
          {kinds.map((k) => (
            <option key={`${k.value}:${k.label}`} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <PublicityPeriodFields value={period} onChange={setPeriod} />
      {failure && <p style={{ color: '#d02b20' }} data-testid="bulk-error">{failure}</p>}
      {result && (
        <p style={{ color: '#328048' }} data-testid="bulk-publicity-done">
          已发起公示{result.endsAt ? `，公示期至 ${formatShanghaiDateTime(result.endsAt)}（北京时间）` : ''}
        </p>
      )}
      <Flex gap={2} justifyContent="flex-end">
        <Button variant="tertiary" onClick={onClose}>
          {result ? '关闭' : '取消'}
        </Button>
        {!result && (
          <Button onClick={submit} loading={busy} data-testid="bulk-publicity-submit">
            确认发起
          </Button>
        )}
      </Flex>
    </Dialog>
  );
}

/** The plan's effect on each programme's budget of the year: before, the plan, after (or by how much it is over). */
function BudgetTable({ budgets }: { budgets: BudgetFigures[] }) {
  const cell: React.CSSProperties = { padding: '4px 8px', textAlign: 'right', whiteSpace: 'nowrap' };
  return (
    <Box padding={3} background="neutral100" marginBottom={3} data-testid="bulk-plan-budget">
      {budgets.map((b) => (
        <table key={b.programKey} style={{ width: '100%', borderCollapse: 'collapse', marginBottom: 8 }} data-testid={`bulk-plan-budget-${b.programKey}`}>
          <caption style={{ textAlign: 'left', fontWeight: 600, paddingBottom: 4 }}>
            {b.name}（{b.year}年度）
          </caption>
          <tbody>
            <tr>
              <th style={{ ...cell, textAlign: 'left', fontWeight: 400 }}>年度预算</th>
              <td style={cell}>{formatMoney(b.budgetFen)}</td>
            </tr>
            <tr>
              <th style={{ ...cell, textAlign: 'left', fontWeight: 400 }}>本次计划前剩余</th>
              <td style={cell}>{formatMoney(Math.max(b.remainingFen, 0))}</td>
            </tr>
            <tr>
              <th style={{ ...cell, textAlign: 'left', fontWeight: 400 }}>本次拟拨付合计（{b.count}项）</th>
              <td style={cell}>{formatMoney(b.totalFen)}</td>
            </tr>
            <tr style={{ color: b.afterFen < 0 ? '#d02b20' : '#328048', fontWeight: 600 }}>
              <th style={{ ...cell, textAlign: 'left' }}>{b.afterFen < 0 ? '超出预算' : '本次计划后剩余'}</th>
              <td style={cell} data-testid="bulk-plan-after">
                {formatMoney(Math.abs(b.afterFen))}
              </td>
            </tr>
          </tbody>
        </table>
      ))}
    </Box>
  );
}

export function BulkPlan({ selection: opened, onClose, onDone }: Props) {
  const { get, post } = useFetchClient();
  const [selection] = React.useState(opened);
  const [opinion, setOpinion] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  const [budgets, setBudgets] = React.useState<BudgetFigures[] | null>(null);
  const [done, setDone] = React.useState(false);

  // The money first: the figures come before the form is sent, from a read-only preview.
  React.useEffect(() => {
    get<any>('/shenbao/budget/preview', { params: { applications: selection.map((s) => s.documentId).join(',') } })
      .then(({ data }) => setBudgets((data?.data ?? data).budgets))
      .catch((error) => setFailure(refusalMessage(error, '无法读取年度预算，请稍后重试')));
  }, [get, selection]);

  const over = budgets?.some((b) => b.afterFen < 0) ?? false;
  const submit = async () => {
    if (!opinion.trim()) return setFailure('请填写拨付计划建议（意见）');
    setBusy(true);
    setFailure(null);
    try {
      const { data } = await post<any>('/shenbao/bulk/transitions', { applications: selection, action: 'propose', opinion });
      const answer = data?.data ?? data;
      if (answer?.budgets) setBudgets(answer.budgets);
      setDone(true);
      onDone();
    } catch (error) {
      setFailure(refusalMessage(error, '拟定拨付计划失败，请稍后重试'));
      // Another plan may have spent the remainder meanwhile: the refusal carries the figures as they are now.
      const budget = (error as any)?.response?.data?.error?.details?.budget;
      if (budget) setBudgets([budget]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`拟定拨付计划（${selection.length}项）`} testid="bulk-plan-dialog">
      {budgets ? <BudgetTable budgets={budgets} /> : !failure && <p data-testid="bulk-plan-loading">正在读取年度预算…</p>}
      {over && !done && (
        <p style={{ color: '#d02b20' }} data-testid="bulk-plan-over">
          本次计划超出年度预算剩余，不能提出；请减少所选申报。
        </p>
      )}
      <label>
        拨付计划建议
        <textarea value={opinion} onChange={(e) => setOpinion(e.target.value)} rows={3} style={field} data-testid="bulk-plan-opinion" disabled={done} />
      </label>
      {failure && <p style={{ color: '#d02b20' }} data-testid="bulk-error">{failure}</p>}
      {done && <p style={{ color: '#328048' }} data-testid="bulk-plan-done">已提出拨付计划建议</p>}
      <Flex gap={2} justifyContent="flex-end">
        <Button variant="tertiary" onClick={onClose}>
          {done ? '关闭' : '取消'}
        </Button>
        {!done && (
          <Button onClick={submit} loading={busy} disabled={!budgets || over} data-testid="bulk-plan-submit">
            提出计划
          </Button>
        )}
      </Flex>
    </Dialog>
  );
}
