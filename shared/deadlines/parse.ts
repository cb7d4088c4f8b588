/**
 * Deadline cells as people write them ("Quý II/2024", "T6/2024", "Hoàn thành trước ngày 01/7/2024",
 * "Thực hiện thường xuyên", "Theo lộ trình của Đề án do Bộ Công an đề xuất", …) → a Deadline.
 *
 * Works on a folded key (lower case, no diacritics) so text typed without diacritics or with OCR slips parses the
 * same; the raw text is always kept. Document references ("Nghị quyết số 50/NQ-CP ngày 08/4/2022") are blanked
 * before dates are looked for, so a reference's date is never taken for the deadline. Never throws.
 */
import type { Deadline } from '#shared/domain/task';
import { fold, nfc } from '#shared/domain/vietnamese';
import {
  addDays, dayPeriod, halfPeriod, spanPeriod, monthPeriod, quarterNumber, quarterPeriod, schoolYearPeriod, yearPeriod,
  type Period,
} from './calendar';

export interface ParseOptions {
  /** ISO date: the year to use when a cell gives a month, quarter or day without one ("Tháng 12", "Quý IV"). */
  reference?: string;
}

interface Found extends Period {
  index: number;
  length: number;
}

const YEAR = '((?:19|20)\\d{2})';
const SEP = '\\s*[\\/.\\-]\\s*';

/** Document references whose numbers and dates are not deadlines. */
const DOC_REF = new RegExp(
  '(?:' + [
    // "Nghị quyết số 175/NQ-CP", "Quyết định 206/QĐ-TTg", "Nghị định 175", "Đề án 06", "NQ 175", "Chỉ thị 04/CT-TTg"
    '(?<![a-z])(?:nghi quyet|nghi dinh|quyet dinh|chi thi|thong bao|thong tu|cong van|van ban|ke hoach|de an|to trinh|nq|nd|qd|tb)\\s*(?:so\\s*)?\\d+(?:\\s*\\/\\s*[a-z0-9\\-]+)*',
    // bare numbers "04/CT-TTg", "59/2022/NĐ-CP", "2513/TCTTKĐA"
    '(?<![\\d/])\\d+(?:\\/\\d{4})?\\/[a-z]{2,}[a-z0-9\\-]*',
  ].join('|') + ')(?:\\s*,?\\s*ngay\\s*(?:\\d{1,2}' + SEP + '\\d{1,2}' + SEP + '\\d{4}|\\d{1,2}\\s+thang\\s+\\d{1,2}\\s+nam\\s+\\d{4}))?',
  'g',
);

const RECURRING = /thuong xuyen|thuong xuen|(?<![a-z])hang (?:ngay|tuan|thang|quy|nam)(?![a-z])|dinh ky|lien tuc|trong qua trinh (?:thuc hien|trien khai)|trong suot/;
const ROADMAP = /lo trinh|loi trinh|theo tien do|theo ke hoach|theo yeu cau|theo chi dao|khi co yeu cau/;

