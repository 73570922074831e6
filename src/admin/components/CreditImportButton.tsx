import * as React from 'react';
import { useParams } from 'react-router-dom';
import { Button } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

/**
 * 导入信用名单: on the credit records' list, staff pick a CSV or XLSX exported from 信用中国 and
 * get the report (accepted, duplicates, rejected rows with their line and reason). The server
 * checks the permission; the button only saves a trip for the roles that cannot import.
 */
interface Report {
  batch: string;
  accepted: number;
  duplicates: number;
  rejected: Array<{ line: number; error: string }>;
}

const SHOWN_REJECTIONS = 100;
const panel: React.CSSProperties = {
  position: 'fixed', top: '15%', left: '50%', transform: 'translateX(-50%)', zIndex: 10, width: 560, maxHeight: '70vh', overflow: 'auto',
  background: '#fff', border: '1px solid #dcdce4', borderRadius: 4, padding: 24, boxShadow: '0 2px 15px rgba(33,33,52,0.2)',
};

export default function CreditImportButton() {
  const { slug } = useParams<{ slug: string }>();
  const { post } = useFetchClient();
  const input = React.useRef<HTMLInputElement>(null);
  const [busy, setBusy] = React.useState(false);
  const [report, setReport] = React.useState<Report | null>(null);
  const [failure, setFailure] = React.useState<string | null>(null);
  if (slug !== 'api::credit-record.credit-record') return null;

  const upload = async (file: File) => {
    setBusy(true);
    setFailure(null);
    const body = new FormData();
    body.append('file', file);
    try {
      const { data } = await post<{ data: Report }>('/shenbao/credit-records/import', body);
      setReport(data.data);
    } catch (error) {
      const response = (error as { response?: { data?: { error?: { message?: string } } } }).response;
      setFailure(response?.data?.error?.message ?? '导入失败，请稍后重试');
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <>
      <input ref={input} type="file" accept=".csv,.xlsx" hidden data-testid="credit-import-file" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
      <Button variant="secondary" loading={busy} onClick={() => input.current?.click()}>
        导入信用名单
      </Button>
      {(report || failure) && (
        <div role="dialog" aria-label="导入结果" style={panel} data-testid="credit-import-report">
          {failure ? (
            <p style={{ color: '#d02b20' }}>{failure}</p>
          ) : (
            report && (
              <>
                <p style={{ fontWeight: 600, marginBottom: 8 }}>导入批次 {report.batch}</p>
                <p>接受 {report.accepted} 条，重复 {report.duplicates} 条，拒绝 {report.rejected.length} 条。</p>
                {report.rejected.length > 0 && (
                  <ul style={{ marginTop: 8, color: '#d02b20' }}>
                    {report.rejected.slice(0, SHOWN_REJECTIONS).map((row) => <li key={row.line}>第 {row.line} 行：{row.error}</li>)}
                    {report.rejected.length > SHOWN_REJECTIONS && <li>……另有 {report.rejected.length - SHOWN_REJECTIONS} 行被拒绝</li>}
                  </ul>
                )}
              </>
            )
          )}
          <div style={{ marginTop: 16 }}>
            <Button
              onClick={() => {
                // The list shows the new records after a reload.
                if (report?.accepted) window.location.reload();
                setReport(null);
                setFailure(null);
              }}
            >
              关闭
            </Button>
          </div>
        </div>
      )}
    </>
  );
}
