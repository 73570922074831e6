import * as React from 'react';
import { Link } from 'react-router-dom';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { formatWanYuan } from '../../domain/money';
import { formatShanghaiDate, formatShanghaiDateTime } from '../../domain/time';

/**
 * The to-do home (首页) of a staff member, as Strapi home page widgets, from one request to
 * /shenbao/home (scoped by the server as the inbox is): 待我办理, 公示中, 办理进度 and, for finance,
 * 预算执行. Every label wraps rather than being cut: the browser test measures them
 * (data-home-label) at 1440×900 and 1280×720.
 */
export interface HomeAnswer {
  role: string | null;
  todo: {
    total: number;
    overdue: number;
    byStage: Array<{ stage: string; label: string; count: number; overdue: number }>;
    items: Array<{
      documentId: string;
      serialNo: string | null;
      title: string;
      organizationName: string | null;
      stageLabel: string;
      waitingWorkingDays: number | null;
      timeLimitWorkingDays: number | null;
      dueDate: string | null;
      overdue: boolean;
    }>;
  };
  publicity: Array<{ documentId: string; title: string; phase: string; startsAt: string; endsAt: string; workingDays: number; applications: number }>;
  funnel: Array<{ stage: string; label: string; count: number }>;
  budgets: Array<{ programKey: string; name: string; year: number; budgetFen: number; committedFen: number; paidFen: number }>;
  calendar: null | { year: number; warn: boolean; uncounted: { applications: number; years: number[] } };
  controls: { supervision: boolean; calendarImport: boolean };
}

let shared: Promise<HomeAnswer> | null = null;
let sharedAt = 0;

