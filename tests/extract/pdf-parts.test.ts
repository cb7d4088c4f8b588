/**
 * The small pieces of the PDF reader: ruling lines from operator lists, line joining, column clustering,
 * grid merges, page joining.
 */
import { describe, expect, it } from 'vitest';
import { getResolvedPDFJS } from 'unpdf';
import { readRules, mergeRules, type Rule } from '#shared/extract/pdf/rules';
import { joinWrapped, cellText } from '#shared/extract/pdf/lines';
import { columnBoundaries } from '#shared/extract/pdf/columns';
import { buildGrid, groupRules } from '#shared/extract/pdf/grid';
import { alignColumns, joinPages } from '#shared/extract/pdf/pages';
import type { Matrix, TextItem } from '#shared/extract/pdf/items';
import type { PageTable } from '#shared/extract/pdf/grid';

const item = (str: string, x0: number, base: number, size = 9, w = str.length * size * 0.5): TextItem => ({
  str, x0, x1: x0 + w, base, top: base - 0.8 * size, bottom: base + 0.2 * size, size, font: 'f',
});

const H = 600;
/** PDF user space (origin bottom-left) → viewport (origin top-left), as page.getViewport() gives for an unrotated page */
const VIEWPORT: Matrix = [1, 0, 0, -1, 0, H];

describe('readRules', () => {
  it('reads stroked segments and rectangles, thin filled rectangles, and applies the CTM', async () => {
    const { OPS } = await getResolvedPDFJS();
    const path = (...xs: number[]) => [new Float32Array(xs)];
    const fnArray: number[] = [];
    const argsArray: unknown[] = [];
    const op = (fn: number, args: unknown = null) => { fnArray.push(fn); argsArray.push(args); };
    // a stroked horizontal segment in plain user space: y = 500 → viewport y = 100
    op(OPS.constructPath, [OPS.stroke, path(0, 50, 500, 1, 350, 500), null]);
    // under a Word-like flip transform, a thin filled rectangle (0.5 pt high) at "y = 200" from the top
    op(OPS.save);
    op(OPS.transform, [1, 0, 0, -1, 0, H]);
    op(OPS.constructPath, [OPS.fill, path(0, 50, 200, 1, 350, 200, 1, 350, 200.5, 1, 50, 200.5, 4), null]);
    // a wide filled rectangle is shading, not a rule
    op(OPS.constructPath, [OPS.fill, path(0, 50, 300, 1, 350, 300, 1, 350, 340, 1, 50, 340, 4), null]);
    op(OPS.restore);
    // after restore the flip is gone: a stroked rectangle gives four edges
    op(OPS.constructPath, [OPS.stroke, path(0, 100, 100, 1, 200, 100, 1, 200, 150, 1, 100, 150, 4), null]);
    // a clipping path (endPath) and a curve draw no rule
    op(OPS.constructPath, [OPS.endPath, path(0, 0, 0, 1, 600, 0), null]);
    op(OPS.constructPath, [OPS.stroke, path(0, 10, 10, 2, 20, 20, 30, 20, 40, 10), null]);
    const rules = readRules({ fnArray, argsArray }, OPS, VIEWPORT);
    const round = (r: Rule) => ({ ...r, pos: Math.round(r.pos * 10) / 10, from: Math.round(r.from), to: Math.round(r.to) });
    expect(rules.map(round)).toEqual([
      { dir: 'h', pos: 100, from: 50, to: 350, kind: 'stroked' },
      { dir: 'h', pos: 200.3, from: 50, to: 350, kind: 'filled' },
      { dir: 'h', pos: 500, from: 100, to: 200, kind: 'stroked' },
      { dir: 'v', pos: 200, from: 450, to: 500, kind: 'stroked' },
      { dir: 'h', pos: 450, from: 100, to: 200, kind: 'stroked' },
      { dir: 'v', pos: 100, from: 450, to: 500, kind: 'stroked' },
    ]);
  });

  it('mergeRules joins collinear pieces (Word draws one rectangle per cell edge)', () => {
    const pieces: Rule[] = [
      { dir: 'h', pos: 100, from: 40, to: 71, kind: 'filled' },
      { dir: 'h', pos: 100.2, from: 71, to: 303, kind: 'filled' },
      { dir: 'h', pos: 100, from: 303, to: 400, kind: 'filled' },
      { dir: 'h', pos: 100, from: 500, to: 600, kind: 'filled' }, // a gap: a separate rule
      { dir: 'v', pos: 40, from: 100, to: 150, kind: 'filled' },
      { dir: 'v', pos: 40.1, from: 150, to: 200, kind: 'filled' },
    ];
    const merged = mergeRules(pieces);
    expect(merged.filter((r) => r.dir === 'h').map((r) => [r.from, r.to])).toEqual([[40, 400], [500, 600]]);
    expect(merged.filter((r) => r.dir === 'v').map((r) => [r.from, r.to])).toEqual([[100, 200]]);
  });

  it('groupRules keeps a title underline apart from the table and a partial header rule inside it', () => {
    const rules: Rule[] = [
      { dir: 'h', pos: 30, from: 350, to: 450, kind: 'stroked' }, // underline under a heading
      { dir: 'h', pos: 100, from: 40, to: 800, kind: 'stroked' },
      { dir: 'h', pos: 115, from: 550, to: 700, kind: 'stroked' }, // under a merged "Kết quả"
      { dir: 'h', pos: 140, from: 40, to: 800, kind: 'stroked' },
      { dir: 'h', pos: 200, from: 40, to: 800, kind: 'stroked' },
    ];
    const groups = groupRules(rules);
    expect(groups).toHaveLength(2);
    expect(groups[1].rules).toHaveLength(4);
    expect(groups[0].rules).toHaveLength(1);
  });
});

