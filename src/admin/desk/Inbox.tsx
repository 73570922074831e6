import * as React from 'react';
import DigestToggle from './DigestToggle';
import { Link, useNavigate } from 'react-router-dom';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { fetchInbox, InboxAnswer, InboxQuery, InboxRow, progressText, refusalMessage, saveBlob, streamExport } from './api';
import { BulkPublicity, BulkPlan } from './BulkActions';
import { useHome } from './HomeWidgets';
import { formatTime } from './render';

/**
 * 审核工作台: the applications waiting at the stages this staff member acts on, within its scope
 * (the server scopes; the page only asks). Counts per stage, filters, search, sort by waiting time,
 * overdue marker, paging, bulk actions and exports.
 */
const PAGE_SIZE = 20;
const cell: React.CSSProperties = { padding: '8px 10px', borderBottom: '1px solid #eaeaef', textAlign: 'left', fontSize: 14 };
const chip = (active: boolean): React.CSSProperties => ({
  padding: '4px 12px', borderRadius: 16, border: `1px solid ${active ? '#4945ff' : '#dcdce4'}`, background: active ? '#f0f0ff' : '#fff',
  color: active ? '#4945ff' : '#32324d', cursor: 'pointer', fontSize: 13,
});
const input: React.CSSProperties = { padding: '6px 8px', border: '1px solid #dcdce4', borderRadius: 4, fontSize: 14 };

interface Option { value: string; label: string }

function useOptions(uid: string, value: (row: any) => string, label: (row: any) => string) {
  const { get } = useFetchClient();
  const [options, setOptions] = React.useState<Option[]>([]);
  React.useEffect(() => {
    get<{ results: any[] }>(`/content-manager/collection-types/${uid}`, { params: { page: 1, pageSize: 100 } })
      .then(({ data }) => setOptions((data.results ?? []).map((row) => ({ value: value(row), label: label(row) }))))
      .catch(() => setOptions([])); // a role without read access filters by what its rows show
  }, [uid]);
  return options;
}

/**
 * From November on, until next year's working-day calendar is imported (or at once, when this
 * year's is missing), the desk says so to those who can import a year (the server gives the
 * calendar's state to them only): 公示 periods and time limits cannot be counted into a year that
 * is not loaded.
 */
function CalendarWarning({ calendar }: { calendar: { year: number; warn: boolean } | null | undefined }) {
  if (calendar === undefined) return null;
  // nothing to say (or not theirs to fix): a marker for the browser tests, which wait for the answer
  if (!calendar?.warn) return <span hidden data-testid="desk-calendar-ok" />;
  return (
    <Box padding={3} background="warning100" marginBottom={3} hasRadius data-testid="desk-calendar-warning">
      <Typography textColor="warning700">
        {calendar.year}年工作日历尚未导入：{calendar.year}年内的公示期和办理时限将无法计算。请在国务院办公厅公布节假日安排后，于「内容管理 › 工作日历」用「导入节假日」导入。
      </Typography>
    </Box>
  );
}

