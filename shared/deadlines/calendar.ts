/** Periods for deadlines (month, quarter, half, year, school year) and their first/last days. Days: #shared/domain/dates. */
import { daysInMonth, iso, validDate } from '#shared/domain/dates';

export interface Period {
  kind: 'date' | 'month' | 'quarter' | 'half' | 'year' | 'school_year' | 'span';
  /** first day of the period */
  start: string;
  /** last day of the period */
  end: string;
}

export { addDays, daysInMonth, iso, monthOf, nextMonth, validDate } from '#shared/domain/dates';

export function dayPeriod(y: number, m: number, d: number): Period | undefined {
  if (!validDate(y, m, d)) return undefined;
  const s = iso(y, m, d);
  return { kind: 'date', start: s, end: s };
}

export function monthPeriod(y: number, m: number): Period | undefined {
  if (!validDate(y, m, 1)) return undefined;
  return { kind: 'month', start: iso(y, m, 1), end: iso(y, m, daysInMonth(y, m)) };
}

export function quarterPeriod(y: number, q: number): Period | undefined {
  if (q < 1 || q > 4 || !validDate(y, 1, 1)) return undefined;
  const m0 = (q - 1) * 3 + 1;
  return { kind: 'quarter', start: iso(y, m0, 1), end: iso(y, m0 + 2, daysInMonth(y, m0 + 2)) };
}

export function halfPeriod(y: number, h: 1 | 2): Period | undefined {
  if (!validDate(y, 1, 1)) return undefined;
  return h === 1 ? { kind: 'half', start: iso(y, 1, 1), end: iso(y, 6, 30) } : { kind: 'half', start: iso(y, 7, 1), end: iso(y, 12, 31) };
}

export function yearPeriod(y: number): Period | undefined {
  if (!validDate(y, 1, 1)) return undefined;
  return { kind: 'year', start: iso(y, 1, 1), end: iso(y, 12, 31) };
}

/** A Vietnamese school year "năm học Y - Y+1": 5 September to 31 May. */
export function schoolYearPeriod(y: number): Period | undefined {
  if (!validDate(y, 1, 1)) return undefined;
  return { kind: 'school_year', start: iso(y, 9, 5), end: iso(y + 1, 5, 31) };
}

export const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** Quarter numeral: I..IV (OCR: l for I), 1..4. */
export function quarterNumber(tok: string): number | undefined {
  const t = tok.toLowerCase().replace(/l/g, 'i').replace(/1(?=[iv])|(?<=[iv])1/g, 'i');
  if (/^[1-4]$/.test(t)) return Number(t);
  return ROMAN[t];
}

/** From the first day of `a` to the last day of `b` (months "Tháng 6-7/2024", quarters "Quý I, II/2024"). */
export function spanPeriod(a: Period | undefined, b: Period | undefined): Period | undefined {
  if (!a || !b || b.end < a.start) return undefined;
  return { kind: 'span', start: a.start, end: b.end };
}
