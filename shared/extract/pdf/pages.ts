/**
 * Tables continuing across pages → one RawTable.
 *
 * A table that is the last thing on its page continues into the first table of the next page when that table is
 * the first thing there and its columns line up (each of its columns falls inside one column of the first part).
 * The header repeated at the top of the next page is dropped when it is an exact repeat of the first part's top
 * rows. A row split by the page break stays its own grid row (empty STT, its page in `sources`): understand/
 * merges continuation rows.
 */
import type { GridCell, RawTable } from '#shared/extract/model';
import type { SourceRef } from '#shared/domain/row';
import type { PageTable } from './grid';

export interface PagePlacement {
  table: PageTable;
  /** nothing but page furniture (page number, running header/footer) above / below the table on its page */
  firstOnPage: boolean;
  lastOnPage: boolean;
}

/** Maps each column of `next` onto a column of `prev` by its centre; undefined when they do not line up. */
export function alignColumns(prev: number[], next: number[], tol = 4): number[] | undefined {
  const map: number[] = [];
  for (let c = 0; c + 1 < next.length; c++) {
    const mid = (next[c] + next[c + 1]) / 2;
    const k = prev.findIndex((x, i) => i + 1 < prev.length && mid >= x - tol && mid <= prev[i + 1] + tol);
    if (k < 0) return undefined;
    // the column must not reach far beyond the matched one (else the layouts differ)
    if (next[c] < prev[k] - 3 * tol - 20 || next[c + 1] > prev[k + 1] + 3 * tol + 20) return undefined;
    map.push(k);
  }
  // every column of prev is hit (a table continuing has the same columns), in order
  for (let i = 1; i < map.length; i++) if (map[i] < map[i - 1]) return undefined;
  if (new Set(map).size < Math.min(prev.length - 1, next.length - 1) * 0.75) return undefined;
  return map;
}

/** A row's text in reading order, merges ignored: a repeated header compares equal even when a borderless page
 * with few rows clustered its columns a little differently. */
const rowKey = (row: GridCell[]): string => row.filter((c) => !c.covered && c.text).map((c) => c.text).join(' ');

/** Joins page tables into document tables, numbering rows per page and dropping exactly repeated headers. */
export function joinPages(placements: PagePlacement[]): RawTable[] {
  const out: RawTable[] = [];
  let current: { raw: RawTable; cols: number[]; ruling: PageTable['ruling']; width: number; lastPage: number } | undefined;
  let prev: PagePlacement | undefined;
  for (const p of placements) {
    const t = p.table;
    const sources: SourceRef[] = t.grid.map((_, r) => ({ page: t.page, row: r + 1 }));
    const map =
      current && prev && prev.lastOnPage && p.firstOnPage && t.page === current.lastPage + 1 && t.ruling === current.ruling
        ? alignColumns(current.cols, t.cols)
        : undefined;
    if (current && map) {
      const width = current.width;
      // re-place cells into the first part's columns
      const rows = t.grid.map((row) => {
        const placed: GridCell[] = Array.from({ length: width }, () => ({ text: '', raw: '' }));
        row.forEach((cell, c) => {
          const k = map[c];
          const target = placed[k];
          if (target.text === '' && target.raw === '') placed[k] = cell;
          else if (cell.text && !cell.covered) placed[k] = { ...target, text: `${target.text} ${cell.text}`.trim(), raw: `${target.raw} ${cell.raw}`.trim() };
        });
        return placed;
      });
      // drop an exact repeat of the header (the first part's top rows) at the top of the continuation
      let skip = 0;
      while (skip < rows.length && skip < 4 && skip < current.raw.grid.length && rowKey(rows[skip]) !== '' && rowKey(rows[skip]) === rowKey(current.raw.grid[skip])) skip++;
      current.raw.grid.push(...rows.slice(skip));
      current.raw.sources.push(...sources.slice(skip));
      current.lastPage = t.page;
    } else {
      const raw: RawTable = { index: out.length, grid: t.grid, sources, ruling: t.ruling };
      if (t.title) raw.title = t.title;
      out.push(raw);
      current = { raw, cols: t.cols, ruling: t.ruling, width: t.cols.length - 1, lastPage: t.page };
    }
    prev = p;
  }
  return out;
}
