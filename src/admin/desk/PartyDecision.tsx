import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { refusalMessage } from './api';

/**
 * The party group's decision as an approval names it: a meeting already recorded (one meeting
 * decides many applications), or a new record with its date, minute number and scanned minutes.
 */
export interface DecisionChoice {
  existing: string;
  meetingDate: string;
  minuteNo: string;
  scan: File | null;
}

export const EMPTY_DECISION: DecisionChoice = { existing: '', meetingDate: '', minuteNo: '', scan: null };

const fieldStyle: React.CSSProperties = { display: 'block', width: '100%', padding: 6, marginTop: 4, marginBottom: 8, border: '1px solid #dcdce4', borderRadius: 4, fontSize: 14 };

type Post = ReturnType<typeof useFetchClient>['post'];

/** The record's documentId: the chosen one, or a new record made from the form (multipart, with the scan). */
export async function decisionRecordFor(post: Post, choice: DecisionChoice): Promise<string> {
  if (choice.existing) return choice.existing;
  const form = new FormData();
  form.append('meetingDate', choice.meetingDate);
  form.append('minuteNo', choice.minuteNo);
  if (choice.scan) form.append('scan', choice.scan);
  const { data } = await post<{ data: { documentId: string } }>('/shenbao/party-decisions', form);
  return data.data.documentId;
}

export function PartyDecisionFields({ value, onChange }: { value: DecisionChoice; onChange: (next: DecisionChoice) => void }) {
  const { get } = useFetchClient();
  const [recorded, setRecorded] = React.useState<Array<{ documentId: string; meetingDate: string; minuteNo: string }>>([]);
  const [failure, setFailure] = React.useState<string | null>(null);
  React.useEffect(() => {
    get<{ data: any[] }>('/shenbao/party-decisions')
      .then(({ data }) => setRecorded(data.data))
      .catch((error) => setFailure(refusalMessage(error, '党组决定记录加载失败')));
  }, []);
  const set = (patch: Partial<DecisionChoice>) => onChange({ ...value, ...patch });
  return (
    <fieldset style={{ marginBottom: 12, border: '1px solid #dcdce4', borderRadius: 4, padding: 10 }} data-testid="action-decision">
      <legend>党组集体研究决定</legend>
      <label>
        已登记的党组会议
        <select value={value.existing} onChange={(e) => set({ existing: e.target.value })} style={fieldStyle} data-testid="decision-existing">
          <option value="">登记新的党组会议…</option>
          {recorded.map((d) => (
            <option key={d.documentId} value={d.documentId}>
              {d.meetingDate} {d.minuteNo}
            </option>
          ))}
        </select>
      </label>
      {!value.existing && (
        <>
          <label>
            会议日期
            <input type="date" value={value.meetingDate} onChange={(e) => set({ meetingDate: e.target.value })} style={fieldStyle} data-testid="decision-date" />
          </label>
          <label>
            会议纪要编号
            <input value={value.minuteNo} onChange={(e) => set({ minuteNo: e.target.value })} style={fieldStyle} data-testid="decision-minute" placeholder="如：党组会议纪要〔2026〕12号" />
          </label>
          <label>
            会议纪要扫描件（PDF、JPG 或 PNG）
            <input type="file" accept=".pdf,.jpg,.jpeg,.png" onChange={(e) => set({ scan: e.target.files?.[0] ?? null })} style={fieldStyle} data-testid="decision-scan" />
          </label>
        </>
      )}
      {failure && <p style={{ color: '#d02b20' }}>{failure}</p>}
    </fieldset>
  );
}
