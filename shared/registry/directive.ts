/**
 * A directive's metadata (number, kind, date, title), read from its own header ("Số: 04 /CT-TTg",
 * "Hà Nội, ngày 11 tháng 02 năm 2024", "CHỈ THỊ" + title), or — when the document is another one that lists the
 * directive's tasks (seed 001 lists NQ 175/NQ-CP's) — from a reference to it in the text
 * ("Nghị quyết số 175/NQ-CP ngày 30 tháng 10 năm 2023 của Chính phủ phê duyệt Đề án …").
 */
import { z } from 'zod';
import type { Directive } from '#shared/domain/task';
import { fold, nfc } from '#shared/domain/vietnamese';
import { iso as isoOf } from '#shared/domain/dates';

/** "04 /CT-TTg", "142/QĐ-VPCP", "175/NQ-CP" → canonical "04/CT-TTg". */
export const DirectiveNumber = z
  .string()
  .transform((s) => nfc(s).replace(/\s*\/\s*/g, '/').replace(/\s*-\s*/g, '-').replace(/Đ/g, 'Đ'))
  .refine((s) => /^\d{1,4}(\/\d{4})?\/[A-ZĐ]{2,}(-[A-ZĐ][A-Za-zĐđ0-9]*)*$/u.test(s), { message: 'số hiệu văn bản không hợp lệ (ví dụ "04/CT-TTg")' });

const KIND_BY_CODE: Record<string, string> = {
  ct: 'Chỉ thị', qd: 'Quyết định', nq: 'Nghị quyết', tb: 'Thông báo', kh: 'Kế hoạch', cv: 'Công văn', nd: 'Nghị định', tt: 'Thông tư',
};
const KIND_WORDS = /^(CHỈ THỊ|QUYẾT ĐỊNH|NGHỊ QUYẾT|THÔNG BÁO|KẾ HOẠCH|NGHỊ ĐỊNH|THÔNG TƯ)(?![\p{L}\p{N}])/u;

/** The kind a number's code names: "04/CT-TTg" → "Chỉ thị". */
export function kindOf(number: string): string | undefined {
  const code = number.split('/').find((p) => /[A-ZĐ]/u.test(p))?.split('-')[0];
  return code ? KIND_BY_CODE[fold(code)] : undefined;
}

const iso = (d: string, m: string, y: string): string => isoOf(+y, +m, +d);

const DATE_WORDS = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
const DATE_NUM = /ngày\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/u;

function findDate(s: string): string | undefined {
  const m = s.match(DATE_WORDS) ?? s.match(DATE_NUM);
  return m ? iso(m[1]!, m[2]!, m[3]!) : undefined;
}

/** Header lines: markdown emphasis and block separators dropped, "**CHỈ THỊ****Title**" split into two lines. */
function headerLines(text: string, max = 120): string[] {
  return text
    .split(/\r?\n/)
    .slice(0, max)
    .map((l) => l.replace(/\*\*\*\*/g, '\n').replace(/\*\*|__|<[^>]+>/g, ''))
    .flatMap((l) => l.split('\n'))
    .filter((l) => !/^\s*\|\s*$/.test(l))
    .map((l) => l.trim());
}

const isCaps = (l: string) => /\p{Lu}/u.test(l) && l === l.toUpperCase();

/** What the document's own header says. */
export function readDirectiveHeader(text: string): Partial<Directive> {
  const lines = headerLines(text);
  const flat = nfc(lines.join(' '));
  const out: Partial<Directive> = {};
  const num = flat.match(/Số\s*:\s*(\d{1,4}\s*\/\s*(?:\d{4}\s*\/\s*)?[A-ZĐ]{2,}(?:\s*-\s*[A-ZĐ][A-Za-zĐđ0-9]*)*)/u);
  if (num) {
    const parsed = DirectiveNumber.safeParse(num[1]);
    if (parsed.success) {
      out.number = parsed.data;
      const kind = kindOf(parsed.data);
      if (kind) out.kind = kind;
    }
    const date = findDate(flat.slice(flat.indexOf(num[0])));
    if (date) out.date = date;
  }
  // the title: the lines after the kind heading
  const k = lines.findIndex((l) => KIND_WORDS.test(l));
  if (k >= 0) {
    const headingKind = lines[k]!.match(KIND_WORDS)![1]!;
    if (!out.kind) out.kind = headingKind.charAt(0) + headingKind.slice(1).toLowerCase();
    const rest = lines[k]!.slice(headingKind.length).replace(/^[\s:]+/, '');
    const picked: string[] = rest ? [rest] : [];
    let i = k + 1;
    const caps = rest ? isCaps(rest) : undefined;
    let blanks = 0;
    for (; i < lines.length && picked.length < 12; i++) {
      const l = lines[i]!;
      if (l === '') {
        if (picked.length > 0 && !(caps ?? isCaps(picked[0]!))) break;
        if (picked.length > 0 && ++blanks > 1) break;
        continue;
      }
      blanks = 0;
      const lineCaps = isCaps(l);
      if (picked.length > 0 && (caps ?? isCaps(picked[0]!)) !== lineCaps) break;
      if (picked.length > 0 && /^(BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ NHIỆM|CHÍNH PHỦ|QUYẾT ĐỊNH\s*:)/u.test(l)) break;
      picked.push(l);
      if (/\.\s*$/.test(l)) break;
    }
    const title = nfc(picked.join(' ')).replace(/\.\s*$/, '');
    if (title) out.title = title;
  }
  return out;
}

/** What another document says of the directive: "Nghị quyết số 175/NQ-CP ngày 30/10/2023 của Chính phủ phê duyệt …". */
export function readDirectiveReference(text: string, number: string): Partial<Directive> {
  const flat = nfc(text.replace(/<[^>]+>|\*\*/g, ' '));
  const [n, ...codeParts] = number.split('/');
  const code = codeParts.join('\\s*/\\s*').replace(/-/g, '\\s*-\\s*');
  const re = new RegExp(
    `(Nghị quyết|Chỉ thị|Quyết định|Thông báo|Kế hoạch)\\s+(?:số\\s+)?0*${n}\\s*/\\s*${code}\\s*,?\\s*` +
      `(ngày\\s+\\d{1,2}(?:\\s+tháng\\s+\\d{1,2}\\s+năm\\s+\\d{4}|\\s*/\\s*\\d{1,2}\\s*/\\s*\\d{4}))?` +
      `(?:\\s+của\\s+(?:Thủ tướng\\s+)?Chính phủ)?(?:\\s+((?:phê duyệt|về|ban hành)\\s+[^,.;()]+))?`,
    'gu',
  );
  const out: Partial<Directive> = { number, ...(kindOf(number) ? { kind: kindOf(number) } : {}) };
  for (const m of flat.matchAll(re)) {
    if (!out.kind) out.kind = m[1];
    if (!out.date && m[2]) out.date = findDate(m[2]);
    if (!out.title && m[3]) out.title = nfc(m[3]);
  }
  return out;
}

/**
 * The directive a document's appendix belongs to: `number` as the user gave it; date and title from the header
 * when the header is that directive's, else from a reference in the text; `given` fields win over both.
 */
export function directiveOf(text: string, number: string, given: Partial<Directive> = {}): { directive: Partial<Directive>; from: 'header' | 'reference' } {
  const wanted = DirectiveNumber.parse(number);
  const header = readDirectiveHeader(text);
  const same = header.number !== undefined && header.number === wanted;
  const found = same ? header : readDirectiveReference(text, wanted);
  return { directive: { ...found, number: wanted, ...stripUndefined(given) }, from: same ? 'header' : 'reference' };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
