/** Grids → tables: header and column roles, sections and rows, task lists told from other tables, split tables joined. */
import type { ExtractWarning, ExtractedTable, RawTable } from '#shared/extract/model';
import type { ReportRow, SourceRef } from '#shared/domain/row';
import { nfc } from '#shared/domain/vietnamese';
import { findHeader, nextTableStart, type Column, type Header } from './header';
import { readRows } from './rows';

/** Besides a content column, a task list has at least one of these (a numbered list of services has none). */
const TASK_SIGNS = new Set(['lead', 'coord', 'product', 'deadline', 'result', 'refs', 'mark_completed', 'mark_not_completed', 'mark_recurring', 'mark_in_progress']);

function isTaskHeader(columns: Column[]): boolean {
  return columns.some((c) => c.role === 'content') && columns.some((c) => TASK_SIGNS.has(c.role));
}

function titleOf(raw: RawTable, header?: Header): string | undefined {
  const parts: string[] = [];
  if (raw.title) parts.push(raw.title);
  if (header) {
    for (let r = 0; r < header.start; r++) {
      const t = [...new Set(raw.grid[r]!.filter((c) => c.text).map((c) => c.text))].join(' ');
      if (t) parts.push(t);
    }
  }
  const t = nfc(parts.join(' '));
  return t || undefined;
}

function sourceOf(s: SourceRef): SourceRef {
  return { ...(s.page !== undefined ? { page: s.page } : {}), ...(s.sheet !== undefined ? { sheet: s.sheet } : {}), row: s.row };
}

/** A table that is not a task list: every non-empty row kept under `extra`, by header text or "Cột N". */
function otherTable(raw: RawTable, header: Header | undefined): ExtractedTable {
  const width = raw.grid[0]?.length ?? 0;
  // no header found: a first row of short, non-numeric texts is still the best name for the columns
  const first = raw.grid[0] ?? [];
  const firstIsHeader = !header && raw.grid.length > 1 && first.every((c) => c.text && c.text.length <= 60 && !/^[\d.,%() ]+$/.test(c.text))
    && new Set(first.map((c) => c.text)).size === first.length;
  const names = Array.from({ length: width }, (_, i) => header?.columns[i]?.header || (firstIsHeader ? first[i]!.text : '') || `Cột ${i + 1}`);
  const rows: ReportRow[] = [];
  for (let r = header ? header.end : firstIsHeader ? 1 : 0; r < raw.grid.length; r++) {
    const extra: Record<string, string> = {};
    raw.grid[r]!.forEach((c, i) => {
      if (c.text && !(c.covered && c.span !== 'row')) extra[names[i]!] = c.text;
    });
    if (Object.keys(extra).length) rows.push({ extra, source: sourceOf(raw.sources[r] ?? { row: r + 1 }) });
  }
  const title = titleOf(raw, header);
  return {
    index: raw.index,
    ...(title ? { title } : {}),
    kind: 'other',
    columns: names.map((h) => ({ header: h, role: 'extra' as const })),
    rows,
  };
}

/** Splits grids that hold several tables (e.g. two Phụ lục on one sheet) at each new, different header. */
function splitTables(raw: RawTable[]): RawTable[] {
  const out: RawTable[] = [];
  for (const t of raw) {
    let rest = t;
    for (;;) {
      const header = findHeader(rest.grid);
      const at = header ? nextTableStart(rest.grid, header) : -1;
      if (!header || at < 0) break;
      out.push({ ...rest, grid: rest.grid.slice(0, at), sources: rest.sources.slice(0, at) });
      rest = { ...rest, title: undefined, grid: rest.grid.slice(at), sources: rest.sources.slice(at) };
    }
    out.push(rest);
  }
  return out;
}

export function understandTables(input: RawTable[]): { tables: ExtractedTable[]; warnings: ExtractWarning[] } {
  const tables: ExtractedTable[] = [];
  const warnings: ExtractWarning[] = [];
  let last: { header: Header; width: number; section?: string } | undefined;
  // tables are numbered in output order (a split grid gives two tables)
  const raw = splitTables(input).map((t, index) => ({ ...t, index }));
  for (const t of raw) {
    if (t.grid.length === 0) continue;
    let header = findHeader(t.grid);
    let continued = false;
    if (!header && last && (t.grid[0]?.length ?? 0) === last.width) {
      // a headerless table with the same columns right after a task table: its continuation
      header = { ...last.header, start: 0, end: 0 };
      continued = true;
    }
    if (!header || !isTaskHeader(header.columns)) {
      tables.push(otherTable(t, header));
      last = undefined;
      continue;
    }
    const res = readRows(t, header, { startSection: continued ? last?.section : undefined });
    if (res.rows.length === 0 || (continued && !res.rows.some((r) => r.stt && /\d/.test(r.stt)))) {
      tables.push(otherTable(t, continued ? undefined : header));
      if (!continued) last = undefined;
      continue;
    }
    warnings.push(...res.warnings);
    const title = titleOf(t, continued ? undefined : header);
    tables.push({
      index: t.index,
      ...(title ? { title } : {}),
      kind: 'tasks',
      columns: header.columns.map((c) => ({ header: c.header, role: c.role })),
      rows: res.rows,
    });
    if (continued) warnings.push({ code: 'table_continued', message: 'Bảng không có dòng tiêu đề, được coi là phần tiếp theo của bảng trước. / A table without a header was read as the continuation of the previous table.', table: t.index });
    last = { header, width: t.grid[0]!.length, section: res.lastSection };
  }
  return { tables, warnings };
}
