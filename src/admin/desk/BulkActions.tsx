import * as React from 'react';
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

export function BulkPlan({ selection: opened, onClose, onDone }: Props) {
  const { post } = useFetchClient();
  const [selection] = React.useState(opened);
  const [opinion, setOpinion] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  const [result, setResult] = React.useState<any>(null);

  const submit = async () => {
    if (!opinion.trim()) return setFailure('请填写拨付计划建议（意见）');
    setBusy(true);
    setFailure(null);
    try {
      const { data } = await post<any>('/shenbao/bulk/transitions', { applications: selection, action: 'propose', opinion });
      setResult(data?.data ?? data);
      onDone();
    } catch (error) {
      setFailure(refusalMessage(error, '拟定拨付计划失败，请稍后重试'));
      // Over budget, the server says by how much: show the plan's total against what is left.
      const budget = (error as any)?.response?.data?.error?.details?.budget;
      if (budget) setResult({ budgets: [budget] });
    } finally {
      setBusy(false);
    }
  };

  const budgets: Array<{ totalFen: number; remainingFen: number }> | undefined = result?.budgets;
  const totalFen = budgets?.reduce((sum, b) => sum + b.totalFen, 0);
  const remainingFen = budgets?.reduce((sum, b) => sum + b.remainingFen, 0);
  return (
    <Dialog title={`拟定拨付计划（${selection.length}项）`} testid="bulk-plan-dialog">
      <label>
        拨付计划建议
        <textarea value={opinion} onChange={(e) => setOpinion(e.target.value)} rows={3} style={field} data-testid="bulk-plan-opinion" />
      </label>
      {(totalFen !== undefined || remainingFen !== undefined) && (
        <Box padding={3} background="neutral100" marginBottom={3} data-testid="bulk-plan-budget">
          <Typography>拟拨付合计：{totalFen !== undefined ? formatMoney(totalFen) : '—'}</Typography>
          <br />
          <Typography>年度预算剩余（本次计划前）：{remainingFen !== undefined ? formatMoney(remainingFen) : '—'}</Typography>
          <br />
          <Typography>本次计划后剩余：{totalFen === undefined || remainingFen === undefined ? '—' : remainingFen >= totalFen ? formatMoney(remainingFen - totalFen) : `超出 ${formatMoney(totalFen - remainingFen)}`}</Typography>
        </Box>
      )}
      {failure && <p style={{ color: '#d02b20' }} data-testid="bulk-error">{failure}</p>}
      {result && !failure && <p style={{ color: '#328048' }} data-testid="bulk-plan-done">已提出拨付计划建议</p>}
      <Flex gap={2} justifyContent="flex-end">
        <Button variant="tertiary" onClick={onClose}>
          {result && !failure ? '关闭' : '取消'}
        </Button>
        {!(result && !failure) && (
          <Button onClick={submit} loading={busy} data-testid="bulk-plan-submit">
            提出计划
          </Button>
        )}
      </Flex>
    </Dialog>
  );
}
