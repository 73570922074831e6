import * as React from 'react';
import { Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

/**
 * Home page charts below the to-do widgets (HomeWidgets.tsx): applications by district this year
 * and median days in each stage; inline SVG bar charts from /shenbao/dashboard.
 */
interface Dashboard {
  byStage: Array<{ stage: string; label: string; count: number }>;
  byDistrict: Array<{ code: string; name: string; count: number }>;
  budgets: Array<{ programKey: string; name: string; year: number; budgetFen: number; usedFen: number }>;
  medianDaysInStage: Array<{ stage: string; label: string; days: number }>;
}

let shared: Promise<Dashboard> | null = null;
let sharedAt = 0;

function useDashboard() {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data?: Dashboard; failure?: string }>({});
  React.useEffect(() => {
    // The four widgets share one request (refetched after a minute).
    if (!shared || Date.now() - sharedAt > 60_000) {
      sharedAt = Date.now();
      shared = get<{ data: Dashboard }>('/shenbao/dashboard')
        .then(({ data }) => data.data)
        .catch((error) => {
          shared = null;
          throw error;
        });
    }
    shared.then((data) => setState({ data })).catch(() => setState({ failure: '统计数据加载失败' }));
  }, []);
  return state;
}

export function BarChart({ bars, format = String, testid }: { bars: Array<{ label: string; value: number; total?: number }>; format?: (n: number) => string; testid: string }) {
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.total ?? 0)));
  const row = 26;
  const labelWidth = 130;
  const width = 420;
  const barWidth = width - labelWidth - 110;
  return (
    // Drawn at its own size (shrinking in a narrow card, never growing), so a wide card does not blow up the text.
    <svg role="img" width={width} viewBox={`0 0 ${width} ${bars.length * row + 4}`} style={{ maxWidth: '100%', height: 'auto' }} data-testid={testid}>
      {bars.map((b, i) => (
        <g key={b.label + i} transform={`translate(0, ${i * row + 2})`}>
          <text x={labelWidth - 6} y={16} textAnchor="end" fontSize={12} fill="#32324d">
            {b.label.length > 10 ? `${b.label.slice(0, 10)}…` : b.label}
          </text>
          {b.total !== undefined && <rect x={labelWidth} y={3} width={(b.total / max) * barWidth} height={18} fill="#eaeaef" rx={2} />}
          <rect x={labelWidth} y={3} width={Math.max(1, (b.value / max) * barWidth)} height={18} fill={b.total !== undefined && b.value > b.total ? '#d02b20' : '#7b79ff'} rx={2}>
            <title>{`${b.label}：${format(b.value)}${b.total !== undefined ? ` / ${format(b.total)}` : ''}`}</title>
          </rect>
          <text x={labelWidth + barWidth + 6} y={16} fontSize={12} fill="#666687">
            {format(b.value)}
            {b.total !== undefined ? ` / ${format(b.total)}` : ''}
          </text>
        </g>
      ))}
    </svg>
  );
}

function Widget({ pick, testid }: { pick: (d: Dashboard) => React.ComponentProps<typeof BarChart>; testid: string }) {
  const { data, failure } = useDashboard();
  if (failure) return <Typography textColor="danger600">{failure}</Typography>;
  if (data === undefined) return <Typography textColor="neutral600">加载中…</Typography>;
  const props = pick(data);
  if (!props.bars.length) return <Typography textColor="neutral600" data-testid={`${testid}-empty`}>暂无数据</Typography>;
  return <BarChart {...props} testid={testid} />;
}

export const ByDistrictWidget = () => <Widget testid="widget-by-district" pick={(d) => ({ bars: (d.byDistrict ?? []).map((s) => ({ label: s.name, value: s.count })), testid: '' })} />;
export const MedianDaysWidget = () => (
  <Widget testid="widget-median-days" pick={(d) => ({ bars: (d.medianDaysInStage ?? []).map((s) => ({ label: s.label, value: s.days })), format: (n) => `${n}天`, testid: '' })} />
);
