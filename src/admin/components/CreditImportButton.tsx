import * as React from 'react';
import { ImportButton } from './ImportButton';

/**
 * 导入信用名单: on the credit records' list, staff pick a CSV or XLSX exported from 信用中国 and
 * get the report (accepted, duplicates, rejected rows with their line and reason).
 */
interface Report {
  batch: string;
  accepted: number;
  duplicates: number;
  rejected: Array<{ line: number; error: string }>;
}

const SHOWN_REJECTIONS = 100;

export default function CreditImportButton() {
  return (
    <ImportButton<Report>
      uid="api::credit-record.credit-record"
      label="导入信用名单"
      accept=".csv,.xlsx"
      url="/shenbao/credit-records/import"
      testid="credit-import"
      changed={(report) => report.accepted > 0}
      describe={(report) => (
        <>
          <p style={{ fontWeight: 600, marginBottom: 8 }}>导入批次 {report.batch}</p>
          <p>
            接受 {report.accepted} 条，重复 {report.duplicates} 条，拒绝 {report.rejected.length} 条。
          </p>
          {report.rejected.length > 0 && (
            <ul style={{ marginTop: 8, color: '#d02b20' }}>
              {report.rejected.slice(0, SHOWN_REJECTIONS).map((row) => (
                <li key={row.line}>
                  第 {row.line} 行：{row.error}
                </li>
              ))}
              {report.rejected.length > SHOWN_REJECTIONS && <li>……另有 {report.rejected.length - SHOWN_REJECTIONS} 行被拒绝</li>}
            </ul>
          )}
        </>
      )}
    />
  );
}