/** The home's answer, one request shared by the widgets (and the desk's links), refetched after a minute. */
export function useHome() {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data?: HomeAnswer; failure?: string }>({});
  React.useEffect(() => {
    if (!shared || Date.now() - sharedAt > 60_000) {
      sharedAt = Date.now();
      shared = get<{ data: HomeAnswer }>('/shenbao/home')
        .then(({ data }) => data.data)
        .catch((error) => {
          shared = null;
          throw error;
        });
    }
    let live = true;
    shared.then((data) => live && setState({ data })).catch(() => live && setState({ failure: '首页数据加载失败，请刷新重试' }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

const wrap: React.CSSProperties = { overflowWrap: 'anywhere', wordBreak: 'break-word' };
const CALENDAR_LIST = '/content-manager/collection-types/api::calendar-day.calendar-day';

function Loaded({ testid, children }: { testid: string; children: (data: HomeAnswer) => React.ReactNode }) {
  const { data, failure } = useHome();
  if (failure) return <Typography textColor="danger600">{failure}</Typography>;
  if (!data) return <Typography textColor="neutral600">加载中…</Typography>;
  return (
    <Box width="100%" data-testid={testid}>
      {children(data)}
    </Box>
  );
}

/** For those who may import a year: the missing year, and the waits the reminders cannot count. */
function CalendarNotice({ calendar }: { calendar: NonNullable<HomeAnswer['calendar']> }) {
  const uncounted = calendar.uncounted.applications;
  if (!calendar.warn && !uncounted) return null;
  return (
    <Box padding={3} background="warning100" hasRadius marginBottom={3} data-testid="home-calendar-notice">
      {calendar.warn && (
        <Typography textColor="warning700" tag="p" style={wrap} data-home-label>
          {calendar.year}年工作日历尚未导入：{calendar.year}年内的公示期和办理时限将无法计算。
        </Typography>
      )}
      {uncounted > 0 && (
        <Typography textColor="warning700" tag="p" style={wrap} data-home-label data-testid="home-calendar-uncounted">
          有{uncounted}件申报因{calendar.uncounted.years.join('、')}年工作日历未导入，无法计算办理期限，超期提醒暂停。
        </Typography>
      )}
      <Link to={CALENDAR_LIST} style={{ fontSize: 14 }}>
        去导入工作日历
      </Link>
    </Box>
  );
}

function due(item: HomeAnswer['todo']['items'][number]) {
  if (!item.timeLimitWorkingDays) return '无办理时限';
  if (!item.dueDate) return '期限无法计算（工作日历未导入）';
  const date = formatShanghaiDate(`${item.dueDate}T12:00:00+08:00`);
  return item.overdue ? `已超期：期限${date}` : `办理期限：${date}`;
}

export const TodoWidget = () => (
  <Loaded testid="home-todo">
    {({ todo, calendar }) => (
      <>
        {calendar && <CalendarNotice calendar={calendar} />}
        <Typography variant="omega" tag="p" data-home-label data-testid="home-todo-summary" style={wrap}>
          {todo.total ? `共${todo.total}件待办${todo.overdue ? `，其中${todo.overdue}件已超期` : ''}` : '暂无待办'}
        </Typography>
        <Flex gap={2} wrap="wrap" paddingTop={2} paddingBottom={2}>
          {todo.byStage.map((s) => (
            <span key={s.stage} data-home-label data-testid={`home-todo-stage-${s.stage}`} style={{ ...wrap, fontSize: 13, padding: '2px 10px', borderRadius: 12, background: s.overdue ? '#fcecea' : '#f0f0ff', color: s.overdue ? '#b72b1a' : '#4945ff' }}>
              {s.label}（{s.count}）
            </span>
          ))}
        </Flex>
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {todo.items.map((item) => (
            <li key={item.documentId} data-testid={`home-todo-item-${item.documentId}`} data-overdue={item.overdue} style={{ borderTop: '1px solid #eaeaef', padding: '6px 0' }}>
              <Link to={`/shenbao-desk/applications/${item.documentId}`} style={{ ...wrap, fontSize: 14, textDecoration: 'none', color: '#32324d' }} data-home-label>
                {item.title}
              </Link>
              <div style={{ ...wrap, fontSize: 12, color: '#666687' }} data-home-label>
                {item.stageLabel} · {item.serialNo ?? '未编号'} ·{' '}
                <span style={{ color: item.overdue ? '#d02b20' : undefined, fontWeight: item.overdue ? 600 : undefined }}>{due(item)}</span>
              </div>
            </li>
          ))}
        </ol>
      </>
    )}
  </Loaded>
);

export const PublicityWidget = () => (
  <Loaded testid="home-publicity">
    {({ publicity }) =>
      publicity.length ? (
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {publicity.map((p) => (
            <li key={p.documentId} data-testid={`home-publicity-${p.documentId}`} style={{ borderTop: '1px solid #eaeaef', padding: '6px 0' }}>
              <div style={{ ...wrap, fontSize: 14 }} data-home-label>
                {p.title}
              </div>
              <div style={{ ...wrap, fontSize: 12, color: '#666687' }} data-home-label>
                {p.phase === 'scheduled' ? `${formatShanghaiDateTime(p.startsAt)}开始，` : '公示中，'}公示期至{formatShanghaiDateTime(p.endsAt)}（北京时间）· {p.applications}个项目
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <Typography textColor="neutral600" data-home-label>
          暂无进行中的公示
        </Typography>
      )
    }
  </Loaded>
);

export const FunnelWidget = () => (
  <Loaded testid="home-funnel">
    {({ funnel }) => {
      if (!funnel.length) return <Typography textColor="neutral600">暂无申报</Typography>;
      const max = Math.max(1, ...funnel.map((s) => s.count));
      return (
        <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }}>
          <tbody>
            {funnel.map((s) => (
              <tr key={s.stage} data-testid={`home-funnel-${s.stage}`}>
                <td style={{ ...wrap, padding: '3px 8px 3px 0', width: '40%' }} data-home-label>
                  {s.label}
                </td>
                <td style={{ padding: '3px 0', width: '50%' }}>
                  <div style={{ height: 14, width: `${Math.max(2, (s.count / max) * 100)}%`, background: '#7b79ff', borderRadius: 2 }} />
                </td>
                <td style={{ padding: '3px 0 3px 8px', textAlign: 'right', whiteSpace: 'nowrap' }}>{s.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }}
  </Loaded>
);

export const BudgetWidget = () => (
  <Loaded testid="home-budget">
    {({ budgets }) =>
      budgets.length ? (
        <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }}>
          <thead>
            <tr style={{ color: '#666687', textAlign: 'right' }}>
              <th style={{ textAlign: 'left', fontWeight: 500 }} data-home-label>
                专项（年度）
              </th>
              <th style={{ fontWeight: 500 }} data-home-label>预算</th>
              <th style={{ fontWeight: 500 }} data-home-label>已承诺</th>
              <th style={{ fontWeight: 500 }} data-home-label>已拨付</th>
              <th style={{ fontWeight: 500 }} data-home-label>可用</th>
            </tr>
          </thead>
          <tbody>
            {budgets.map((b) => (
              <tr key={`${b.programKey}-${b.year}`} data-testid={`home-budget-${b.programKey}-${b.year}`} style={{ borderTop: '1px solid #eaeaef', textAlign: 'right' }}>
                <td style={{ ...wrap, textAlign: 'left', padding: '4px 4px 4px 0' }} data-home-label>
                  {b.name}（{b.year}）
                </td>
                <td>{formatWanYuan(b.budgetFen)}</td>
                <td>{formatWanYuan(b.committedFen)}</td>
                <td>{formatWanYuan(b.paidFen)}</td>
                <td style={{ color: b.budgetFen < b.committedFen ? '#d02b20' : undefined }}>{b.budgetFen < b.committedFen ? `超出${formatWanYuan(b.committedFen - b.budgetFen)}` : formatWanYuan(b.budgetFen - b.committedFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Typography textColor="neutral600">暂无年度预算</Typography>
      )
    }
  </Loaded>
);
