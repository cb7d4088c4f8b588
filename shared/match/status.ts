/**
 * Reading a row's status: from its status-mark columns ("x" under Hoàn thành / Chưa hoàn thành / Thực hiện thường
 * xuyên), else its assessment column ("Đánh giá"), else the free result text ("Kết quả", "Tình hình thực hiện").
 *
 * The result text is read clause by clause, first words first, with the traps agencies write:
 * - "Chưa hoàn thành - Bộ Tư pháp đã hoàn thành kết nối phần mềm …"      → not_completed (the verdict leads)
 * - "Bộ Kế hoạch và Đầu tư đã hoàn thành, các bộ ngành chưa hoàn thành"  → not_completed (someone has not)
 * - "62/63 địa phương đã tích hợp", "Đã hoàn thành kết nối 02/04 phần mềm" → not_completed (a part only)
 * - "Đang trình Thủ tướng Chính phủ", "đã ban hành dự thảo Tờ trình"     → in_progress (submitted / a draft)
 * - "Đã ban hành Quyết định số …"                                          → completed
 * - "Đã có Công văn …", "Đã trao đổi với Bộ Công an …"                     → in_progress (a step, not the result)
 * - "Đang thực hiện thường xuyên theo kế hoạch"                            → recurring
 * Text typed without diacritics reads the same ("Dang thuc hien"); "Đăng ký" is not "đang".
 */
import type { Deadline } from '#shared/domain/task';
import type { ReportRow, Status } from '#shared/domain/row';
import type { RowStatus } from '#shared/domain/report';
import { fold } from '#shared/domain/vietnamese';
import { isOverdue, lateSince } from '#shared/deadlines';
import { STATUS_LABEL } from '#shared/domain/labels';

const VERB = '(?:hoan thanh|thuc hien|trien khai|tich hop|ket noi|ban hanh|co|dat|duoc|dam bao|nhan duoc|xong|phe duyet|cap nhat|bo tri|phu song|gui|bao cao|xay dung|thong nhat)';
/** someone has not done it, or only part of it is done, or it is late. */
const NEGATIVE = new RegExp(
  [
    `\\b(?:chua|khong|chang) ${VERB}\\b`,
    '\\bcon (?:lai )?(?:\\d+ )?[^.;]{0,80}\\bchua\\b',
    '\\bmoi chi\\b',
    '\\bcham (?:tien do|muon|tre)\\b',
    '\\bqua han\\b',
    '\\bkhong dat\\b',
    '\\bdo dang\\b',
    '^con (?:lai )?\\d+ ',
  ].join('|'),
);
const LEADING_NOT = /^(?:chua|khong) (?:hoan thanh|thuc hien|trien khai|dat|ban hanh|co)\b|^cham (?:tien do|muon)\b|^qua han\b/;
const RECURRING = /\bthuong xuyen\b|\bdinh ky\b|\bhang (?:ngay|tuan|thang|quy|nam)\b|\bliên tuc\b|\blien tuc\b/;
const DANG_VERB =
  '(?:thuc hien|trien khai|xay dung|phoi hop|hoan thien|trinh|lay y kien|xin y kien|ra soat|cap nhat|nghien cuu|to chuc|chuan bi|tien hanh|du thao|trong qua trinh|bo sung|tong hop|thu nghiem|van hanh|kiem tra|tham dinh|xu ly|giai quyet|lam viec|dao tao|tuyen truyen|huong dan|thi diem|so hoa|ket noi|tich hop|cung cap|dau thau|sua doi|hop|tham muu|cho|doi|phoi|duoc|tap trung|khan truong|day nhanh|dieu chinh|lam|xem xet|hoan tat|nang cap|thong nhat|soan thao|thu thap|dua|chi dao|thuc hien)';
const IN_PROGRESS = new RegExp(
  [
    `\\b(?:hien |van |con )?dang ${DANG_VERB}\\b`,
    '\\bhien dang\\b',
    '\\bdu kien\\b',
    '\\bdu thao\\b',
    '\\btiep tuc\\b',
    '\\b(?:da|dang) trinh\\b',
    '\\bchuan bi\\b',
    '\\bthuc hien\\b(?! xong)',
    '\\btrien khai\\b',
  ].join('|'),
);
const COMPLETED = /^(?:da )?hoan thanh\b|\bda (?:hoan thanh|hoan tat|ban hanh|phe duyet|ky ban hanh|ket noi|tich hop|cung cap|dua vao|van hanh|thuc hien xong|trien khai xong|xay dung xong|cap|xoa|nghiem thu)\b|\bhoan thanh\b|\bxong\b/;
/** another "đã + verb": a step was taken (a letter sent, a meeting held), not the task done. */
const STEP_TAKEN = /\bda (?:co|trao doi|lam viec|thanh lap|de nghi|giao|gui|thong nhat|xay dung|nang cap|tham muu|bao cao|to chuc|phoi hop|ban hanh du thao|chi dao|xin y kien|lay y kien|hop)\b/;

