/** Calendar dates as ISO strings (YYYY-MM-DD), in Vietnam's time zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Vietnam at `now`. */
export function vnDate(now: Date = new Date()): string {
  return fmt.format(now);
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** "2024-06-20" → "20/06/2024" */
export function viDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** "2024-04" → "tháng 04/2024" */
export function viMonth(ym: string): string {
  const [y, m] = ym.split('-');
  return `tháng ${m}/${y}`;
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return addDays(s, 0) === s;
}
