import { expandHolidayNotice } from '../domain/calendar';
import { DISTRICTS } from './data/districts';
import { HOLIDAY_NOTICES } from './data/holidays';
import { PROGRAMS, PROGRAM_VALIDITY } from './data/programs';
import type { SeedLedger } from './ensure';

/** Reference data every installation needs: districts, the working-day calendar, the programmes. */
export async function seedReferenceData(ledger: SeedLedger) {
  for (const [index, district] of DISTRICTS.entries()) {
    await ledger.ensure('api::district.district', { code: district.code }, () => ({
      name: district.name,
      kind: district.kind,
      sortOrder: index + 1,
    }));
  }

  for (const [year, notice] of Object.entries(HOLIDAY_NOTICES)) {
    for (const holiday of notice.holidays) {
      const entries = expandHolidayNotice(Number(year), { off: holiday.off, makeup_workdays: holiday.makeupWorkdays });
      for (const entry of entries) {
        await ledger.ensure('api::calendar-day.calendar-day', { date: entry.date }, () => ({
          year: Number(year),
          kind: entry.kind,
          name: entry.kind === 'holiday' ? holiday.name : `${holiday.name}调休上班`,
          source: notice.source,
        }));
      }
    }
  }

  for (const program of PROGRAMS) {
    const seeded = await ledger.ensure('api::program.program', { key: program.key }, () => ({ ...program }));
    // Seeded before programmes had a validity: the placeholder, once. Dates staff set are kept.
    if (!seeded.effectiveOn) await ledger.strapi.documents('api::program.program').update({ documentId: seeded.documentId, data: PROGRAM_VALIDITY as any });
  }
}
