/**
 * Finds a table's header: the first row (within the first rows) whose cells name two or more known roles, plus
 * the rows below it that belong to it (cells merged down from it, or sub-headers such as the status columns
 * under "Kết quả"); one to three rows in all. Each column's header text joins its distinct parts top-down.
 */
import { headerKey } from '#shared/domain/vietnamese';
import type { ColumnRole, GridCell } from '#shared/extract/model';
import { roleOfColumn, roleOfText } from './roles';

export interface Column {
  header: string;
  role: ColumnRole;
  /** header texts, top to bottom. */
  parts: string[];
}

export interface Header {
  /** first header row (0-based grid index). */
  start: number;
  /** one past the last header row. */
  end: number;
  columns: Column[];
  /** headerKey of each header cell, per header row (to spot repeated headers). */
  keys: string[][];
}

const MAX_SCAN = 12;

export function knownRoles(row: GridCell[]): Set<ColumnRole> {
  const roles = new Set<ColumnRole>();
  const seen = new Set<string>();
  for (const c of row) {
    if (!c.text || seen.has(c.text)) continue;
    seen.add(c.text);
    if (c.text.length > 80) continue; // long text is data, not a header
    const r = roleOfText(c.text);
    if (r !== 'extra') roles.add(r);
  }
  return roles;
}

function isHeaderRow(row: GridCell[]): boolean {
  const roles = knownRoles(row);
  return roles.size >= 2 && (roles.has('content') || roles.has('stt') || roles.has('lead') || roles.has('result'));
}

function isSubHeader(row: GridCell[], above: GridCell[]): boolean {
  // cells merged down from the header row
  if (row.some((c, i) => c.covered && (c.span === 'row' || c.span === 'both') && above[i]?.text === c.text)) return true;
  const own = row.filter((c) => !c.covered && c.text);
  // a section row right under the header ("I. Nhiệm vụ chung…", "A. NHIỆM VỤ…") is data, not a header row
  return own.length > 0 && own.every((c) => c.text.length <= 60 && roleOfText(c.text) !== 'extra' && !/^\d+$/.test(c.text) && !/^(?:[A-Z]|[IVXLC]{1,6})[.)]?\s/.test(c.text));
}

export function findHeader(grid: GridCell[][]): Header | undefined {
  const limit = Math.min(grid.length, MAX_SCAN);
  let start = -1;
  for (let r = 0; r < limit; r++) {
    if (isHeaderRow(grid[r]!)) {
      start = r;
      break;
    }
  }
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < grid.length && end - start < 3 && isSubHeader(grid[end]!, grid[end - 1]!)) end++;
  const width = grid[start]!.length;
  const columns: Column[] = [];
  const used = new Set<ColumnRole>();
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (let r = start; r < end; r++) {
      const t = grid[r]![c]?.text ?? '';
      if (t && parts[parts.length - 1] !== t) parts.push(t);
    }
    let role = roleOfColumn(parts);
    // one column per role (the first); status-mark columns may repeat ("Hoàn thành đúng hạn" / "… quá hạn")
    if (role !== 'extra' && !role.startsWith('mark_') && used.has(role)) role = 'extra';
    if (role !== 'extra') used.add(role);
    columns.push({ header: parts.join(' / '), role, parts });
  }
  const keys = grid.slice(start, end).map((row) => row.map((c) => headerKey(c.text)));
  return { start, end, columns, keys };
}

/**
 * Where a second table starts inside one grid (two tables on one sheet, or run together by a reader): a later row
 * naming ≥ 3 roles including content that is not a repeat of the header. Returns the row index where the new table
 * starts (its single-text title rows directly above included), or -1.
 */
export function nextTableStart(grid: GridCell[][], header: Header): number {
  for (let r = header.end; r < grid.length; r++) {
    const row = grid[r]!;
    // cheap rejections first: data rows carry long texts or a number up front
    if (row.some((c) => c.text.length > 80) || /^\d/.test(row.find((c) => c.text)?.text ?? '')) continue;
    const roles = knownRoles(row);
    if (roles.size < 3 || !roles.has('content')) continue;
    const keys = grid[r]!.map((c) => headerKey(c.text));
    const repeat = header.keys.some((hk) => keys.filter((k, i) => k && k === hk[i]).length >= Math.ceil(keys.filter(Boolean).length * 0.6));
    if (repeat) continue;
    let start = r;
    while (start - 1 > header.end && new Set(grid[start - 1]!.filter((c) => c.text).map((c) => c.text)).size === 1) start--;
    return start;
  }
  return -1;
}
