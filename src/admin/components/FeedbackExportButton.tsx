import * as React from 'react';
import { useParams } from 'react-router-dom';
import { Button } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

/**
 * 导出反馈: on the consultation feedback list, staff pick a consultation (or all) and download
 * every feedback row as XLSX from /shenbao/consultation-feedback/export. The server checks the
 * permission; the button only saves a trip.
 */
interface Consultation {
  documentId: string;
  title: string;
}

const panel: React.CSSProperties = {
  position: 'fixed', top: '15%', left: '50%', transform: 'translateX(-50%)', zIndex: 10, width: 480,
  background: '#fff', border: '1px solid #dcdce4', borderRadius: 4, padding: 24, boxShadow: '0 2px 15px rgba(33,33,52,0.2)',
};

export default function FeedbackExportButton() {
  const { slug } = useParams<{ slug: string }>();
  const { get } = useFetchClient();
  const [open, setOpen] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [choices, setChoices] = React.useState<Consultation[]>([]);
  const [chosen, setChosen] = React.useState('');
  const [failure, setFailure] = React.useState<string | null>(null);
  const isFeedbackList = slug === 'api::consultation-feedback.consultation-feedback';

  React.useEffect(() => {
    if (!open || !isFeedbackList) return;
    get<{ results: Consultation[] }>('/content-manager/collection-types/api::consultation.consultation', { params: { page: 1, pageSize: 100, sort: 'issuedAt:DESC' } })
      .then(({ data }) => setChoices(data.results ?? []))
      .catch(() => setChoices([]));
  }, [open, isFeedbackList]);

  if (!isFeedbackList) return null;

  const download = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const { data } = await get<Blob>('/shenbao/consultation-feedback/export', { params: chosen ? { consultation: chosen } : {}, responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `征求意见反馈-${choices.find((c) => c.documentId === chosen)?.title ?? '全部'}.xlsx`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
      setOpen(false);
    } catch (error) {
      const response = (error as { response?: { status?: number } }).response;
      setFailure(response?.status === 403 ? '您的角色无权导出征求意见反馈' : '导出失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="feedback-export">
        导出反馈
      </Button>
      {open && (
        <div role="dialog" aria-label="导出征求意见反馈" style={panel} data-testid="feedback-export-dialog">
          <label htmlFor="feedback-export-consultation" style={{ display: 'block', fontWeight: 600, marginBottom: 8 }}>
            征求意见
          </label>
          <select id="feedback-export-consultation" value={chosen} onChange={(e) => setChosen(e.target.value)} style={{ width: '100%', padding: 6 }}>
            <option value="">全部</option>
            {choices.map((c) => (
              <option key={c.documentId} value={c.documentId}>
                {c.title}
              </option>
            ))}
          </select>
          {failure && <p style={{ color: '#d02b20', marginTop: 8 }}>{failure}</p>}
          <div style={{ marginTop: 16, display: 'flex', gap: 8 }}>
            <Button loading={busy} onClick={download}>
              下载 XLSX
            </Button>
            <Button variant="tertiary" onClick={() => setOpen(false)}>
              取消
            </Button>
          </div>
        </div>
      )}
    </>
  );
}