export default function Inbox() {
  const { get } = useFetchClient();
  const navigate = useNavigate();
  const [query, setQuery] = React.useState<InboxQuery>({ sort: 'waiting', page: 1, pageSize: PAGE_SIZE });
  const [search, setSearch] = React.useState('');
  const [answer, setAnswer] = React.useState<InboxAnswer | null>(null);
  const [failure, setFailure] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);
  const [selected, setSelected] = React.useState<string[]>([]);
  const [dialog, setDialog] = React.useState<'publicity' | 'plan' | null>(null);
  const [exporting, setExporting] = React.useState<string | null>(null);
  const [progress, setProgress] = React.useState<string | null>(null);
  const token = useAuth('Inbox', (auth) => auth.token);
  const calls = useOptions('api::task-spec.task-spec', (r) => r.documentId, (r) => r.title);
  const districts = useOptions('api::district.district', (r) => r.code, (r) => r.name);
  const programs = useOptions('api::program.program', (r) => r.key, (r) => r.name);
  const home = useHome().data;

  const load = React.useCallback(() => {
    setLoading(true);
    setFailure(null);
    fetchInbox(get, query)
      .then((data) => {
        setAnswer(data);
        setSelected([]);
      })
      .catch((error) => setFailure(refusalMessage(error, '待办列表加载失败')))
      .finally(() => setLoading(false));
  }, [JSON.stringify(query)]);
  React.useEffect(load, [load]);

  const set = (patch: Partial<InboxQuery>) => setQuery((q) => ({ ...q, page: 1, ...patch }));
  const rows = answer?.results ?? [];
  const total = answer?.pagination.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / (answer?.pagination.pageSize || PAGE_SIZE)));
  const counts = answer?.counts ?? {};
  const stageKeys = Object.keys(counts);
  // A role that cannot read the reference types picks from the rows' own values, by name.
  const rowOptions = (value: (r: InboxRow) => string, label: (r: InboxRow) => string | null): Option[] =>
    [...new Map(rows.filter(value).map((r) => [value(r), label(r) || value(r)])).entries()].map(([v, l]) => ({ value: v, label: l }));
  const chosen = rows.filter((row) => selected.includes(row.documentId));
  const selection = chosen.map(({ documentId, version, state, stageLabel }) => ({ documentId, version, state, stageLabel }));
  // A bulk button shows when a row of the page offers its action to this role now, and acts when every ticked row does.
  const offers = (action: string) => rows.some((row) => row.bulkActions.includes(action));
  const canBulk = (action: string) => chosen.length > 0 && chosen.every((row) => row.bulkActions.includes(action));
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    setFailure(null);
    setProgress('正在导出…');
    try {
      const blob = await streamExport('/shenbao/exports/applications', { call: query.call, state: query.stage, format }, token, (p) => setProgress(`正在导出：${progressText(p)}`));
      saveBlob(blob, `申报列表.${format}`);
      setProgress('导出完成');
    } catch (error) {
      setProgress(null);
      setFailure(refusalMessage(error, '导出失败，请稍后重试'));
    } finally {
      setExporting(null);
    }
  };

  const select = (label: string, testid: string, value: string | undefined, options: Option[], onChange: (v: string) => void) => (
    <label style={{ display: 'flex', gap: 6, alignItems: 'center', fontSize: 14 }}>
      {label}
      <select data-testid={testid} value={value ?? ''} onChange={(e) => onChange(e.target.value)} style={input}>
        <option value="">全部</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Box padding={8} background="neutral100" data-testid="desk-inbox">
      <Flex justifyContent="space-between" alignItems="center" paddingBottom={4}>
        <Typography variant="alpha" tag="h1">
          审核工作台
        </Typography>
        <Flex gap={2}>
          <DigestToggle />
          {home?.controls.supervision && (
            <Link to="supervision" data-testid="desk-supervision-link" style={{ fontSize: 14, marginRight: 8 }}>
              绩效监管
            </Link>
          )}
          <Button variant="secondary" onClick={() => exportAs('xlsx')} loading={exporting === 'xlsx'} data-testid="desk-export-xlsx">
            导出XLSX
          </Button>
          <Button variant="secondary" onClick={() => exportAs('csv')} loading={exporting === 'csv'} data-testid="desk-export-csv">
            导出CSV
          </Button>
          {progress && (
            <Typography variant="pi" textColor="neutral600" data-testid="desk-export-progress">
              {progress}
            </Typography>
          )}
        </Flex>
      </Flex>

      <Flex gap={2} wrap="wrap" paddingBottom={3} data-testid="desk-stage-chips">
        <button type="button" style={chip(!query.stage)} onClick={() => set({ stage: undefined })} data-testid="desk-stage-all">
          全部待办{answer ? `（${Object.values(counts).reduce((a, b) => a + b, 0)}）` : ''}
        </button>
        {stageKeys.map((stage) => (
          <button key={stage} type="button" style={chip(query.stage === stage)} onClick={() => set({ stage })} data-testid={`desk-stage-${stage}`}>
            {answer?.labels[stage] ?? stage}（{counts[stage]}）
          </button>
        ))}
      </Flex>

      <Flex gap={4} wrap="wrap" paddingBottom={4}>
        {select('申报通知', 'desk-filter-call', query.call, calls.length ? calls : rowOptions((r) => r.taskSpecDocumentId, (r) => r.callTitle), (v) => set({ call: v || undefined }))}
        {select('所属区', 'desk-filter-district', query.district, districts.length ? districts : rowOptions((r) => r.districtCode, (r) => r.districtName), (v) => set({ district: v || undefined }))}
        {select('专项', 'desk-filter-program', query.program, programs.length ? programs : rowOptions((r) => r.programKey, (r) => r.programName), (v) => set({ program: v || undefined }))}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            set({ q: search.trim() || undefined });
          }}
          style={{ display: 'flex', gap: 6 }}
        >
          <input data-testid="desk-search" placeholder="单位名称、项目名称或信用代码" value={search} onChange={(e) => setSearch(e.target.value)} style={{ ...input, width: 260 }} />
          <Button type="submit" variant="tertiary" data-testid="desk-search-submit">
            搜索
          </Button>
        </form>
      </Flex>

      {(offers('start_publicity') || offers('propose')) && (
        <Flex gap={2} paddingBottom={3}>
          <Typography variant="omega">已选 {selected.length} 项</Typography>
          {offers('start_publicity') && (
            <Button variant="secondary" disabled={!canBulk('start_publicity')} onClick={() => setDialog('publicity')} data-testid="desk-bulk-publicity">
              发起公示
            </Button>
          )}
          {offers('propose') && (
            <Button variant="secondary" disabled={!canBulk('propose')} onClick={() => setDialog('plan')} data-testid="desk-bulk-plan">
              拟定拨付计划
            </Button>
          )}
        </Flex>
      )}

      <CalendarWarning calendar={home ? home.calendar : undefined} />
      {failure && (
        <Box padding={3} background="danger100" marginBottom={3} data-testid="desk-error">
          <Typography textColor="danger700">{failure}</Typography>
        </Box>
      )}

      <Box background="neutral0" shadow="filterShadow" hasRadius marginTop={2}>
        <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="desk-table">
          <thead>
            <tr style={{ background: '#f6f6f9' }}>
              <th style={cell}>
                <input
                  type="checkbox"
                  aria-label="全选"
                  data-testid="desk-select-all"
                  checked={!!rows.length && selected.length === rows.length}
                  onChange={(e) => setSelected(e.target.checked ? rows.map((r) => r.documentId) : [])}
                />
              </th>
              <th style={cell}>申报编号</th>
              <th style={cell}>项目名称</th>
              <th style={cell}>申报单位</th>
              <th style={cell}>所属区</th>
              <th style={cell}>环节</th>
              <th style={cell}>
                <button type="button" data-testid="desk-sort-waiting" onClick={() => set({ sort: query.sort === 'waiting' ? '-waiting' : 'waiting' })} style={{ border: 0, background: 'none', fontWeight: 600, cursor: 'pointer' }}>
                  等待时间 {query.sort === '-waiting' ? '↑' : '↓'}
                </button>
              </th>
              <th style={cell}>进入环节时间</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.documentId}
                data-testid={`desk-row-${row.documentId}`}
                data-serial={row.serialNo ?? ''}
                data-state={row.state}
                style={{ cursor: 'pointer', background: row.overdue ? '#fff5f5' : undefined }}
                onClick={() => navigate(`applications/${row.documentId}`)}
              >
                <td style={cell} onClick={(e) => e.stopPropagation()}>
                  <input type="checkbox" aria-label={`选择 ${row.serialNo ?? row.title}`} data-testid={`desk-select-${row.documentId}`} checked={selected.includes(row.documentId)} onChange={() => toggle(row.documentId)} />
                </td>
                <td style={cell}>{row.serialNo ?? '—'}</td>
                <td style={cell}>{row.title}</td>
                <td style={cell}>
                  {row.organizationName ?? '—'}
                  <div style={{ color: '#666687', fontSize: 12 }}>{row.uscc}</div>
                </td>
                <td style={cell}>{row.districtName ?? row.districtCode}</td>
                <td style={cell}>{row.stageLabel}</td>
                <td style={cell}>
                  {row.waitingWorkingDays ?? '—'}
                  {row.timeLimitWorkingDays ? ` / ${row.timeLimitWorkingDays}个工作日` : row.waitingWorkingDays !== null ? '天' : ''}
                  {row.overdue && (
                    <span data-testid="desk-overdue" style={{ marginLeft: 6, color: '#fff', background: '#d02b20', borderRadius: 4, padding: '1px 6px', fontSize: 12 }}>
                      已超期
                    </span>
                  )}
                </td>
                <td style={cell}>{formatTime(row.stateChangedAt)}</td>
              </tr>
            ))}
            {!rows.length && (
              <tr>
                <td colSpan={8} style={{ ...cell, textAlign: 'center', color: '#666687' }} data-testid="desk-empty">
                  {loading ? '加载中…' : '暂无待办'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </Box>

      <Flex gap={2} paddingTop={3} justifyContent="flex-end" data-testid="desk-pagination">
        <Typography variant="pi">
          共 {total} 条，第 {query.page} / {pages} 页
        </Typography>
        <Button variant="tertiary" disabled={(query.page ?? 1) <= 1} onClick={() => setQuery((q) => ({ ...q, page: (q.page ?? 1) - 1 }))} data-testid="desk-page-prev">
          上一页
        </Button>
        <Button variant="tertiary" disabled={(query.page ?? 1) >= pages} onClick={() => setQuery((q) => ({ ...q, page: (q.page ?? 1) + 1 }))} data-testid="desk-page-next">
          下一页
        </Button>
      </Flex>

      {dialog === 'publicity' && <BulkPublicity selection={selection} onClose={() => setDialog(null)} onDone={load} />}
      {dialog === 'plan' && <BulkPlan selection={selection} onClose={() => setDialog(null)} onDone={load} />}
    </Box>
  );
}
