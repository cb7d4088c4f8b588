/**
 * Merged cells of a ruled grid, one rule for the PDF reader and the OCR reader: grid units joined by a missing
 * separator form one cell (the bounding rectangle of the joined units); the first rectangle to claim a unit keeps
 * it, and a unit of a non-rectangular merge left unclaimed becomes a cell of its own (left unowned it crashed the
 * reader: "reading 'r0'").
 */
export interface UnitRect { r0: number; c0: number; r1: number; c1: number }

/**
 * `vSep(r, c)`: the boundary left of column c (c ≥ 1) separates units in row r; `hSep(r, c)`: the boundary above
 * row r (r ≥ 1) separates units in column c. Returns the cells (rectangles, in row then column order of their
 * corner) and, per unit (r * nc + c), the index of the cell that owns it.
 */
export function mergeUnits(nr: number, nc: number, vSep: (r: number, c: number) => boolean, hSep: (r: number, c: number) => boolean): { cells: UnitRect[]; owner: Int32Array } {
  const parent = Array.from({ length: nr * nc }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) {
    if (c > 0 && !vSep(r, c)) parent[find(r * nc + c)] = find(r * nc + c - 1);
    if (r > 0 && !hSep(r, c)) parent[find(r * nc + c)] = find((r - 1) * nc + c);
  }
  const rects = new Map<number, UnitRect>();
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) {
    const k = find(r * nc + c);
    const b = rects.get(k);
    if (!b) rects.set(k, { r0: r, c0: c, r1: r, c1: c });
    else { b.r0 = Math.min(b.r0, r); b.c0 = Math.min(b.c0, c); b.r1 = Math.max(b.r1, r); b.c1 = Math.max(b.c1, c); }
  }
  const owner = new Int32Array(nr * nc).fill(-1);
  const cells: UnitRect[] = [];
  for (const b of [...rects.values()].sort((p, q) => p.r0 - q.r0 || p.c0 - q.c0)) {
    if (owner[b.r0 * nc + b.c0] >= 0) continue;
    const id = cells.length;
    cells.push(b);
    for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) if (owner[r * nc + c] < 0) owner[r * nc + c] = id;
  }
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) {
    if (owner[r * nc + c] >= 0) continue;
    owner[r * nc + c] = cells.length;
    cells.push({ r0: r, c0: c, r1: r, c1: c });
  }
  return { cells, owner };
}
