/**
 * Statutory holidays and make-up working days from the State Council General Office's annual
 * notices (国务院办公厅关于部分节假日安排的通知). Staff add a year in the admin panel when its
 * notice comes out; the calendar refuses to count into a year that is not here.
 */
export interface HolidayArrangement {
  name: string;
  /** "MM-DD" or "MM-DD..MM-DD" */
  off: string[];
  makeupWorkdays: string[];
}

export const HOLIDAY_NOTICES: Record<number, { source: string; holidays: HolidayArrangement[] }> = {
  2025: {
    source: '国务院办公厅关于2025年部分节假日安排的通知',
    holidays: [
      { name: '元旦', off: ['01-01'], makeupWorkdays: [] },
      { name: '春节', off: ['01-28..02-04'], makeupWorkdays: ['01-26', '02-08'] },
      { name: '清明节', off: ['04-04..04-06'], makeupWorkdays: [] },
      { name: '劳动节', off: ['05-01..05-05'], makeupWorkdays: ['04-27'] },
      { name: '端午节', off: ['05-31..06-02'], makeupWorkdays: [] },
      { name: '国庆节、中秋节', off: ['10-01..10-08'], makeupWorkdays: ['09-28', '10-11'] },
    ],
  },
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    holidays: [
      { name: '元旦', off: ['01-01..01-03'], makeupWorkdays: ['01-04'] },
      { name: '春节', off: ['02-15..02-23'], makeupWorkdays: ['02-14', '02-28'] },
      { name: '清明节', off: ['04-04..04-06'], makeupWorkdays: [] },
      { name: '劳动节', off: ['05-01..05-05'], makeupWorkdays: ['05-09'] },
      { name: '端午节', off: ['06-19..06-21'], makeupWorkdays: [] },
      { name: '中秋节', off: ['09-25..09-27'], makeupWorkdays: [] },
      { name: '国庆节', off: ['10-01..10-07'], makeupWorkdays: ['09-20', '10-10'] },
    ],
  },
};