/** Fold + OCR repairs that matter for dates: "Quy" variants, "l" for 1 in numbers, stray dots. */
export function deadlineKey(text: string): string {
  let s = fold(text.replace(/<[^>]*>/g, ' '));
  s = s
    .replace(/[\u2010-\u2015\u2212]/g, '-') // dashes
    .replace(/(\d)\s*[lI|](?=\d)/g, '$11') // "2O24"/"2l24"-like slips inside numbers
    .replace(/(?<=\d)o(?=\d)/g, '0')
    .replace(/[.\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s;
}

function blankDocs(s: string): string {
  return s.replace(DOC_REF, (m) => ' '.repeat(m.length));
}

type PeriodRule = [RegExp, (m: RegExpExecArray, refYear: number) => Period | undefined];

/** Period patterns, most specific first (an earlier rule claims its span before a later one can). */
const RULES: PeriodRule[] = [
  // ISO dates
  [new RegExp(`(?<!\\d)${YEAR}-(\\d{2})-(\\d{2})(?!\\d)`, 'g'), (m) => dayPeriod(+m[1]!, +m[2]!, +m[3]!)],
  // "ngày 15 tháng 12 năm 2023"
  [new RegExp(`(?:ngay\\s*)?(\\d{1,2})\\s+thang\\s+(\\d{1,2})\\s*(?:nam|,)\\s*${YEAR}`, 'g'), (m) => dayPeriod(+m[3]!, +m[2]!, +m[1]!)],
  // "15/12/2023", "01.7.2024", "30-5-2024"
  [new RegExp(`(?<![\\d/])(\\d{1,2})\\s*([\\/.\\-])\\s*(\\d{1,2})\\s*\\2\\s*${YEAR}(?![\\d/])`, 'g'), (m) => dayPeriod(+m[4]!, +m[3]!, +m[1]!)],
  // "6 tháng đầu năm 2024", "6 tháng cuối năm 2024"
  [new RegExp(`(?:06|6) thang (dau|cuoi) nam\\s*${YEAR}`, 'g'), (m) => halfPeriod(+m[2]!, m[1] === 'dau' ? 1 : 2)],
  // "năm học 2024 - 2025"
  [new RegExp(`nam hoc\\s*${YEAR}\\s*-\\s*${YEAR}`, 'g'), (m) => (+m[2]! === +m[1]! + 1 ? schoolYearPeriod(+m[1]!) : undefined)],
  // quarter and month lists or spans: "Quý I, II/2024", "Quý I-II/2024", "Tháng 6-7/2024", "tháng 6 và 7/2024"
  [new RegExp(`(?<![a-z])(?:quy|q)\\.?\\s*([ivl1]{1,3}|[1-4])\\s*(?:-|,|va|den)\\s*(?:quy\\s*)?([ivl1]{1,3}|[1-4])\\s*(?:\\/|-|nam|,)?\\s*(?:nam\\s*)?${YEAR}`, 'g'), (m) => {
    const a = quarterNumber(m[1]!), b = quarterNumber(m[2]!);
    return a && b ? spanPeriod(quarterPeriod(+m[3]!, a), quarterPeriod(+m[3]!, b)) : undefined;
  }],
  [new RegExp(`(?<![a-z])(?:thang|t)\\.?\\s*(\\d{1,2})\\s*(?:-|,|va|den)\\s*(?:thang\\s*)?(\\d{1,2})\\s*(?:\\/|-|\\.|nam)\\s*(?:nam\\s*)?${YEAR}`, 'g'), (m) =>
    spanPeriod(monthPeriod(+m[3]!, +m[1]!), monthPeriod(+m[3]!, +m[2]!))],
  // quarters: "Quý II/2024", "Quý 3/2024", "Quý IV năm 2024", "QII/2024"
  [new RegExp(`(?<![a-z])(?:quy|q)\\.?\\s*([ivl1]{1,3}|[1-4])\\s*(?:\\/|-|nam|,)?\\s*(?:nam\\s*)?${YEAR}`, 'g'), (m) => {
    const q = quarterNumber(m[1]!);
    return q ? quarterPeriod(+m[2]!, q) : undefined;
  }],
  // months: "Tháng 01/2024", "T6/2024", "tháng 6 năm 2024", "Tháng 12-2024"
  [new RegExp(`(?<![a-z])(?:thang|t)\\.?\\s*(\\d{1,2})\\s*(?:\\/|-|\\.|nam|,)?\\s*(?:nam\\s*)?${YEAR}`, 'g'), (m) => monthPeriod(+m[2]!, +m[1]!)],
  // bare "06/2024", "11/2023"
  [new RegExp(`(?<![\\d/.])(\\d{1,2})\\s*[\\/\\-.]\\s*${YEAR}(?![\\d/])`, 'g'), (m) => monthPeriod(+m[2]!, +m[1]!)],
  // years: "Năm 2024", "2024"
  [new RegExp(`(?<![\\d/])${YEAR}(?![\\d/])`, 'g'), (m) => yearPeriod(+m[1]!)],
];

/** Forms without a year, read in the reference year ("Quý IV", "Tháng 12", "trước ngày 15/7"). */
const RULES_NO_YEAR: PeriodRule[] = [
  [/(?<![a-z])(?:quy|q)\.?\s*([ivl]{1,3}|[1-4])(?![a-z0-9/])/g, (m, y) => {
    const q = quarterNumber(m[1]!);
    return q ? quarterPeriod(y, q) : undefined;
  }],
  [/(?<![a-z\d])(?:ngay\s*)?(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/])/g, (m, y) => dayPeriod(y, +m[2]!, +m[1]!)],
  [/(?<![a-z])(?:thang|t)\.?\s*(\d{1,2})(?![\d/])/g, (m, y) => monthPeriod(y, +m[1]!)],
];

/** Every period mentioned in s (positions kept), earliest first. */
function findPeriods(s: string, refYear?: number): Found[] {
  const out: Found[] = [];
  const taken: Array<[number, number]> = [];
  const free = (i: number, len: number) => taken.every(([a, b]) => i + len <= a || i >= b);
  const rules = refYear === undefined ? RULES : [...RULES, ...RULES_NO_YEAR];
  for (const [re, fn] of rules) {
    for (const m of s.matchAll(re)) {
      const p = fn(m as RegExpExecArray, refYear ?? 0);
      if (!p || !free(m.index!, m[0].length)) continue;
      taken.push([m.index!, m.index! + m[0].length]);
      out.push({ ...p, index: m.index!, length: m[0].length });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

const between = (s: string, a: Found, b: Found) => s.slice(a.index + a.length, b.index);
const before = (s: string, p: Found) => s.slice(0, p.index);

/** Parse one clause (no compound splitting). */
function parseClause(raw: string, refYear?: number): Deadline {
  const key = deadlineKey(raw);
  const s = blankDocs(key);
  const unknown: Deadline = { kind: 'unknown', raw };
  if (!/[a-z0-9]/.test(s)) return unknown;
  const periods = findPeriods(s, refYear);
  const years = periods.map((p) => Number(p.end.slice(0, 4)));

  if (RECURRING.test(s)) {
    const d: Deadline = { kind: 'recurring', raw };
    if (periods.length) {
      d.start = periods[0]!.start;
      d.targetYear = Math.max(...years);
    }
    return d;
  }
  if (ROADMAP.test(s)) {
    const d: Deadline = { kind: 'roadmap', raw };
    const p = periods[periods.length - 1];
    if (p) {
      const beforeIt = /truoc\s*(?:ngay|thang|quy|nam)?\s*$/.test(before(s, p));
      d.targetYear = Number((beforeIt ? addDays(p.start, -1) : p.end).slice(0, 4));
    }
    return d;
  }
  if (periods.length === 0) return unknown;

  const first = periods[0]!;
  const lead = before(s, first);
  // ranges: "2024-2025", "Từ tháng 3/2024 đến tháng 6/2024", "giai đoạn 2023 - 2025"
  if (periods.length >= 2) {
    const second = periods[1]!;
    if (/^\s*(?:-|den|toi|den het|cho den)\s*(?:ngay|thang|quy|nam)?\s*$/.test(between(s, first, second)) && second.end >= first.start) {
      return { kind: 'range', start: first.start, due: second.end, targetYear: Number(second.end.slice(0, 4)), raw };
    }
  }
  // "trước X": the day before X starts
  if (/(?:^|\s)truoc\s*(?:ngay|thang|quy|nam|het)?\s*$/.test(lead)) {
    const due = addDays(first.start, -1);
    return { kind: 'before', due, targetYear: Number(due.slice(0, 4)), raw };
  }
  // "Từ X": start from X (open-ended)
  if (/(?:^|\s)(?:tu|bat dau tu|ke tu|bat dau)\s*(?:ngay|thang|quy|nam(?: hoc)?)?\s*$/.test(lead) || first.kind === 'school_year' && /(?:^|\s)tu\s*$/.test(lead.replace(/nam hoc\s*$/, ''))) {
    return { kind: 'start_from', start: first.start, raw };
  }
  const kind = first.kind === 'half' || first.kind === 'school_year' || first.kind === 'span' ? 'range' : first.kind;
  const d: Deadline = { kind, due: first.end, targetYear: Number(first.end.slice(0, 4)), raw };
  if (kind !== 'date') d.start = first.start;
  return d;
}

const CLAUSE_SPLIT = /\s*[;,]\s*|\s+(?:và|va|sau đó|sau do|đồng thời|dong thoi)\s+/iu;

/** Years written as a list ("trong 2024, 2025") read as a range. */
function joinYearLists(s: string): string {
  return s.replace(/(?<![\d/])((?:19|20)\d{2})\s*(?:,|và|va)\s*((?:19|20)\d{2})(?!\s*[\/\-]\s*\d)/giu, '$1-$2');
}

/** Parse a deadline cell. Never throws; an unknown form gives `{ kind: 'unknown', raw }`. */
export function parseDeadline(text: string, opts: ParseOptions = {}): Deadline {
  const raw = typeof text === 'string' ? text : String(text ?? '');
  try {
    const refYear = opts.reference && /^\d{4}/.test(opts.reference) ? Number(opts.reference.slice(0, 4)) : undefined;
    const clean = joinYearLists(nfc(raw.replace(/<[^>]*>/g, ' ')).replace(/[.\s]+$/u, ''));
    const whole = parseClause(clean, refYear);
    // "Trước ngày 15/6 và 15/12 hằng năm": dates without a year under a recurrence word repeat every year — recurring,
    // not a compound whose first date (filled from the reference year) would make the task late forever after
    if (whole.kind === 'recurring' && !/(?<!\d)(?:19|20)\d{2}(?!\d)/.test(clean)) return { ...whole, raw };
    const clauses = clean.split(CLAUSE_SPLIT).map((c) => c.trim()).filter(Boolean);
    if (clauses.length >= 2) {
      const parts = clauses.map((c) => parseClause(c, refYear)).filter((d) => d.kind !== 'unknown');
      const dated = parts.filter((d) => d.due || d.start);
      const distinct = new Set(parts.map((d) => `${d.kind}|${d.due}|${d.start}`));
      if (parts.length >= 2 && dated.length >= 1 && distinct.size >= 2) {
        const milestones = parts.map((d) => {
          const m: { label: string; due?: string; start?: string } = { label: d.raw };
          if (d.due) m.due = d.due;
          if (d.start) m.start = d.start;
          return m;
        });
        const dues = milestones.map((m) => m.due).filter((x): x is string => !!x).sort();
        const starts = milestones.map((m) => m.start).filter((x): x is string => !!x).sort();
        const out: Deadline = { kind: 'compound', raw, milestones };
        if (dues.length) out.due = dues[dues.length - 1];
        if (starts.length) out.start = starts[0];
        const years = parts.map((d) => d.targetYear ?? (d.due ? Number(d.due.slice(0, 4)) : undefined)).filter((y): y is number => y !== undefined);
        if (years.length) out.targetYear = Math.max(...years);
        return out;
      }
    }
    return { ...whole, raw };
  } catch {
    return { kind: 'unknown', raw };
  }
}
