/**
 * Column roles from Vietnamese header words, case- and diacritics-insensitive (via headerKey), so
 * "Nội dung, nhiệm vụ", "NOI DUNG NHIEM VU" and "Nhiem vu duoc giao" all read as `content`.
 * Rules are tried in order; the first match wins (specific words before general ones).
 */
import { headerKey, nfc } from '#shared/domain/vietnamese';
import type { ColumnRole } from '#shared/extract/model';
import type { Status } from '#shared/domain/row';

const RULES: Array<[ColumnRole, RegExp]> = [
  ['stt', /^(stt|tt|so tt|so thu tu|thu tu|s tt|so)$/],
  ['task_id', /^(ma nhiem vu|ma nv|ma so nhiem vu|ma so|task id)$/],
  ['mark_not_completed', /^(chua hoan thanh|khong hoan thanh|chua thuc hien|chua trien khai|qua han chua hoan thanh)$/],
  ['mark_completed', /^(hoan thanh|da hoan thanh|hoan thanh dung han|hoan thanh dung hoac truoc han|hoan thanh qua han|hoan thanh cham)$/],
  ['mark_recurring', /^(thuc hien thuong xuyen|thuong xuyen|dang thuc hien thuong xuyen)$/],
  ['mark_in_progress', /^(dang trien khai|dang thuc hien|dang trien khai thuc hien|dang xu ly)$/],
  ['risk', /\bnguy co\b/],
  ['note', /^ghi chu\b/],
  ['assessment', /^(danh gia|tu danh gia)\b/],
  ['lead', /\bchu tri\b/], // "Đơn vị chủ trì/phối hợp" leads
  ['coord', /\bphoi hop\b/],
  ['lead', /^(don vi|co quan|bo nganh|bo co quan|dia phuong|noi giao)\b/],
  ['deadline', /^(thoi han|thoi gian|han hoan thanh|moc thoi gian|tien do hoan thanh|han)\b/],
  ['product', /^san pham\b/],
  ['refs', /^(can cu|nguon)\b|\b(van ban|ky hieu)\b/],
  ['result', /^(ket qua|tinh hinh|tien do|muc do hoan thanh|trang thai|tinh trang)\b/],
  ['content', /\b(noi dung|nhiem vu|cong viec)\b/],
];

/** The role of one header text, or 'extra' when no rule matches. */
export function roleOfText(text: string): ColumnRole {
  const key = headerKey(text);
  if (!key) return 'extra';
  for (const [role, re] of RULES) if (re.test(key)) return role;
  return 'extra';
}

/** The role of a column from its header parts, top to bottom: the most specific (lowest) known part wins. */
export function roleOfColumn(parts: string[]): ColumnRole {
  for (let i = parts.length - 1; i >= 0; i--) {
    const role = roleOfText(parts[i]!);
    if (role !== 'extra') return role;
  }
  return 'extra';
}

export const MARK_ROLES: Partial<Record<ColumnRole, Status>> = {
  mark_completed: 'completed',
  mark_not_completed: 'not_completed',
  mark_recurring: 'recurring',
  mark_in_progress: 'in_progress',
};

/** A cell ticked in a status-mark sub-column: "x", "X", "✓" and their kin. */
export function isMark(text: string): boolean {
  return /^[xX✓✔√☑☒✗✘]$|^\(x\)$/i.test(nfc(text));
}
