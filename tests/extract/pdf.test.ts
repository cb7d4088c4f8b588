/**
 * The PDF reader against real agency reports (tests/fixtures/reports) and generated reports of the three ruling
 * kinds (tests/fixtures/pdf, see generate.ts): rows and content cells against gold, ruling kind, merged cells,
 * page-split rows, repeated headers, provenance, titles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtractLimits, type RawTable } from '#shared/extract/model';
import { readPdf } from '#shared/extract/pdf';
import { headerKey } from '#shared/domain/vietnamese';
import { score, taskRows, type Gold } from '../fixtures/pdf/score';
import { reportPdf } from '../fixtures/pdf/generate';

const limits = ExtractLimits.parse({});
const REPORTS = join(__dirname, '../fixtures/reports');
const GENERATED = join(__dirname, '../fixtures/pdf');

const cases: Array<{ file: string; dir: string; ruling: RawTable['ruling'] }> = [
  { file: 'bhxh', dir: REPORTS, ruling: 'stroked' },
  { file: 'ubnd-hue', dir: REPORTS, ruling: 'stroked' },
  { file: 'bo-noi-vu', dir: REPORTS, ruling: 'filled' },
  { file: 'bo-cong-thuong', dir: REPORTS, ruling: 'none' },
  { file: 'stroked', dir: GENERATED, ruling: 'stroked' },
  { file: 'filled', dir: GENERATED, ruling: 'filled' },
  { file: 'none', dir: GENERATED, ruling: 'none' },
];

const read = async (dir: string, file: string) => readPdf(new Uint8Array(readFileSync(join(dir, `${file}.pdf`))), limits);
const gold = (dir: string, file: string): Gold => JSON.parse(readFileSync(join(dir, `${file}.gold.json`), 'utf8')) as Gold;

describe('readPdf on reports with gold', () => {
  for (const c of cases) {
    it(`${c.file}.pdf: one ${c.ruling} table, every gold row with its content as written`, async () => {
      const res = await read(c.dir, c.file);
      expect(res.tables).toHaveLength(1);
      const [t] = res.tables;
      expect(t.ruling).toBe(c.ruling);
      expect(t.index).toBe(0);
      expect(t.title).toMatch(/^PHỤ LỤC 01\b/);
      expect(t.sources).toHaveLength(t.grid.length);
      // every grid row is as wide as the first; provenance has the page and the row on that page
      for (const row of t.grid) expect(row).toHaveLength(t.grid[0].length);
      for (const s of t.sources) {
        expect(s.page).toBeGreaterThanOrEqual(1);
        expect(s.page).toBeLessThanOrEqual(res.pages);
        expect(s.row).toBeGreaterThanOrEqual(1);
      }
      const s = score(res.tables, gold(c.dir, c.file));
      expect(s.misses).toEqual([]);
      expect(s.recall).toBe(1);
      expect(s.precision).toBe(1);
      expect(s.exactShare).toBe(1);
    });
  }
});

describe('readPdf table structure', () => {
  it('keeps a two-row merged header as merges (stroked and filled ruling)', async () => {
    for (const file of ['stroked', 'filled']) {
      const [t] = (await read(GENERATED, file)).tables;
      const [h1, h2] = t.grid;
      const result = h1.findIndex((c) => c.text === 'Kết quả');
      expect(result).toBeGreaterThan(0);
      expect(h1[result + 1]).toMatchObject({ text: 'Kết quả', covered: true, span: 'col' });
      expect(h1[result + 2]).toMatchObject({ text: 'Kết quả', covered: true, span: 'col' });
      expect(h2.slice(result, result + 3).map((c) => c.text)).toEqual(['Hoàn thành', 'Chưa hoàn thành', 'Thực hiện thường xuyên']);
      expect(h2[0]).toMatchObject({ text: 'STT', covered: true, span: 'row' });
      expect(h2[1]).toMatchObject({ text: 'Nội dung nhiệm vụ', covered: true, span: 'row' });
    }
  });

  it('splits a borderless two-row header into two grid rows', async () => {
    const [t] = (await read(GENERATED, 'none')).tables;
    expect(t.grid[0].slice(0, 4).map((c) => c.text)).toEqual(['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn hoàn thành']);
    expect(t.grid[1].map((c) => c.text)).toContain('Chưa hoàn thành');
    expect(t.grid[1][0].text).toBe('');
  });

  it('section rows: a merged cell across the row, or an overflowing title in a borderless table', async () => {
    for (const file of ['stroked', 'filled', 'none']) {
      const [t] = (await read(GENERATED, file)).tables;
      const b = t.grid.find((r) => r[0].text === 'B')!;
      expect(b[1].text).toBe('NHIỆM VỤ CỤ THỂ CỦA CÁC BỘ, NGÀNH VÀ ĐỊA PHƯƠNG THEO CHỈ THỊ SỐ 04/CT-TTg NGÀY 11/3/2024');
      expect(b[2]).toMatchObject({ covered: true, span: 'col', text: b[1].text });
    }
  });

  it('joins a table over a page break: header dropped once repeated, the split row kept as its own row with its page', async () => {
    for (const file of ['stroked', 'filled', 'none']) {
      const res = await read(GENERATED, file);
      const [t] = res.tables;
      expect(res.pages).toBe(2);
      expect(t.grid.filter((r) => r[0].text === 'STT' && !r[0].covered)).toHaveLength(1);
      const k = t.grid.findIndex((r, i) => i > 2 && r[0].text === '' && r[1].text !== '');
      expect(k).toBeGreaterThan(0);
      expect(t.sources[k].page).toBe(2);
      expect(t.sources[k - 1].page).toBe(1);
      // rows are numbered per page: the split row is the first after the two header rows of page 2
      expect(t.sources[k].row).toBe(3);
      // the split row continues the row above it: joined, the content is the gold text
      const rows = taskRows(res.tables);
      const g = gold(GENERATED, file).rows;
      const split = rows.find((r) => r.pages.length > 1)!;
      expect(split.pages).toEqual([1, 2]);
      expect(g.map((x) => x.content)).toContain(split.content);
    }
  });

  it('real reports: the page-split rows of bhxh/ubnd-hue/bo-cong-thuong come as rows with an empty STT on the next page', async () => {
    for (const file of ['bhxh', 'ubnd-hue', 'bo-cong-thuong']) {
      const [t] = (await read(REPORTS, file)).tables;
      const cont = t.grid.map((r, i) => ({ r, i })).filter(({ r, i }) => i > 1 && r[0].text === '' && !r[0].covered && r.some((c) => c.text));
      expect(cont.length).toBeGreaterThan(0);
      for (const { i } of cont) expect(t.sources[i].page).toBeGreaterThan(t.sources[i - 1].page!);
    }
  });

  it('joins wrapped lines with a space, and without one after a line-end hyphen or slash', async () => {
    const [t] = (await read(GENERATED, 'stroked')).tables;
    const cells = t.grid.flatMap((r) => r.filter((c) => !c.covered));
    const range = cells.find((c) => c.text === '01/01/2024-31/12/2025');
    expect(range).toBeDefined();
    expect(range!.raw).toContain('\n'); // it was wrapped in the PDF
    expect(range!.raw.split('\n')[0]).toMatch(/[-/]$/);
    const header = cells.find((c) => headerKey(c.text) === 'thoi han hoan thanh')!;
    expect(header.raw.split('\n').length).toBeGreaterThan(1);
    expect(header.text).toBe('Thời hạn hoàn thành');
  });

  it('borderless rows with little spacing (2 pt above and below the text) still split right, across pages too', async () => {
    let doc = await reportPdf({ ruling: 'none', rows: 30, vpad: 2 });
    for (let offset = 7; doc.splitRows === 0 && offset < 200; offset += 7) doc = await reportPdf({ ruling: 'none', rows: 30, vpad: 2, offset });
    expect(doc.splitRows).toBeGreaterThan(0);
    const res = await readPdf(doc.bytes, limits);
    expect(res.tables).toHaveLength(1);
    const s = score(res.tables, { rows: doc.gold });
    expect(s.misses).toEqual([]);
    expect(s.found).toBe(doc.gold.length);
  });

  it('a header word broken by a narrow column ("ST" / "T") is read as one word', async () => {
    const [t] = (await read(REPORTS, 'ubnd-hue')).tables;
    expect(t.grid[0][0]).toMatchObject({ text: 'STT', raw: 'ST\nT' });
  });

  it('does not detach or change the caller\'s bytes', async () => {
    const bytes = new Uint8Array(readFileSync(join(REPORTS, 'bo-noi-vu.pdf')));
    const copy = bytes.slice();
    await readPdf(bytes, limits);
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(copy))).toBe(0);
  });
});
