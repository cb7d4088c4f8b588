/**
 * Dates, the one home: ISO calendar days (YYYY-MM-DD) as strings, "today" as Việt Nam counts it (Asia/Ho_Chi_Minh,
 * UTC+7, no daylight saving), and how dates are written for readers (dd/mm/yyyy, always zero-padded).
 * Day arithmetic is on the calendar (UTC), so it never shifts with the machine's time zone.
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** ISO date from its parts (no validation; see validDate). */
export function iso(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function validDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** A real calendar day written YYYY-MM-DD ("2024-02-30" is not). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && validDate(+m[1]!, +m[2]!, +m[3]!);
}

const MONTHS_EN: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/**
 * The date a text starts with, written yyyy-mm-dd, dd/mm/yyyy (also with "." or "-") or "June 24, 2024"
 * → ISO date; undefined when it starts with none, or with a day the calendar does not have.
 */
export function leadingDate(s: string): string | undefined {
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(s);
  const mdy = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/.exec(s);
  const [y, m, d] = ymd ? [+ymd[1]!, +ymd[2]!, +ymd[3]!]
    : dmy ? [+dmy[3]!, +dmy[2]!, +dmy[1]!]
      : mdy ? [+mdy[3]!, MONTHS_EN[mdy[1]!.toLowerCase()] ?? 0, +mdy[2]!] : [0, 0, 0];
  return validDate(y, m, d) ? iso(y, m, d) : undefined;
}

/** The calendar date in Việt Nam at `now` (a Date or an ISO timestamp). */
export function vnToday(now: Date | string = new Date()): string {
  return dayFmt.format(typeof now === 'string' ? new Date(now) : now);
}

/** The ISO date `days` after (or before, when negative) `isoDate`. Accepts a timestamp; uses its date part. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `from` to `to` (ISO dates; positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const n = (s: string) => Math.round(Date.parse(`${s.slice(0, 10)}T00:00:00Z`) / 86_400_000);
  return n(to) - n(from);
}

/** 'YYYY-MM' of an ISO date. */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** 'YYYY-MM' of the month after the one holding isoDate. */
export function nextMonth(isoDate: string): string {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  return m === 12 ? `${pad(y + 1, 4)}-01` : `${pad(y, 4)}-${pad(m + 1)}`;
}

/** "2024-06-05" (or a timestamp, its date part) → "05/06/2024". */
export function viDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/**
 * A Date as a spreadsheet holds it (a wall-clock value with no zone, which exceljs gives as UTC) → "05/06/2024", or
 * "05/06/2024 09:30" when it carries a time of day.
 */
export function viDateUtc(d: Date): string {
  const day = viDate(iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
  const hasTime = d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() > 0;
  return hasTime ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day;
}

/** "2024-04" → "04/2024" */
export function viMonthNumber(ym: string): string {
  const [y, m] = ym.split('-');
  return `${m}/${y}`;
}

/** "2024-04" → "tháng 04/2024" */
export function viMonth(ym: string): string {
  return `tháng ${viMonthNumber(ym)}`;
}

/** An ISO timestamp → "09:05 ngày 16/06/2024" in Việt Nam time; the input unchanged when it is not a time. */
export function viDateTime(timestamp: string): string {
  const t = new Date(timestamp);
  if (Number.isNaN(t.getTime())) return timestamp;
  const p = Object.fromEntries(timeFmt.formatToParts(t).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
}

/**
 * A wall-clock time in Việt Nam ("2024-06-17" + "07:00") → the instant (ISO timestamp, UTC). Việt Nam keeps UTC+7
 * all year, so this is exact.
 */
export function vnInstant(isoDate: string, hhmm = '00:00'): string {
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, h - 7, mi)).toISOString();
}

/** The last second of a day in Việt Nam ("2024-06-17" → "2024-06-17T16:59:59.000Z"), as an ISO timestamp (UTC). */
export function vnEndOfDay(isoDate: string): string {
  return new Date(Date.parse(vnInstant(addDays(isoDate, 1))) - 1000).toISOString();
}