describe('cell text', () => {
  it('joins wrapped lines with a space; a hyphen or slash ending a word joins without one', () => {
    expect(joinWrapped(['Rà soát, bổ sung các', 'điều kiện'])).toBe('Rà soát, bổ sung các điều kiện');
    expect(joinWrapped(['Nghị định số 107/2021/NĐ-', 'CP'])).toBe('Nghị định số 107/2021/NĐ-CP');
    expect(joinWrapped(['01/01/2024-', '31/12/', '2025'])).toBe('01/01/2024-31/12/2025');
    expect(joinWrapped(['kinh tế -', 'xã hội'])).toBe('kinh tế - xã hội');
    expect(joinWrapped(['ST', 'T'])).toBe('STT');
    expect(joinWrapped(['Bộ GD', 'ĐT'])).toBe('Bộ GD ĐT');
  });

  it('cellText: NFC text from items in reading order, raw lines kept', () => {
    const decomposed = 'Tha\u0300nh'; // "Thành" typed with a combining grave
    const c = cellText([item('phố', 100, 30), item(decomposed, 100, 18), item('Huế', 130, 30)]);
    expect(c.text).toBe('Thành phố Huế');
    expect(c.raw).toBe(`${decomposed}\nphố Huế`);
  });
});

describe('columnBoundaries', () => {
  it('finds columns from left edges across lines; a spanning section title does not erase a separator', () => {
    const items: TextItem[] = [];
    for (let r = 0; r < 12; r++) {
      const y = 100 + r * 12;
      items.push(item(String(r + 1), 40, y, 9, 6));
      items.push(item('nội dung nhiệm vụ dài', 70, y, 9, 200));
      if (r % 3 === 0) items.push(item('Bộ Nội vụ', 290, y, 9, 45));
      items.push(item('Tháng 6/2024', 360, y, 9, 55));
    }
    items.push(item('NHIỆM VỤ CHUNG CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG VÀ CÁC ĐƠN VỊ', 70, 260, 9, 330)); // spans 3 columns
    const X = columnBoundaries(items, 35, 420);
    expect(X).toHaveLength(5);
    expect(X[1]).toBeGreaterThan(46);
    expect(X[1]).toBeLessThan(70);
    expect(X[2]).toBeGreaterThan(270);
    expect(X[2]).toBeLessThan(290);
    expect(X[3]).toBeGreaterThan(335);
    expect(X[3]).toBeLessThan(360);
  });
});

describe('buildGrid', () => {
  it('units without a separator become one cell, covered positions repeat the master with the span direction', () => {
    const X = [0, 50, 100, 150];
    const Y = [0, 20, 40];
    const items = [item('A', 5, 12), item('B', 55, 12), item('C', 5, 32), item('D', 55, 32)];
    // row 0: columns 1 and 2 merged; column 0: rows 0 and 1 merged
    const { grid } = buildGrid(X, Y, items, (r, c) => !(r === 0 && c === 2), (r, c) => !(r === 1 && c === 0));
    expect(grid.map((r) => r.map((c) => (c.covered ? `^${c.span}` : c.text)))).toEqual([
      ['A C', 'B', '^col'],
      ['^row', 'D', ''],
    ]);
  });
});

describe('joinPages', () => {
  const cell = (text: string) => ({ text, raw: text });
  const table = (page: number, rows: string[][], cols = [40, 70, 300, 400]): PageTable => ({
    page, ruling: 'stroked', box: { x0: 40, y0: 50, x1: 400, y1: 500 }, cols, grid: rows.map((r) => r.map(cell)), used: new Set(),
  });

  it('continues a table onto the next page, drops the repeated header, keeps the split row with its page', () => {
    const p1 = table(1, [['STT', 'Nội dung', 'Thời hạn'], ['1', 'Việc một', '2024'], ['2', 'Việc hai dòng đầu', '2025']]);
    const p2 = table(2, [['STT', 'Nội dung', 'Thời hạn'], ['', 'dòng cuối', ''], ['3', 'Việc ba', '2026']]);
    const [t, ...rest] = joinPages([
      { table: p1, firstOnPage: false, lastOnPage: true },
      { table: p2, firstOnPage: true, lastOnPage: true },
    ]);
    expect(rest).toEqual([]);
    expect(t.grid.map((r) => r[0].text)).toEqual(['STT', '1', '2', '', '3']);
    expect(t.sources).toEqual([{ page: 1, row: 1 }, { page: 1, row: 2 }, { page: 1, row: 3 }, { page: 2, row: 2 }, { page: 2, row: 3 }]);
  });

  it('keeps tables apart when something else stands between them or the columns differ', () => {
    const p1 = table(1, [['STT', 'Nội dung', 'Thời hạn'], ['1', 'Việc một', '2024']]);
    const p2 = table(2, [['a', 'b'], ['c', 'd']], [40, 100, 400]);
    expect(joinPages([{ table: p1, firstOnPage: false, lastOnPage: true }, { table: p2, firstOnPage: true, lastOnPage: true }])).toHaveLength(2);
    const p3 = table(2, [['4', 'Việc bốn', '2027']]);
    expect(joinPages([{ table: p1, firstOnPage: false, lastOnPage: false }, { table: p3, firstOnPage: true, lastOnPage: true }])).toHaveLength(2);
  });

  it('alignColumns maps columns by their centres within a tolerance', () => {
    expect(alignColumns([40, 70, 300, 400], [41, 69, 301, 399])).toEqual([0, 1, 2]);
    expect(alignColumns([40, 70, 300, 400], [40, 200, 400])).toBeUndefined();
  });
});
