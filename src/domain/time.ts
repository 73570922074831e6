import type { IsoDate } from './calendar';

/**
 * Instants are stored in UTC and shown in Asia/Shanghai. China has kept UTC+8 without daylight
 * saving since 1991, so converting a civil date to an instant is a fixed offset; display still
 * goes through Intl so the output follows the zone database.
 */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';
const OFFSET = '+08:00';

// One formatter for the process: building an Intl.DateTimeFormat costs far more than using it,
// and the inbox and the exports convert every row they show.
const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const parts = (instant: Date) =>
  Object.fromEntries(SHANGHAI.formatToParts(instant).map((part) => [part.type, part.value])) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;

const asDate = (instant: Date | string) => (instant instanceof Date ? instant : new Date(instant));

/** The civil date in Shanghai on which an instant falls. */
export function shanghaiDate(instant: Date | string): IsoDate {
  const p = parts(asDate(instant));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The instant at which a Shanghai civil date begins (00:00 +08:00). */
export const startOfShanghaiDay = (date: IsoDate) => new Date(`${date}T00:00:00${OFFSET}`);

/** A Shanghai wall-clock time ("2025-04-18 17:00") as a UTC instant. */
export const shanghaiWallTime = (dateTime: string) => new Date(`${dateTime.replace(' ', 'T')}:00${OFFSET}`);

/** 2025年4月18日 */
export function formatShanghaiDate(instant: Date | string): string {
  const p = parts(asDate(instant));
  return `${+p.year}年${+p.month}月${+p.day}日`;
}

/** 2025年4月18日 17:00 */
export function formatShanghaiDateTime(instant: Date | string): string {
  const p = parts(asDate(instant));
  return `${formatShanghaiDate(instant)} ${p.hour}:${p.minute}`;
}

/** "2025-04-18 17:00", Shanghai wall clock: the exports' text form of an instant (sorts as text). */
export function shanghaiMinute(instant: Date | string): string {
  const p = parts(asDate(instant));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * The instant as a Date whose UTC fields read the Shanghai wall clock: spreadsheets have no time
 * zones, so a date cell holds the time a reader in Wuhan expects to see. The fixed +8 h offset
 * is exact (see the top of this file).
 */
export const shanghaiWallDate = (instant: Date | string) => new Date(asDate(instant).getTime() + 8 * 3600_000);
