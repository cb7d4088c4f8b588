/** The pixel side of OCR (no engine): ruling lines, the grid with merged cells, skew found and undone. */
import { describe, expect, it } from 'vitest';
import { findGrid } from '#shared/extract/ocr/grid';
import { blank, estimateSkew, inkMask, quarterTurn, rotate, type Gray } from '#shared/extract/ocr/image';

function line(g: Gray, x0: number, y0: number, x1: number, y1: number, t = 3): void {
  for (let y = y0; y < y1 + (y0 === y1 ? t : 0); y++) for (let x = x0; x < x1 + (x0 === x1 ? t : 0); x++) g.data[y * g.width + x] = 0;
}

/** A 4-column, 4-row table; the header's last two columns merged ("Kết quả" over two mark columns), a blob of
 * "text" in a few cells. */
function table(): Gray {
  const g = blank(1200, 800);
  const X = [100, 200, 700, 850, 1000], Y = [100, 160, 220, 320, 420];
  for (const y of Y) line(g, X[0], y, X[4] + 3, y);
  for (const [i, x] of X.entries()) line(g, x, i === 4 ? Y[0] : Y[0], x, Y[4] + 3);
  // erase the vertical between columns 3 and 4 in the header row (a merged header cell)
  for (let y = Y[0] + 4; y < Y[1]; y++) for (let x = X[3]; x < X[3] + 3; x++) g.data[y * g.width + x] = 255;
  for (let y = 250; y < 280; y++) for (let x = 230; x < 600; x++) if ((x >> 3) % 2 === 0) g.data[y * g.width + x] = 30;
  return g;
}

describe('OCR pixel grid', () => {
  it('finds the rows, the columns and a merged header cell', () => {
    const g = table();
    const grid = findGrid(inkMask(g), g.width, g.height)!;
    expect(grid).toBeDefined();
    expect(grid.X.map(Math.round)).toEqual([101, 201, 701, 851, 1001]);
    expect(grid.Y.map(Math.round)).toEqual([101, 161, 221, 321, 421]);
    const nc = grid.X.length - 1;
    // header row: columns 2 and 3 are one cell
    expect(grid.owner[2]).toBe(grid.owner[3]);
    expect(grid.owner[nc + 2]).not.toBe(grid.owner[nc + 3]);
    expect(grid.cells).toHaveLength(4 * 4 - 1);
    const merged = grid.cells[grid.owner[2]];
    expect([merged.c0, merged.c1, merged.r0, merged.r1]).toEqual([2, 3, 0, 0]);
  });

  it('measures a skew and turning it back restores the grid', () => {
    const g = rotate(table(), 1.2);
    const skew = estimateSkew(inkMask(g), g.width, g.height);
    expect(Math.abs(skew - 1.2)).toBeLessThanOrEqual(0.1);
    const back = rotate(g, -skew);
    const grid = findGrid(inkMask(back), back.width, back.height)!;
    expect(grid.X).toHaveLength(5);
    expect(grid.Y).toHaveLength(5);
  });

  it('a page without ruling lines has no grid; quarter turns are exact', () => {
    const g = blank(300, 200);
    line(g, 10, 10, 60, 10);
    expect(findGrid(inkMask(g), g.width, g.height)).toBeUndefined();
    const t = quarterTurn(g, 1);
    expect([t.width, t.height]).toEqual([200, 300]);
    expect(quarterTurn(quarterTurn(t, 2), 1).data).toEqual(g.data);
  });
});
