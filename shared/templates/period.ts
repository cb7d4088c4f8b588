/**
 * Reporting periods as the secretariat writes them: "6 tháng đầu năm 2024", "6 tháng cuối năm 2024",
 * "Quý II/2024", "quý 3 năm 2024", "năm 2024", "tháng 6/2024", "9 tháng đầu năm 2024".
 */
import { z } from 'zod';
import { daysInMonth, iso } from '#shared/domain/dates';
import { fold, nfc } from '#shared/domain/vietnamese';

export const Period = z.object({
  label: z.string(),
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type Period = z.infer<typeof Period>;

const span = (label: string, y: number, m1: number, m2: number): Period =>
  ({ label, start: iso(y, m1, 1), end: iso(y, m2, daysInMonth(y, m2)) });
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

export class PeriodError extends Error {
  override readonly name = 'PeriodError';
  readonly messageVi: string;
  constructor(text: string) {
    super(`period not understood: ${text}`);
    this.messageVi = `Không hiểu kỳ báo cáo "${text}" (ví dụ: "6 tháng đầu năm 2024", "Quý II/2024", "năm 2024")`;
  }
}

export function parsePeriod(text: string): Period {
  const label = nfc(text);
  const f = fold(label);
  let m: RegExpExecArray | null;
  if ((m = /(\d{1,2}) thang (dau|cuoi) nam (\d{4})/.exec(f))) {
    const n = Number(m[1]);
    const y = Number(m[3]);
    if (n >= 1 && n <= 12) return m[2] === 'dau' ? span(label, y, 1, n) : span(label, y, 13 - n, 12);
  }
  if ((m = /quy\s*(iv|iii|ii|i|[1-4])\s*(?:\/|nam)\s*(\d{4})/.exec(f))) {
    const q = ROMAN[m[1]];
    return span(label, Number(m[2]), q * 3 - 2, q * 3);
  }
  if ((m = /thang\s*(\d{1,2})\s*(?:\/|nam)\s*(\d{4})/.exec(f))) {
    const mo = Number(m[1]);
    if (mo >= 1 && mo <= 12) return span(label, Number(m[2]), mo, mo);
  }
  if ((m = /^(?:ca\s+)?nam\s*(\d{4})$/.exec(f.trim()))) return span(label, Number(m[1]), 1, 12);
  throw new PeriodError(text);
}
