/**
 * Cells from ruling lines.
 *
 * Rules are grouped into tables (a horizontal and a vertical rule that touch belong together; horizontal rules of
 * nearly the same extent stacked above one another too, for tables ruled only between rows). Row boundaries are
 * the horizontal rules; column boundaries the vertical rules, or — when a table has no inner vertical rule —
 * x-position clustering of its text (columns.ts). Two neighbouring grid units are one merged cell when no rule
 * separates them (or, without vertical rules, when a text item runs across their boundary).
 */
import type { GridCell } from '#shared/extract/model';
import { columnBoundaries } from './columns';
import type { TextItem } from './items';
import { cellText, groupLines } from './lines';
import { NUMBER, numberBreaks, rowBoundaries, splitRows } from './rows';
import type { Rule } from './rules';
import { mergeUnits } from '../merge-units';

export interface Box { x0: number; y0: number; x1: number; y1: number }

/** A table found on one page, before tables continuing across pages are joined (pages.ts). */
export interface PageTable {
  page: number;
  ruling: 'stroked' | 'filled' | 'none';
  box: Box;
  /** column boundaries, left to right (columns = cols.length − 1) */
  cols: number[];
  grid: GridCell[][];
  /** the text items the table took (the rest of the page is for titles and borderless tables) */
  used: Set<TextItem>;
  title?: string;
  /** a paragraph inside the ruling above the header (see paragraphRow): part of the title */
  inlineTitle?: string;
}

/** Where an item sits for cell assignment: a little inside its left edge, at mid x-height. */
export const anchor = (it: TextItem): [number, number] => [it.x0 + Math.min(3, (it.x1 - it.x0) / 2), it.base - 0.3 * it.size];

/** Snaps positions within `tol` of each other to their mean. */
export function clusterPositions(values: number[], tol: number): number[] {
  const s = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of s) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1] <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

const indexIn = (bounds: number[], v: number): number => {
  if (v < bounds[0] || v > bounds[bounds.length - 1]) return -1;
  for (let i = 0; i + 1 < bounds.length; i++) if (v <= bounds[i + 1]) return i;
  return -1;
};

/**
 * Builds the grid: `X` column and `Y` row boundaries, `vSep(r, c)` whether the boundary left of column c (c ≥ 1)
 * separates units in row r, `hSep(r, c)` whether the boundary above row r (r ≥ 1) separates units in column c.
 * Units joined by a missing separator form one cell (the bounding rectangle of the joined units).
 * Grid rows that end up entirely empty are dropped.
 */
export function buildGrid(
  X: number[],
  Y: number[],
  items: TextItem[],
  vSep: (r: number, c: number) => boolean,
  hSep: (r: number, c: number) => boolean,
): { grid: GridCell[][]; used: Set<TextItem>; rowTops: number[] } {
  const nr = Y.length - 1;
  const nc = X.length - 1;
  const { cells: masters, owner } = mergeUnits(nr, nc, vSep, hSep);
  const cellItems: TextItem[][] = masters.map(() => []);
  const used = new Set<TextItem>();
  for (const it of items) {
    const [ax, ay] = anchor(it);
    const c = indexIn(X, ax);
    const r = indexIn(Y, ay);
    if (r < 0 || c < 0) continue;
    cellItems[owner[r * nc + c]].push(it);
    used.add(it);
  }
  const texts = cellItems.map((its) => cellText(its));
  const grid: GridCell[][] = [];
  const rowTops: number[] = [];
  for (let r = 0; r < nr; r++) {
    const row: GridCell[] = [];
    for (let c = 0; c < nc; c++) {
      const id = owner[r * nc + c];
      const m = masters[id];
      const t = texts[id];
      if (m.r0 === r && m.c0 === c) row.push({ text: t.text, raw: t.raw });
      else row.push({ text: t.text, raw: t.raw, covered: true, span: m.r0 === r ? 'col' : m.c0 === c ? 'row' : 'both' });
    }
    if (row.some((cell) => cell.text !== '')) {
      grid.push(row);
      rowTops.push(Y[r]);
    }
  }
  return { grid, used, rowTops };
}

