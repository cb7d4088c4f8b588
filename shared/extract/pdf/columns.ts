/**
 * Column boundaries from x-position clustering of text (tables without vertical ruling).
 *
 * Coverage profile: for every x (1 pt steps), how many text lines have an item covering it. A column separator is a
 * run of x where coverage is at most a fifth of the coverage peaks on both sides (within `window` points), so a few
 * items spanning columns (section titles such as "A  Nhiệm vụ chung…") do not erase a separator, and a sparsely
 * filled column (a "Ghi chú" with three entries) still stands as a column.
 */
import type { TextItem } from './items';
import { groupLines } from './lines';

export interface ColumnOptions {
  /** how far to look for coverage peaks on each side of a candidate gap (points) */
  window?: number;
  /** a separator's coverage must be ≤ ratio × min(left peak, right peak) */
  ratio?: number;
  /** narrowest separator run accepted (points) */
  minGap?: number;
}

/** Boundaries [left, sep1, …, right] of the columns the items form between `left` and `right`. */
export function columnBoundaries(items: TextItem[], left: number, right: number, opts: ColumnOptions = {}): number[] {
  const window = opts.window ?? 60;
  const ratio = opts.ratio ?? 0.2;
  const minGap = opts.minGap ?? 1.5;
  const x0 = Math.floor(left);
  const n = Math.max(1, Math.ceil(right) - x0 + 1);
  const cov = new Float64Array(n);
  for (const line of groupLines(items)) {
    const seen = new Uint8Array(n);
    for (const it of line.items) {
      const a = Math.max(0, Math.floor(it.x0 - x0));
      const b = Math.min(n - 1, Math.ceil(it.x1 - x0));
      for (let i = a; i <= b; i++) seen[i] = 1;
    }
    for (let i = 0; i < n; i++) cov[i] += seen[i];
  }
  const leftPeak = new Float64Array(n);
  const rightPeak = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = Math.max(0, i - window); j <= i; j++) if (cov[j] > m) m = cov[j];
    leftPeak[i] = m;
    m = 0;
    for (let j = i; j <= Math.min(n - 1, i + window); j++) if (cov[j] > m) m = cov[j];
    rightPeak[i] = m;
  }
  const bounds = [left];
  let runStart = -1;
  for (let i = 0; i <= n; i++) {
    const sep = i < n && leftPeak[i] > 0 && rightPeak[i] > 0 && cov[i] <= ratio * Math.min(leftPeak[i], rightPeak[i]);
    if (sep && runStart < 0) runStart = i;
    if (!sep && runStart >= 0) {
      const end = i - 1;
      // a separator must have text on both sides (not the margin before the first / after the last column)
      const hasLeft = cov.slice(0, runStart).some((c) => c > 0);
      const hasRight = cov.slice(i).some((c) => c > 0);
      if (end - runStart + 1 >= minGap && hasLeft && hasRight) bounds.push(x0 + (runStart + end) / 2);
      runStart = -1;
    }
  }
  bounds.push(right);
  return dropSpillColumns(items, clearOfWords(items, bounds));
}

/**
 * A separator is placed in the middle of its gap, found from all lines; a header word wider than the values under
 * it (a right-aligned "Libertarian" over "225") reaches into that gap and would be cut, making one cell of two
 * headers. Each separator moves, within its half of the neighbouring columns and 20 pt, to where the fewest items
 * run across it, if that is fewer than where it stands (the nearest such place).
 */
function clearOfWords(items: TextItem[], bounds: number[]): number[] {
  const across = (x: number): number => items.reduce((n, it) => n + (it.x0 < x - 2 && it.x1 > x + 2 ? 1 : 0), 0);
  const out = [...bounds];
  for (let k = 1; k + 1 < out.length; k++) {
    const s = out[k];
    const here = across(s);
    if (here === 0) continue;
    const reach = Math.min(20, (s - out[k - 1]) / 2, (out[k + 1] - s) / 2);
    let best = s;
    let bestN = here;
    for (let d = 0.5; d <= reach; d += 0.5) {
      for (const x of [s - d, s + d]) {
        const n = across(x);
        if (n < bestN) { best = x; bestN = n; }
      }
      if (bestN === 0) break;
    }
    out[k] = best;
  }
  return out;
}

/**
 * A column no text starts in is the spill of one long cell from the column to its left ("Bảo hiểm xã hội Việt
 * Nam" running past the end of the other entries of its column): its separator is dropped, so a value column is
 * not split in two and the values right of it do not shift.
 */
function dropSpillColumns(items: TextItem[], bounds: number[]): number[] {
  const out = [...bounds];
  for (let k = out.length - 2; k >= 1; k--) {
    const [a, b] = [out[k], out[k + 1]];
    if (!items.some((it) => it.x0 >= a - 1 && it.x0 < b - 1)) out.splice(k, 1);
  }
  return out;
}
