import * as React from 'react';
import { Link } from 'react-router-dom';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { FINDINGS } from '../../domain/workflow/types';
import { refusalMessage } from './api';
import { formatTime } from './render';
import { REPORT_STATUS_LABELS } from '../../domain/supervision';

/**
 * 绩效监管 (第十一条): every paid application in the caller's scope, with its report schedule:
 * what is due, late or filed, and the bureau's checks with their findings. The server computes
 * the schedule from the programme's rules; checks are recorded on the application page.
 */
interface Report {
  period: string;
  label: string;
  dueOn: string;
  status: 'upcoming' | 'due' | 'late' | 'filed';
  filedAt: string | null;
}
interface Row {
  documentId: string;
  serialNo: string | null;
  title: string;
  organizationName: string | null;
  counts: Record<Report['status'], number>;
  reports: Report[];
  /** the bureau's checks (检查、审计、数据报送核查), newest first */
  checks: Array<{ seq: number; action: string; label: string; finding: keyof typeof FINDINGS | null; occurredAt: string; actorName: string | null }>;
}

const STATUS: Record<Report['status'], { label: string; color: string }> = {
  late: { label: REPORT_STATUS_LABELS.late, color: '#d02b20' },
  due: { label: REPORT_STATUS_LABELS.due, color: '#d9822f' },
  filed: { label: REPORT_STATUS_LABELS.filed, color: '#328048' },
  upcoming: { label: REPORT_STATUS_LABELS.upcoming, color: '#666687' },
};
const cell: React.CSSProperties = { padding: '8px 10px', borderBottom: '1px solid #eaeaef', fontSize: 14, textAlign: 'left', verticalAlign: 'top' };

export default function SupervisionPage() {
  const { get } = useFetchClient();
  const [status, setStatus] = React.useState<string>('');
  const [rows, setRows] = React.useState<Row[] | null>(null);
  const [failure, setFailure] = React.useState<string | null>(null);
  React.useEffect(() => {
    setRows(null);
    get<{ data: Row[] }>('/shenbao/supervision', { params: status ? { status } : {} })
      .then(({ data }) => {
        setRows(data.data);
        setFailure(null);
      })
      .catch((error) => setFailure(refusalMessage(error, '绩效监管加载失败')));
  }, [status]);

  return (
    <Box padding={8} background="neutral100" data-testid="desk-supervision">
      <Link to=".." relative="path">
        ← 返回审核工作台
      </Link>
      <Flex justifyContent="space-between" alignItems="center" paddingTop={4} paddingBottom={4}>
        <Typography variant="alpha" tag="h1">
          绩效监管
        </Typography>
        <label style={{ fontSize: 14 }}>
          状态{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="supervision-status">
            <option value="">全部</option>
            {(['late', 'due', 'filed', 'upcoming'] as const).map((s) => (
              <option key={s} value={s}>
                {STATUS[s].label}
              </option>
            ))}
          </select>
        </label>
      </Flex>
      {failure && <Typography textColor="danger700">{failure}</Typography>}
      <Box background="neutral0" shadow="filterShadow" hasRadius>
        <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="supervision-table">
          <thead>
            <tr style={{ background: '#f6f6f9' }}>
              {['申报编号', '项目名称', '申报单位', '逾期 / 待报 / 已报', '报送计划', '检查、审计与核查'].map((h) => (
                <th key={h} style={cell}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((row) => (
              <tr key={row.documentId} data-testid={`supervision-row-${row.documentId}`}>
                <td style={cell}>
                  <Link to={`../applications/${row.documentId}`} relative="path">
                    {row.serialNo ?? '—'}
                  </Link>
                </td>
                <td style={cell}>{row.title}</td>
                <td style={cell}>{row.organizationName ?? '—'}</td>
                <td style={cell}>
                  <span style={{ color: STATUS.late.color }}>{row.counts.late}</span> / <span style={{ color: STATUS.due.color }}>{row.counts.due}</span> /{' '}
                  <span style={{ color: STATUS.filed.color }}>{row.counts.filed}</span>
                </td>
                <td style={cell}>
                  {row.reports.map((r) => (
                    <div key={r.period} data-status={r.status}>
                      {r.label}：<strong style={{ color: STATUS[r.status].color }}>{STATUS[r.status].label}</strong>
                      {r.filedAt ? `（${formatTime(r.filedAt)}）` : ''}
                    </div>
                  ))}
                </td>
                <td style={cell} data-testid={`supervision-checks-${row.documentId}`}>
                  {row.checks.length
                    ? row.checks.map((c) => (
                        <div key={c.seq}>
                          {c.label}：
                          <strong style={{ color: c.finding === 'no_issue' ? STATUS.filed.color : STATUS.late.color }}>{c.finding ? FINDINGS[c.finding] : '—'}</strong>（{formatTime(c.occurredAt)}）
                        </div>
                      ))
                    : <span style={{ color: '#666687' }}>暂无</span>}
                </td>
              </tr>
            ))}
            {rows && !rows.length && (
              <tr>
                <td colSpan={6} style={{ ...cell, textAlign: 'center', color: '#666687' }} data-testid="supervision-empty">
                  暂无需要监管的项目
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </Box>
    </Box>
  );
}
