/**
 * Tables without any ruling: found from the text alone.
 *
 * A table region starts at a line holding three or more separate chunks of text (a header row) and runs down while
 * lines follow at row spacing. Its columns come from x-position clustering (columns.ts); its rows from the vertical
 * gaps between lines (a gap clearly larger than the line pitch inside a cell) and from a new entry in the first
 * (STT) column. An item running across a column boundary becomes a merged cell.
 */
import { columnBoundaries } from './columns';
import { buildGrid, crosses, type PageTable } from './grid';
import type { TextItem } from './items';
import { groupLines, type Line } from './lines';
import { columnOf, rowBoundaries, splitRows } from './rows';

/** Pieces of a line separated by at least ~0.8 em: candidate cells. */
export function chunks(line: Line): Array<{ x0: number; x1: number }> {
  const out: Array<{ x0: number; x1: number }> = [];
  for (const it of line.items) {
    const last = out[out.length - 1];
    if (last && it.x0 - last.x1 < 0.8 * it.size) last.x1 = Math.max(last.x1, it.x1);
    else out.push({ x0: it.x0, x1: it.x1 });
  }
  return out;
}

/** Borderless tables among `items` (the page's text not taken by ruled tables). */
export function clusteredTables(page: number, items: TextItem[]): PageTable[] {
  const lines = groupLines(items);
  const tables: PageTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (chunks(lines[i]).length < 3) { i++; continue; }
    // the region: lines that follow at no more than ~2.6 em from the previous one
    let j = i + 1;
    while (j < lines.length && lines[j].top - lines[j - 1].bottom <= 2.6 * lines[j - 1].size) j++;
    const region = lines.slice(i, j);
    const table = regionTable(page, region);
    if (table) {
      tables.push(table);
      i = j;
    } else {
      i++;
    }
  }
  return tables;
}

function regionTable(page: number, lines: Line[]): PageTable | undefined {
  // the table ends with its last line of three or more chunks and the lines wrapped right under it: notes and
  // paragraphs further down (a blank line or more below) are not part of it, nor of its column profile — their
  // long lines would fill the gap between two columns and join them
  let last = lines.length - 1;
  while (last > 0 && chunks(lines[last]).length < 3) last--;
  let stop = last + 1;
  while (stop < lines.length && lines[stop].top - lines[stop - 1].bottom <= 0.8 * lines[stop - 1].size) stop++;
  const region = lines.slice(0, stop);
  const its = region.flatMap((l) => l.items);
  const left = Math.min(...its.map((it) => it.x0)) - 1;
  const right = Math.max(...its.map((it) => it.x1)) + 1;
  const X = columnBoundaries(its, left, right);
  if (X.length - 1 < 3) return undefined;
  // trailing lines after the table (a paragraph, a signature line) run across column boundaries: trim them
  let end = region.length;
  while (end > 1) {
    const l = region[end - 1];
    const crossing = X.slice(1, -1).filter((x) => l.items.some((it) => it.x0 < x - 2 && it.x1 > x + 2)).length;
    if (crossing >= 2 || (crossing >= 1 && chunks(l).length === 1 && l.x1 - l.x0 > 0.5 * (right - left))) end--;
    else break;
  }
  const body = region.slice(0, end);
  const multi = body.filter((l) => new Set(l.items.map((it) => columnOf(X, it.x0 + 1))).size >= 2).length;
  if (body.length < 2 || multi < 2) return undefined;
  const rows = splitRows(body, X);
  const Y = rowBoundaries(rows, rows[0][0].top - 1, Math.max(...rows[rows.length - 1].map((l) => l.bottom)) + 1);
  const bodyItems = body.flatMap((l) => l.items);
  const { grid, used } = buildGrid(X, Y, bodyItems, (r, c) => !crosses(bodyItems, X[c], Y[r], Y[r + 1]), () => true);
  if (grid.length < 2) return undefined;
  return { page, ruling: 'none', box: { x0: left, y0: Y[0], x1: right, y1: Y[Y.length - 1] }, cols: X, grid, used };
}