const overlap = (a0: number, a1: number, b0: number, b1: number): number => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/** Groups rules into table candidates (connected components) and returns each group's rules and box. */
export function groupRules(rules: Rule[], tol = 3): Array<{ rules: Rule[]; box: Box }> {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const h = rules.map((r, i) => [r, i] as const).filter(([r]) => r.dir === 'h');
  const v = rules.map((r, i) => [r, i] as const).filter(([r]) => r.dir === 'v');
  for (const [a, i] of h) for (const [b, j] of v) {
    if (b.pos >= a.from - tol && b.pos <= a.to + tol && a.pos >= b.from - tol && a.pos <= b.to + tol) parent[find(i)] = find(j);
  }
  // horizontal rules of (nearly) the same extent: rows of a table ruled only between rows
  const hs = [...h].sort((p, q) => p[0].pos - q[0].pos);
  for (let k = 0; k < hs.length; k++) for (let l = k + 1; l < hs.length; l++) {
    const [a, i] = hs[k];
    const [b, j] = hs[l];
    const la = a.to - a.from;
    const lb = b.to - b.from;
    if (overlap(a.from, a.to, b.from, b.to) >= 0.9 * Math.min(la, lb) && Math.min(la, lb) >= 0.7 * Math.max(la, lb)) {
      parent[find(i)] = find(j);
      break; // chain to the next similar rule below only
    }
  }
  const groups = new Map<number, Rule[]>();
  rules.forEach((r, i) => {
    const k = find(i);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
  });
  const out: Array<{ rules: Rule[]; box: Box }> = [];
  for (const g of groups.values()) {
    const box: Box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    for (const r of g) {
      if (r.dir === 'h') { box.x0 = Math.min(box.x0, r.from); box.x1 = Math.max(box.x1, r.to); box.y0 = Math.min(box.y0, r.pos); box.y1 = Math.max(box.y1, r.pos); }
      else { box.y0 = Math.min(box.y0, r.from); box.y1 = Math.max(box.y1, r.to); box.x0 = Math.min(box.x0, r.pos); box.x1 = Math.max(box.x1, r.pos); }
    }
    out.push({ rules: g, box });
  }
  // rules lying inside a bigger group's box (a partial rule under a merged header) join that group
  out.sort((a, b) => (b.box.x1 - b.box.x0) * (b.box.y1 - b.box.y0) - (a.box.x1 - a.box.x0) * (a.box.y1 - a.box.y0));
  const kept: Array<{ rules: Rule[]; box: Box }> = [];
  for (const g of out) {
    const host = kept.find((k) => g.box.x0 >= k.box.x0 - tol && g.box.x1 <= k.box.x1 + tol && g.box.y0 >= k.box.y0 - tol && g.box.y1 <= k.box.y1 + tol);
    if (host) host.rules.push(...g.rules);
    else kept.push(g);
  }
  return kept.flatMap(splitStacked).sort((a, b) => a.box.y0 - b.box.y0);
}

const boxOf = (rules: Rule[]): Box => {
  const box: Box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (const r of rules) {
    if (r.dir === 'h') { box.x0 = Math.min(box.x0, r.from); box.x1 = Math.max(box.x1, r.to); box.y0 = Math.min(box.y0, r.pos); box.y1 = Math.max(box.y1, r.pos); }
    else { box.y0 = Math.min(box.y0, r.from); box.y1 = Math.max(box.y1, r.to); box.x0 = Math.min(box.x0, r.pos); box.x1 = Math.max(box.x1, r.pos); }
  }
  return box;
};

/**
 * Two tables stacked on a page, their horizontal rules chained by extent: where a group with vertical rules has a
 * band between two horizontal rules that no vertical rule crosses (the gap, with its title, between the tables),
 * it is two tables.
 */
