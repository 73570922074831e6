import * as React from 'react';
import { useParams } from 'react-router-dom';
import { Button } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

/**
 * An import action on one content type's list: staff pick a file, the server imports it and
 * answers with a report, shown in a dialog. The server checks the permission; the list reloads
 * after an import that changed something.
 */
export interface ImportButtonProps<Report> {
  /** the content type whose list shows the button */
  uid: string;
  label: string;
  accept: string;
  /** the admin route that takes the file as `file` */
  url: string;
  /** the test id prefix: `<testid>-file` and `<testid>-report` */
  testid: string;
  changed: (report: Report) => boolean;
  describe: (report: Report) => React.ReactNode;
}

const panel: React.CSSProperties = {
  position: 'fixed', top: '15%', left: '50%', transform: 'translateX(-50%)', zIndex: 10, width: 560, maxHeight: '70vh', overflow: 'auto',
  background: '#fff', border: '1px solid #dcdce4', borderRadius: 4, padding: 24, boxShadow: '0 2px 15px rgba(33,33,52,0.2)',
};

export function ImportButton<Report>({ uid, label, accept, url, testid, changed, describe }: ImportButtonProps<Report>) {
  const { slug } = useParams<{ slug: string }>();
  const { post } = useFetchClient();
  const input = React.useRef<HTMLInputElement>(null);
  const [busy, setBusy] = React.useState(false);
  const [report, setReport] = React.useState<Report | null>(null);
  const [failure, setFailure] = React.useState<string | null>(null);
  if (slug !== uid) return null;

  const upload = async (file: File) => {
    setBusy(true);
    setFailure(null);
    const body = new FormData();
    body.append('file', file);
    try {
      const { data } = await post<{ data: Report }>(url, body);
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
      <input ref={input} type="file" accept={accept} hidden data-testid={`${testid}-file`} onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
      <Button variant="secondary" loading={busy} onClick={() => input.current?.click()}>
        {label}
      </Button>
      {(report || failure) && (
        <div role="dialog" aria-label="导入结果" style={panel} data-testid={`${testid}-report`}>
          {failure ? <p style={{ color: '#d02b20' }}>{failure}</p> : report && describe(report)}
          <div style={{ marginTop: 16 }}>
            <Button
              onClick={() => {
                if (report && changed(report)) window.location.reload();
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
