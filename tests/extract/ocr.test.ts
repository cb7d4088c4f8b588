/**
 * OCR of one synthetic scanned page (Chromium-rendered table at 200 dpi, 1° skew, speckles, a stamp and a
 * signature, JPEG q60 in an image-only PDF) with the Vietnamese model: every row found, STT, marks and deadlines
 * exact, content near-exact, the lines above the table read as its title (the report's date comes from it), and
 * the understood rows carry their OCR confidence and box.
 * A page scanned sideways (the sheet turned 90°) is turned upright before its grid is read; a 1-bit page (1 bpc,
 * as bilevel scanners write) is read the same.
 * Heavier runs (many pages, upside down, borderless) are in `npm run bench:ocr`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, type OcrEngine } from '#shared/extract/ocr/engine';
import { ocrExtractResult, ocrPdfPages } from '#shared/extract/ocr';
import { reportDateOf } from '#shared/understand/report-date';
import { charAccuracy } from '#testkit/ocr-score';
import { bilevelPdf, imagePdf, pngToGray, Scanner, type ScanTable } from '#testkit/scan';

const TITLE = 'PHỤ LỤC 01 (Kèm theo Báo cáo số 199/BC-BTP ngày 14/6/2024 của Bộ Tư pháp)';
const TABLE: ScanTable = {
  title: TITLE,
  widths: [12, 120, 45, 35, 25, 25],
  header: [['STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn', { text: 'Kết quả', colspan: 2 }], ['', '', '', '', 'Hoàn thành', 'Chưa hoàn thành']],
  rows: [
    ['1', 'Triển khai dịch vụ công trực tuyến toàn trình cấp phiếu lý lịch tư pháp', 'Bộ Tư pháp', 'Tháng 12/2024', 'x', ''],
    ['2', 'Kết nối, chia sẻ dữ liệu dân cư với Cơ sở dữ liệu quốc gia về bảo hiểm', 'Bảo hiểm xã hội Việt Nam', 'Năm 2025', '', 'x'],
    ['3', 'Hoàn thiện thể chế, chính sách về định danh và xác thực điện tử', 'Bộ Công an', 'Quý IV/2025', 'x', ''],
  ],
};

describe('OCR of a scanned page', () => {
  let engine: OcrEngine;
  let pdf: Uint8Array;
  let sideways: Uint8Array;
  let bilevel: Uint8Array;
  beforeAll(async () => {
    const scanner = await Scanner.open();
    try {
      pdf = await imagePdf([await scanner.shoot(TABLE, { skew: 1, noise: 0.0008, stamp: true, signature: true, seed: 7, format: 'jpeg', quality: 60 })]);
      sideways = await imagePdf([await scanner.shoot(TABLE, { turn: 90, skew: -0.7, noise: 0.0005, seed: 8, format: 'jpeg', quality: 60 })]);
      bilevel = bilevelPdf([pngToGray(await scanner.shoot(TABLE, { skew: 0.5, noise: 0.0005, seed: 9 }))]);
    } finally {
      await scanner.close();
    }
    engine = await createOcrEngine({ workers: 2 });
  }, 120_000);
  afterAll(async () => engine?.close());

  it('reads every row and cell of the ruled table', async () => {
    const { pages, results } = await ocrPdfPages(pdf, { engine, limits: { maxPages: 300, timeoutMs: 60_000 } });
    expect(pages).toBe(1);
    const [res] = results;
    expect(res.dpi).toBeGreaterThanOrEqual(195);
    expect(Math.abs(res.skew - 1)).toBeLessThanOrEqual(0.15);
    const grid = res.table!.grid;
    expect(grid).toHaveLength(2 + TABLE.rows.length);
    expect(grid[0][4].text).toBe('Kết quả');
    expect(grid[0][5].covered).toBe(true);
    grid.slice(2).forEach((row, i) => {
      const want = TABLE.rows[i];
      expect(row.map((c) => c.text).filter((_, c) => c !== 1 && c !== 2)).toEqual(want.filter((_, c) => c !== 1 && c !== 2));
      expect(charAccuracy(row[1].text, want[1])).toBeGreaterThanOrEqual(0.95);
      expect(charAccuracy(row[2].text, want[2])).toBeGreaterThanOrEqual(0.9);
    });

    const result = ocrExtractResult(results, pages);
    const title = result.tables.find((t) => t.kind === 'tasks')!.title ?? '';
    expect(charAccuracy(title.slice(0, TITLE.length + 5), TITLE)).toBeGreaterThanOrEqual(0.95);
    expect(reportDateOf(result, '2024-07-01')).toBe('2024-06-14');
    const rows = result.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows);
    expect(rows.map((r) => [r.stt, r.statusMark, r.deadline])).toEqual([
      ['1', 'completed', 'Tháng 12/2024'], ['2', 'not_completed', 'Năm 2025'], ['3', 'completed', 'Quý IV/2025'],
    ]);
    for (const r of rows) {
      expect(r.source.page).toBe(1);
      expect(r.source.ocr!.confidence).toBeGreaterThan(0);
      expect(r.source.ocr!.box.y1).toBeGreaterThan(r.source.ocr!.box.y0);
    }
  }, 60_000);

  it('turns a page scanned sideways upright, then reads it like any other', async () => {
    const { results } = await ocrPdfPages(sideways, { engine, limits: { maxPages: 300, timeoutMs: 60_000 } });
    const [res] = results;
    // the sheet was turned 90° clockwise: three more quarter turns make it upright
    expect(res.turns).toBe(3);
    expect(Math.abs(res.skew + 0.7)).toBeLessThanOrEqual(0.15);
    const rows = ocrExtractResult(results, 1).tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows);
    expect(rows.map((r) => [r.stt, r.statusMark, r.deadline])).toEqual([
      ['1', 'completed', 'Tháng 12/2024'], ['2', 'not_completed', 'Năm 2025'], ['3', 'completed', 'Quý IV/2025'],
    ]);
    rows.forEach((r, i) => expect(charAccuracy(r.content ?? '', TABLE.rows[i][1])).toBeGreaterThanOrEqual(0.95));
    // boxes are on the upright page (landscape A4: 842 × 595 pt)
    for (const r of rows) expect(r.source.ocr!.box.x1).toBeGreaterThan(600);
  }, 60_000);

  it('reads a 1-bit scan', async () => {
    const { results } = await ocrPdfPages(bilevel, { engine, limits: { maxPages: 300, timeoutMs: 60_000 } });
    expect(results[0].dpi).toBeGreaterThanOrEqual(195);
    const rows = ocrExtractResult(results, 1).tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows);
    expect(rows.map((r) => [r.stt, r.statusMark, r.deadline])).toEqual([
      ['1', 'completed', 'Tháng 12/2024'], ['2', 'not_completed', 'Năm 2025'], ['3', 'completed', 'Quý IV/2025'],
    ]);
    rows.forEach((r, i) => expect(charAccuracy(r.content ?? '', TABLE.rows[i][1])).toBeGreaterThanOrEqual(0.95));
  }, 60_000);
});
