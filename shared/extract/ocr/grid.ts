/**
 * The table grid of a deskewed page image, from the ink alone.
 *
 * Ruling lines are long runs of ink: horizontal runs in each pixel row (small gaps bridged, for noise and JPEG),
 * stacked runs joined into a line with a thickness; vertical lines the same on columns. A line belongs to the table
 * when it meets at least two lines of the other direction. Row boundaries are the horizontal lines' positions,
 * column boundaries the vertical ones'. Two neighbouring grid units form one merged cell when the boundary between
 * them carries no ink along most of its length.
 */
import { mergeUnits } from '../merge-units';
export interface Segment { pos: number; from: number; to: number; thickness: number }

export interface CellBox { r0: number; c0: number; r1: number; c1: number; x0: number; y0: number; x1: number; y1: number }

export interface PixelGrid {
  /** column boundaries (x, px), left to right */
  X: number[];
  /** row boundaries (y, px), top to bottom */
  Y: number[];
  /** typical ruling line thickness, px */
  line: number;
  /** the merged cells (masters), row-major; `owner[r * nc + c]` indexes them */
  cells: CellBox[];
  owner: Int32Array;
}

/** Runs of ink along one axis. `get(i, j)` reads pixel j of line i. */
function runs(n: number, len: number, get: (i: number, j: number) => number, minLen: number, gap: number): Segment[] {
  const out: Segment[] = [];
  // open segments from the previous line, to stack into thick lines
  let open: Segment[] = [];
  for (let i = 0; i < n; i++) {
    const found: Array<[number, number]> = [];
    let start = -1, last = -1;
    for (let j = 0; j < len; j++) {
      if (get(i, j)) {
        if (start < 0) start = j;
        else if (j - last > gap + 1) {
          if (last - start + 1 >= minLen) found.push([start, last]);
          start = j;
        }
        last = j;
      }
    }
    if (start >= 0 && last - start + 1 >= minLen) found.push([start, last]);
    const next: Segment[] = [];
    for (const [a, b] of found) {
      const o = open.find((s) => Math.min(s.to, b) - Math.max(s.from, a) > 0.5 * Math.min(s.to - s.from, b - a));
      if (o) {
        o.from = Math.min(o.from, a); o.to = Math.max(o.to, b);
        // several pieces of one pixel row (a broken or thinned rule) thicken the line once
        if (!next.includes(o)) {
          (o as Segment & { sum: number }).sum += i;
          o.thickness++;
          next.push(o);
        }
      } else {
        const s = { pos: i, from: a, to: b, thickness: 1, sum: i };
        out.push(s);
        next.push(s);
      }
    }
    open = next;
  }
  for (const s of out as Array<Segment & { sum?: number }>) { s.pos = (s.sum ?? s.pos) / s.thickness; delete s.sum; }
  return out;
}

export function findSegments(ink: Uint8Array, width: number, height: number): { h: Segment[]; v: Segment[] } {
  const minH = Math.max(40, Math.round(width * 0.03));
  const minV = Math.max(30, Math.round(height * 0.012));
  const h = runs(height, width, (y, x) => ink[y * width + x], minH, 2).filter((s) => s.thickness <= 14);
  const v = runs(width, height, (x, y) => ink[y * width + x], minV, 2).filter((s) => s.thickness <= 14);
  return { h, v };
}

function cluster(values: Array<{ pos: number; w: number }>, tol: number): number[] {
  const s = [...values].sort((a, b) => a.pos - b.pos);
  const groups: Array<Array<{ pos: number; w: number }>> = [];
  for (const v of s) {
    const g = groups[groups.length - 1];
    if (g && v.pos - g[g.length - 1].pos <= tol) g.push(v);
    else groups.push([v]);
  }
  return groups.map((g) => g.reduce((a, b) => a + b.pos * b.w, 0) / g.reduce((a, b) => a + b.w, 0));
}

const meets = (a: Segment, b: Segment, tol: number): boolean => b.pos >= a.from - tol && b.pos <= a.to + tol && a.pos >= b.from - tol && a.pos <= b.to + tol;

/** Share of positions along [from, to) of the band around `pos` (±half) that carry ink. */
function coverage(ink: Uint8Array, width: number, horizontal: boolean, pos: number, half: number, from: number, to: number): number {
  let hit = 0, n = 0;
  const p0 = Math.round(pos - half), p1 = Math.round(pos + half);
  for (let t = Math.round(from); t < Math.round(to); t++) {
    n++;
    for (let p = p0; p <= p1; p++) {
      const idx = horizontal ? p * width + t : t * width + p;
      if (p >= 0 && ink[idx]) { hit++; break; }
    }
  }
  return n ? hit / n : 0;
}

/** The ruled table grid of the page, or undefined when the page has no ruled table (fewer than 2×2 lines). */
export function findGrid(ink: Uint8Array, width: number, height: number): PixelGrid | undefined {
  const { h, v } = findSegments(ink, width, height);
  const tol = 6;
  const H = h.filter((a) => v.filter((b) => meets(a, b, tol)).length >= 2);
  const V = v.filter((b) => h.filter((a) => meets(a, b, tol)).length >= 2);
  if (H.length < 2 || V.length < 2) return undefined;
  const Y = cluster(H.map((s) => ({ pos: s.pos, w: s.to - s.from })), tol);
  const X = cluster(V.map((s) => ({ pos: s.pos, w: s.to - s.from })), tol);
  if (Y.length < 2 || X.length < 2) return undefined;
  const thick = [...H, ...V].map((s) => s.thickness).sort((a, b) => a - b);
  const line = thick[Math.floor(thick.length / 2)];
  const half = Math.max(2, line / 2 + 1);
  const nr = Y.length - 1, nc = X.length - 1;
  const inset = (a: number, b: number) => [a + (b - a) * 0.15, b - (b - a) * 0.15] as const;
  const vSep = (r: number, c: number) => { const [a, b] = inset(Y[r], Y[r + 1]); return coverage(ink, width, false, X[c], half, a, b) >= 0.75; };
  const hSep = (r: number, c: number) => { const [a, b] = inset(X[c], X[c + 1]); return coverage(ink, width, true, Y[r], half, a, b) >= 0.75; };
  const merged = mergeUnits(nr, nc, vSep, hSep);
  const cells: CellBox[] = merged.cells.map((b) => ({ ...b, x0: X[b.c0], y0: Y[b.r0], x1: X[b.c1 + 1], y1: Y[b.r1 + 1] }));
  const owner = merged.owner;
  return { X, Y, line, cells, owner };
}
