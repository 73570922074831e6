import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { CalendarError, missingCalendarYear, parseHolidayCn } from '../../../domain/calendar';
import { shanghaiDate } from '../../../domain/time';
import { RefusalError } from '../../application/support/errors';
import { loadCalendar } from '../../application/support/scope';

const UID = 'api::calendar-day.calendar-day';

/**
 * The working-day calendar as staff keep it: a year is imported whole from a holiday-cn file when
 * the State Council's notice comes out (replacing what was there for that year), and the admin is
 * told from November on when the coming year is still missing.
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  async importYear(json: unknown, source: string) {
    let parsed: ReturnType<typeof parseHolidayCn>;
    try {
      parsed = parseHolidayCn(json);
    } catch (error) {
      if (error instanceof CalendarError) throw new RefusalError(400, 'invalid_calendar_file', `节假日文件有误：${error.message}`, 'file');
      throw error;
    }
    const { year, entries } = parsed;
    await strapi.db.transaction(async () => {
      for (const row of await strapi.db.query(UID).findMany({ where: { year }, select: ['documentId'] })) {
        await strapi.documents(UID).delete({ documentId: row.documentId });
      }
      for (const entry of entries) {
        await strapi.documents(UID).create({ data: { date: entry.date, year, kind: entry.kind, name: entry.name ?? null, source: source.slice(0, 200) } as any });
      }
    });
    return {
      year,
      holidays: entries.filter((e) => e.kind === 'holiday').length,
      makeupWorkdays: entries.filter((e) => e.kind === 'makeup_workday').length,
    };
  },

  async status(now = new Date()) {
    const calendar = await loadCalendar(strapi);
    const loadedYears = [...calendar.loadedYears].sort();
    return { loadedYears, ...missingCalendarYear(calendar.loadedYears, shanghaiDate(now)) };
  },
}));