function splitStacked(g: { rules: Rule[]; box: Box }): Array<{ rules: Rule[]; box: Box }> {
  const vs = g.rules.filter((r) => r.dir === 'v');
  if (vs.length === 0) return [g];
  const ys = clusterPositions(g.rules.filter((r) => r.dir === 'h').map((r) => r.pos), 3);
  const cuts: number[] = [];
  for (let k = 0; k + 1 < ys.length; k++) {
    const [a, b] = [ys[k], ys[k + 1]];
    if (!vs.some((v) => v.from <= a + 3 && v.to >= b - 3) && !vs.some((v) => v.from > a + 3 && v.to < b - 3)) cuts.push((a + b) / 2);
  }
  if (cuts.length === 0) return [g];
  const parts: Rule[][] = cuts.map(() => []).concat([[]]);
  for (const r of g.rules) {
    const y = r.dir === 'h' ? r.pos : (r.from + r.to) / 2;
    parts[cuts.filter((c) => c < y).length].push(r);
  }
  return parts.filter((p) => p.length > 0).map((rules) => ({ rules, box: boxOf(rules) }));
}

/** Pieces of a line separated by at least ~0.8 em (candidate cells). */
const chunkCount = (items: TextItem[]): number => {
  let n = 0;
  let x1 = -Infinity;
  for (const it of [...items].sort((a, b) => a.x0 - b.x0)) {
    if (it.x0 - x1 >= 0.8 * it.size) n++;
    x1 = Math.max(x1, it.x1);
  }
  return n;
};

/**
 * Tables ruled only between rows (no vertical rule) whose horizontal rules chain by extent: two tables stacked on a
 * page with the same width (a journal's or a report generator's rules above/under the header and at the bottom)
 * are two tables where a band between two rules holds only prose — two lines or more, at least three font sizes
 * tall, none of them with three separate pieces nor ending in a number (the caption, code or text between the
 * tables) — and each side keeps two rules at least (a two-column table's body is not prose between tables).
 */
function splitAtProse(g: { rules: Rule[]; box: Box }, items: TextItem[]): Array<{ rules: Rule[]; box: Box }> {
  if (g.rules.some((r) => r.dir === 'v')) return [g];
  const ys = clusterPositions(g.rules.map((r) => r.pos), 3);
  const cuts: number[] = [];
  for (let k = 0; k + 1 < ys.length; k++) {
    const [a, b] = [ys[k], ys[k + 1]];
    const lines = groupLines(items.filter((it) => { const ay = anchor(it)[1]; return ay > a && ay < b && it.x1 > g.box.x0 && it.x0 < g.box.x1; }));
    const prose = lines.every((l) => chunkCount(l.items) < 3 && !NUMBER.test(l.items[l.items.length - 1].str.trim()));
    // and a table on either side: two rules at least above the cut (since the last cut) and below it
    const above = ys.filter((y) => y <= a && y > (cuts[cuts.length - 1] ?? -Infinity)).length;
    const below = ys.filter((y) => y >= b).length;
    if (lines.length >= 2 && b - a >= 3 * Math.max(...lines.map((l) => l.size)) && prose && above >= 2 && below >= 2) cuts.push((a + b) / 2);
  }
  if (cuts.length === 0) return [g];
  const parts: Rule[][] = cuts.map(() => []).concat([[]]);
  for (const r of g.rules) parts[cuts.filter((c) => c < r.pos).length].push(r);
  return parts.filter((p) => p.length > 0).map((rules) => ({ rules, box: boxOf(rules) }));
}

/** Does a rule on line `pos` (dir) cover at least `share` of [a, b]? */
function covers(rules: Rule[], dir: Rule['dir'], pos: number, a: number, b: number, tol = 2.5, share = 0.6): boolean {
  let covered = 0;
  for (const r of rules) if (r.dir === dir && Math.abs(r.pos - pos) <= tol) covered += overlap(r.from, r.to, a, b);
  return covered >= share * (b - a);
}

