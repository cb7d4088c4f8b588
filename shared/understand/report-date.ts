/**
 * The date a report states for itself — "(Kèm theo Báo cáo số 199/BC-BTP ngày 14/6/2024 …)" in the title of its
 * Phụ lục, or "Hà Nội, ngày 14 tháng 6 năm 2024" — so that "latest status" and "reported this period" follow the
 * report's own date, not the day the file happened to reach us (a late upload of an old report stays old).
 */
import { iso, validDate } from '#shared/domain/dates';
import { fold } from '#shared/domain/vietnamese';
import type { ExtractResult } from '#shared/extract/model';

const NUMERIC = /\bngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b/;
const WORDS = /\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b/;

function isoOf(d: number, m: number, y: number): string | undefined {
  return validDate(y, m, d) ? iso(y, m, d) : undefined;
}

/** A date found in text that speaks of the report itself ("báo cáo … ngày …", "…, ngày … tháng … năm …"). */
export function statedDate(text: string): string | undefined {
  const t = fold(text);
  const at = t.search(/\bbao cao\b/);
  const scope = at >= 0 ? t.slice(at) : t;
  const m = scope.match(NUMERIC) ?? scope.match(WORDS);
  return m ? isoOf(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/**
 * The report's own date from its table titles, when it is plausible: not after the day it was received
 * (`receivedOn`, ISO) and not before 2020. Undefined when the document does not say.
 */
export function reportDateOf(result: Pick<ExtractResult, 'tables'>, receivedOn: string): string | undefined {
  for (const t of result.tables) {
    if (!t.title) continue;
    const d = statedDate(t.title);
    if (d && d <= receivedOn.slice(0, 10) && d >= '2020-01-01') return d;
  }
  return undefined;
}
