/**
 * PDF tables as other people's software writes them (#14): each kind from testkit/pdf-kinds.ts read back cell by
 * cell; combining marks, soft hyphens and non-breaking spaces; a non-rectangular merge; our own exceptions
 * reported as 'internal' with the step named, never as 'no_text'.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ExtractError, ExtractLimits } from '#shared/extract/model';
import { internalError, PdfStepError, readPdf } from '#shared/extract/pdf';
import { buildGrid } from '#shared/extract/pdf/grid';
import { cellText, lineText } from '#shared/extract/pdf/lines';
import type { TextItem } from '#shared/extract/pdf/items';
import { kindsFont, pdfKinds, scoreKind, type KindFixture } from '#testkit/pdf-kinds';

const limits = ExtractLimits.parse({});
const item = (str: string, x0: number, base = 100, size = 10, w = str.length * size * 0.5): TextItem => ({
  str, x0, x1: x0 + w, base, top: base - 0.8 * size, bottom: base + 0.2 * size, size, font: 'f',
});

describe('line text: combining marks, soft hyphens, non-breaking spaces', () => {
  it('joins a mark drawn on its own to the letter under it, before spacing is decided', () => {
    // "phương a" then an acute drawn over the "a", then "n": no space anywhere inside "án"
    const a = item('phương a', 0, 100, 10, 40);
    const acute = item('\u0301', 36.5, 100, 10, 0);
    const n = item('n ', 40, 100, 10, 8);
    expect(lineText([a, acute, n]).normalize('NFC')).toBe('phương án ');
    // a zero-width mark at the pen after its letter, and the next run starting right there
    const ngh = item('Nghi', 0, 100, 10, 20);
    const dot = item('\u0323', 20, 100, 10, 0);
    const q = item(' quyết', 20, 100, 10, 30);
    expect(lineText([q, dot, ngh]).normalize('NFC')).toBe('Nghị quyết');
    // a space read right before a mark inside one run
    expect(lineText([item('đáp u \u031B\u0301ng', 0)]).normalize('NFC')).toBe('đáp ứng');
  });

  it('NFD and NFC text read the same; soft hyphens and non-breaking spaces', () => {
    const nfd = 'Xây dựng phương án đáp ứng Nghị quyết'.normalize('NFD');
    expect(cellText([item(nfd, 0)]).text).toBe('Xây dựng phương án đáp ứng Nghị quyết');
    expect(cellText([item('chuyển đổi số quốc\u00AD', 0, 100), item('gia', 0, 112)]).text).toBe('chuyển đổi số quốcgia');
    expect(cellText([item('Trung tâm dữ\u00ADliệu', 0)]).text).toBe('Trung tâm dữliệu');
    expect(cellText([item('Bộ\u00A0Công\u202Fan', 0)]).text).toBe('Bộ Công an');
    // the raw text is kept as read
    expect(cellText([item(nfd, 0)]).raw).toBe(nfd);
  });
});

describe('grid builder', () => {
  it('a merge that is not a rectangle does not crash the grid (it used to: "reading \'r0\'")', () => {
    // units (0,0),(1,0),(1,1) joined (an L), and (0,1),(0,2) joined: the second loses its corner to the first
    const X = [0, 10, 20, 30];
    const Y = [0, 10, 20];
    const vSep = (r: number, c: number) => !((r === 1 && c === 1) || (r === 0 && c === 2));
    const hSep = (r: number, c: number) => !(r === 1 && c === 0);
    const items = [item('a', 1, 6, 4, 2), item('b', 21, 6, 4, 2), item('c', 21, 16, 4, 2)];
    const { grid } = buildGrid(X, Y, items, vSep, hSep);
    expect(grid.flat().map((c) => c.text)).toContain('b');
    expect(grid.flat().map((c) => c.text)).toContain('c');
  });

  it("an exception in a reader step is an 'internal' ExtractError naming the step and page", () => {
    const e = internalError(new PdfStepError('grid', 3, new TypeError("Cannot read properties of undefined (reading 'r0')")));
    expect(e).toBeInstanceOf(ExtractError);
    expect(e.code).toBe('internal');
    expect(e.details).toEqual({ step: 'grid', page: 3, error: 'TypeError' });
    expect(e.message).toMatch(/grid.*page 3/);
    expect(e.messageVi).toMatch(/trang 3/);
  });
});

describe.skipIf(!kindsFont())('PDF kinds, cell by cell', () => {
  let kinds: KindFixture[] = [];
  beforeAll(async () => { kinds = await pdfKinds(); }, 60_000);
  const kind = (name: string) => kinds.find((k) => k.name === name)!;

  it('a table over two landscape (/Rotate 90) pages of a portrait report is one table, header once', async () => {
    const fx = kind('mixed');
    const read = await readPdf(fx.bytes, limits);
    expect(read.pages).toBe(4);
    expect(read.tables).toHaveLength(1);
    expect(new Set(read.tables[0]!.sources.map((s) => s.page))).toEqual(new Set([2, 3]));
    expect(read.tables[0]!.grid.filter((r) => r[0]!.text === 'STT')).toHaveLength(1);
  });

  it('stacked tables are separate tables, each with its own title', async () => {
    const read = await readPdf(kind('stacked').bytes, limits);
    expect(read.tables.map((t) => t.title)).toEqual(['Bảng 1. Nhiệm vụ đã hoàn thành', 'Bảng 2. Nhiệm vụ đang thực hiện', 'Bảng 3. Nhiệm vụ giao bổ sung theo Thông báo số 12/TB-TCT']);
  });

  for (const name of ['nfd', 'rotate90', 'rotate270', 'rotated-text', 'rotated-text-down', 'frame-h', 'frame-v', 'frame', 'stacked', 'borderless', 'borderless-tight', 'borderless-centred', 'borderless-spaced', 'mixed', 'stacked-filled', 'rotate90-filled', 'frame-h-filled', 'frame-v-filled', 'stats-lines', 'legend-notes', 'frame-lines', 'above-below', 'open-header', 'halves', 'stacked-above-below', 'two-columns-above-below']) {
    it(`${name}: every row and cell, and the title`, async () => {
      const fx = kind(name);
      const read = await readPdf(fx.bytes, limits);
      const s = scoreKind(fx, read.tables);
      expect(s.found).toBe(s.rows);
      expect(s.exact).toBe(s.cells);
      expect(s.titlesRight).toBe(s.titles);
      expect(s.extracted).toBe(s.rows); // no paragraph read as a row, no table read twice
    });
  }
});