/** Tables drawn with ruling lines on one page. */
export function ruledTables(page: number, items: TextItem[], rules: Rule[]): PageTable[] {
  const tables: PageTable[] = [];
  for (const g of groupRules(rules).flatMap((g) => splitAtProse(g, items))) {
    const hRules = g.rules.filter((r) => r.dir === 'h');
    const vRules = g.rules.filter((r) => r.dir === 'v');
    let Y = clusterPositions(hRules.map((r) => r.pos), 3);
    const { box } = g;
    const inner = vRules.filter((r) => r.pos > box.x0 + 3 && r.pos < box.x1 - 3);
    // a table: at least two rows between horizontal rules, or one row split by inner vertical rules
    if (Y.length < 2 || (Y.length < 3 && inner.length === 0)) continue;
    if (Y[0] > box.y0 + 3) Y.unshift(box.y0);
    if (Y[Y.length - 1] < box.y1 - 3) Y.push(box.y1);
    const inside = items.filter((it) => {
      const [ax, ay] = anchor(it);
      return ax >= box.x0 - 1 && ax <= box.x1 + 1 && ay >= Y[0] && ay <= Y[Y.length - 1];
    });
    if (inside.length === 0) continue;
    const kind: PageTable['ruling'] = g.rules.some((r) => r.kind === 'stroked') ? 'stroked' : 'filled';
    let X: number[];
    let vSep: (r: number, c: number) => boolean;
    if (inner.length > 0) {
      const ruledX = clusterPositions([box.x0, box.x1, ...vRules.map((r) => r.pos)], 3);
      X = withUnruledColumns(inside, ruledX);
      const byRule = new Set(ruledX);
      const ruledAt = (r: number, x: number): boolean => covers(vRules, 'v', x, Y[r], Y[r + 1]);
      // a band with no inner vertical rule at all is one merged cell unless its words stand apart, each inside one
      // column (a header row drawn without inner rules: "c1  c2  c3" over ruled columns); a band ruled elsewhere
      // keeps its merges ("Kết quả" over three columns)
      const open = (r: number): boolean => !ruledX.slice(1, -1).some((x) => ruledAt(r, x)) && wordsApart(inside, X, Y[r], Y[r + 1]);
      vSep = (r, c) => (byRule.has(X[c]) ? ruledAt(r, X[c]) : !crosses(inside, X[c], Y[r], Y[r + 1])) || open(r);
    } else {
      X = columnBoundaries(inside, box.x0, box.x1);
      vSep = (r, c) => !crosses(inside, X[c], Y[r], Y[r + 1]);
    }
    // a frame with no inner horizontal rule (vertical rules only): rows from the text's baseline gaps
    let hSep = (r: number, c: number): boolean => covers(hRules, 'h', Y[r], X[c], X[c + 1]);
    if (Y.length === 2 && inner.length > 0) {
      const lines = groupLines(inside);
      if (lines.length > 1) {
        Y = rowBoundaries(splitRows(lines, X), Y[0], Y[1]);
        hSep = () => true;
      }
    }
    // rows printed one a line between two rules (no rule between them): split where a number stands under a number
    const split = splitAtNumbers(inside, X, Y);
    if (split.Y.length > Y.length) {
      const ruled = hSep;
      Y = split.Y;
      hSep = (r, c) => split.fromText[r] || ruled(r, c);
    }
    const { grid, used } = buildGrid(X, Y, inside, vSep, hSep);
    if (grid.length === 0) continue;
    const inlineTitle = paragraphRow(grid);
    if (inlineTitle) grid.shift();
    tables.push({ page, ruling: kind, box: { x0: box.x0, y0: Y[0], x1: box.x1, y1: Y[Y.length - 1] }, cols: X, grid, used, ...(inlineTitle ? { inlineTitle } : {}) });
  }
  return tables;
}

/**
 * Row boundaries `Y` with, inside each band, a boundary between two text lines where a number stands right under a
 * number in the same column (rows.ts numberBreaks): `fromText[r]` marks the boundaries that come from text.
 */