/** "62/63 địa phương", "02/04 phần mềm", "12/19 bộ, ngành": a part of the whole (dates like 13/6/2024 are not). */
function partial(t: string): boolean {
  for (const m of t.matchAll(/(?<![\d/.,])(\d{1,4})\s*\/\s*(\d{1,4})(?![\d/])/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const after = t.slice(m.index! + m[0].length, m.index! + m[0].length + 24);
    const before = t.slice(Math.max(0, m.index! - 6), m.index!);
    if (/ngay\s*$|thang\s*$/.test(before)) continue; // "ngày 13/6", "tháng 6/2024"
    if (/^\s*(?:nam|\d)/.test(after) || b >= 1900) continue; // a date or a year
    if (a < b && /^\s*[\p{L}(]/u.test(after)) return true;
  }
  return false;
}

function key(text: string): string {
  return fold(text)
    .replace(/^[\s\-–•*+.:]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The status a piece of text states, or null when it states none. */
export function classifyStatus(text: string | undefined): Status | null {
  if (!text) return null;
  const t = key(text);
  if (!t) return null;
  if (LEADING_NOT.test(t)) return 'not_completed';
  if (NEGATIVE.test(t) || partial(t)) return 'not_completed';
  // the first clause is the verdict when it has one
  const first = t.split(/[.;:]\s|\s[-–]\s|\n/)[0]!;
  for (const part of first === t ? [t] : [first, t]) {
    if (RECURRING.test(part)) return 'recurring';
    if (/\bda ban hanh du thao\b|\b(?:da|dang) trinh\b/.test(part)) return 'in_progress';
    if (/^(?:da )?hoan thanh\b|^xong\b/.test(part)) return 'completed';
    if (IN_PROGRESS.test(part) && !/^(?:da )?(?:hoan thanh|ban hanh)\b/.test(part)) return 'in_progress';
    if (COMPLETED.test(part) && !/\bdu thao\b/.test(part)) return 'completed';
    if (STEP_TAKEN.test(part)) return 'in_progress';
  }
  return null;
}

/** A row's status with where it came from and the raw text it was read from. */
export function readStatus(row: ReportRow): RowStatus {
  if (row.statusMark) {
    const mark = row.raw?.[`mark_${row.statusMark}`] ?? row.raw?.statusMark ?? 'x';
    return { value: row.statusMark, source: 'mark', raw: `${mark.trim() || 'x'} — ${markLabel(row.statusMark)}` };
  }
  const assessment = row.assessment?.trim();
  if (assessment) {
    const value = classifyStatus(assessment);
    if (value) return { value, source: 'assessment', raw: row.raw?.assessment ?? assessment };
  }
  const result = row.result?.trim();
  if (result) {
    const value = classifyStatus(result);
    if (value) return { value, source: 'result', raw: row.raw?.result ?? result };
  }
  const raw = assessment || result;
  return raw ? { value: null, source: 'none', raw } : { value: null, source: 'none' };
}

function markLabel(s: Status): string {
  return STATUS_LABEL[s];
}

type StatusLike = RowStatus | Status | null | undefined;

function valueOf(status: StatusLike): Status | null {
  if (!status) return null;
  return typeof status === 'string' ? status : status.value;
}

/**
 * Overdue on `asOf` (ISO date): not completed (or not known to be) and past its due date (#shared/deadlines dueOf:
 * a roadmap's target year counts). Recurring work and deadlines without a due date are never overdue.
 */
export function overdue(status: StatusLike, deadline: Deadline, asOf: string): boolean {
  return isOverdue(deadline, asOf, valueOf(status));
}

/** The month ('YYYY-MM') an overdue task counts as late from (the month it fell due), or undefined when it is not. */
export function lateMonth(status: StatusLike, deadline: Deadline, asOf: string): string | undefined {
  return overdue(status, deadline, asOf) ? lateSince(deadline) : undefined;
}
