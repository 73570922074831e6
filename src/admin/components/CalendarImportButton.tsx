import * as React from 'react';
import { ImportButton } from './ImportButton';

/**
 * 导入节假日: on the working-day calendar's list, when the State Council's notice for the next
 * year is out, staff import the year from a holiday-cn JSON file; it replaces that year's days.
 */
interface Report {
  year: number;
  holidays: number;
  makeupWorkdays: number;
}

export default function CalendarImportButton() {
  return (
    <ImportButton<Report>
      uid="api::calendar-day.calendar-day"
      label="导入节假日"
      accept=".json"
      url="/shenbao/calendar/import"
      testid="calendar-import"
      changed={() => true}
      describe={(report) => (
        <p>
          已导入 {report.year} 年工作日历：放假 {report.holidays} 天，调休上班 {report.makeupWorkdays} 天。
        </p>
      )}
    />
  );
}