function splitAtNumbers(items: TextItem[], X: number[], Y: number[]): { Y: number[]; fromText: boolean[] } {
  const outY = [Y[0]];
  const fromText = [false];
  for (let r = 0; r + 1 < Y.length; r++) {
    const lines = groupLines(items.filter((it) => { const ay = anchor(it)[1]; return ay >= Y[r] && ay <= Y[r + 1]; }));
    if (lines.length > 1) {
      for (const k of [...numberBreaks(lines, X)].sort((a, b) => a - b)) {
        outY.push((lines[k - 1].bottom + lines[k].top) / 2);
        fromText.push(true);
      }
    }
    outY.push(Y[r + 1]);
    fromText.push(false);
  }
  return { Y: outY, fromText };
}

/**
 * Columns inside a ruled column that has no rule of its own between them (a frame with a rule between two halves,
 * each half two columns: "Number of shares | Amount" twice): x-clustering of the column's text, a separator kept
 * only when no text runs across it and at least three lines, half of the column's lines, have text on both sides.
 */
function withUnruledColumns(items: TextItem[], X: number[]): number[] {
  const out = [X[0]];
  for (let c = 0; c + 1 < X.length; c++) {
    const its = items.filter((it) => { const ax = anchor(it)[0]; return ax >= X[c] && ax < X[c + 1]; });
    if (its.length >= 6) {
      const lines = groupLines(its);
      for (const x of columnBoundaries(its, X[c], X[c + 1]).slice(1, -1)) {
        if (its.some((it) => it.x0 < x - 2 && it.x1 > x + 2)) continue;
        const both = lines.filter((l) => l.items.some((it) => it.x1 <= x) && l.items.some((it) => it.x0 >= x)).length;
        if (both >= 3 && both * 2 >= lines.length) out.push(x);
      }
    }
    out.push(X[c + 1]);
  }
  return out;
}

/** The band [y0, y1] holds words in two or more columns, none running across a column boundary. */
function wordsApart(items: TextItem[], X: number[], y0: number, y1: number): boolean {
  const its = items.filter((it) => { const ay = anchor(it)[1]; return ay >= y0 && ay <= y1; });
  if (its.length < 2) return false;
  const cols = new Set(its.map((it) => indexIn(X, anchor(it)[0])));
  return cols.size >= 2 && !X.slice(1, -1).some((x) => crosses(its, x, y0, y1));
}

/** A row number, section mark or roman numeral opening a data row ("1", "2.3", "A", "IV", "a)"). */
const ROW_MARK = /^(\d+([.,]\d+)*|[A-ZĐ]|[IVXLC]+|[a-zđ])[.)]?$/;

/**
 * A paragraph drawn inside the ruling above the header ("Bảng 3. Nhiệm vụ giao bổ sung …"): the first row is one
 * cell across the whole table and the next row is not a data row (it does not open with a row number or mark).
 * Its text is the table's title, not a merged cell.
 */
export function paragraphRow(grid: GridCell[][]): string | undefined {
  if (grid.length < 3 || grid[0].length < 3) return undefined;
  const [first, next] = grid;
  if (!first[0].text || first.slice(1).some((c) => !c.covered || c.span !== 'col')) return undefined;
  const nextCells = next.filter((c) => !c.covered && c.text);
  if (nextCells.length < Math.min(3, next.length) || ROW_MARK.test(nextCells[0].text)) return undefined;
  return first[0].text;
}

/** Does a text item in the band [y0, y1] run across x (by more than 2 pt on each side)? */
export function crosses(items: TextItem[], x: number, y0: number, y1: number): boolean {
  return items.some((it) => {
    const ay = anchor(it)[1];
    return ay >= y0 && ay <= y1 && it.x0 < x - 2 && it.x1 > x + 2;
  });
}

/** Text lines right above a table (caption, "PHỤ LỤC 01 …"): up to 4 lines with no wide gap, nearest last. */
export function titleAbove(items: TextItem[], top: number, maxLines = 4): string | undefined {
  const lines = groupLines(items.filter((it) => it.bottom <= top + 1)).reverse();
  const picked: string[] = [];
  let edge = top;
  for (const l of lines) {
    if (edge - l.bottom > 2.2 * l.size) break;
    picked.unshift(cellText(l.items).text);
    edge = l.top;
    if (picked.length >= maxLines) break;
  }
  const title = picked.filter(Boolean).join(' ');
  return title || undefined;
}
