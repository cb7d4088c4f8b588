/**
 * Scans sent as image files: a JPEG photo-less scan, a PNG (with and without transparency) and a TIFF (8-bit, and
 * 1-bit WhiteIsZero in strips, multi-page) are wrapped as image-only PDFs and read by the OCR reader like scanned
 * PDFs; headers are checked before any decoding (an image bomb refused, a truncated file corrupt, a TIFF over the
 * page limit refused), and `extract()` says "no text" (the ingest path hands such files to the OCR step).
 */
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectType } from '#shared/extract/detect';
import { ExtractError, ExtractLimits } from '#shared/extract/model';
import { createOcrEngine, ocrExtractResult, ocrPdfPages, type OcrEngine } from '#shared/extract/ocr';
import { imageFilePdf, imageSize } from '#shared/extract/ocr/image-file';
import type { Gray } from '#shared/extract/ocr/image';
import { encodeGrayPng } from '#shared/extract/ocr/png';
import { pdfPageImages } from '#shared/extract/ocr/pdf-images';
import { pngToGray, Scanner, tiffOf, type ScanTable } from '#testkit/scan';

const TABLE: ScanTable = {
  widths: [12, 150, 40, 30, 30],
  header: [['STT', 'Nội dung nhiệm vụ', 'Thời hạn', 'Hoàn thành', 'Chưa hoàn thành']],
  rows: [
    ['1', 'Triển khai dịch vụ công trực tuyến toàn trình cấp phiếu lý lịch tư pháp', 'Tháng 12/2024', 'x', ''],
    ['2', 'Kết nối, chia sẻ dữ liệu dân cư với Cơ sở dữ liệu quốc gia về bảo hiểm', 'Năm 2025', '', 'x'],
  ],
};
const limits = { maxPages: 300, timeoutMs: 60_000 };

async function pagesOf(pdf: Uint8Array): Promise<Gray[]> {
  const out: Gray[] = [];
  for await (const p of pdfPageImages(pdf, limits)) if (p.image) out.push(p.image);
  return out;
}
const meanDiff = (a: Gray, b: Gray) => { let d = 0; for (let i = 0; i < a.data.length; i++) d += Math.abs(a.data[i] - b.data[i]); return d / a.data.length; };

/** An RGBA PNG: the grey page on RGB channels, fully opaque except a transparent band at the top (white paper). */
function rgbaPng(g: Gray): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < g.height; y++) {
    const row = Buffer.alloc(1 + g.width * 4);
    for (let x = 0; x < g.width; x++) {
      const v = g.data[y * g.width + x];
      row.set([y < 10 ? 0 : v, y < 10 ? 0 : v, y < 10 ? 0 : v, y < 10 ? 0 : 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const png = encodeGrayPng({ width: 1, height: 1, data: new Uint8Array([255]) });
  // reuse the encoder's chunk layout: IHDR colour type 6, then our own IDAT
  const ihdr = Buffer.from(png.subarray(8, 8 + 25));
  ihdr.writeUInt32BE(g.width, 8); ihdr.writeUInt32BE(g.height, 12); ihdr[16] = 8; ihdr[17] = 6;
  return withCrc([Buffer.from(png.subarray(0, 8)), ihdr, chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
function crc(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) { c ^= byte; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0); out.write(type, 4, 'latin1'); body.copy(out, 8);
  out.writeUInt32BE(crc(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}
function withCrc(parts: Buffer[]): Buffer {
  const ihdr = parts[1]!;
  ihdr.writeUInt32BE(crc(ihdr.subarray(4, 21)), 21);
  return Buffer.concat(parts);
}

describe('scans sent as image files', () => {
  let engine: OcrEngine;
  let jpeg: Buffer;
  let page: Gray;
  beforeAll(async () => {
    const scanner = await Scanner.open();
    try {
      jpeg = await scanner.shoot(TABLE, { skew: 0.5, noise: 0.0005, seed: 11, format: 'jpeg', quality: 70 });
      page = pngToGray(await scanner.shoot(TABLE, { skew: -0.4, seed: 12 }));
    } finally {
      await scanner.close();
    }
    engine = await createOcrEngine({ workers: 2 });
  }, 120_000);
  afterAll(async () => engine?.close());

  it('a JPEG and a 1-bit TIFF in strips are read like scanned PDFs', async () => {
    for (const bytes of [new Uint8Array(jpeg), tiffOf(page, { bilevel: true, rowsPerStrip: 64 })]) {
      const pdf = imageFilePdf(bytes, limits);
      const { pages, results } = await ocrPdfPages(pdf, { engine, limits });
      expect(pages).toBe(1);
      expect(results[0].dpi).toBeGreaterThanOrEqual(195);
      const rows = ocrExtractResult(results, pages).tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows);
      expect(rows.map((r) => [r.stt, r.statusMark, r.deadline])).toEqual([['1', 'completed', 'Tháng 12/2024'], ['2', 'not_completed', 'Năm 2025']]);
    }
  }, 90_000);

  it('PNG (grey, and RGBA over white paper) and 8-bit multi-page TIFF decode to the same page', async () => {
    const [grey] = await pagesOf(imageFilePdf(encodeGrayPng(page), limits));
    expect(meanDiff(grey!, page)).toBe(0);
    const [rgba] = await pagesOf(imageFilePdf(rgbaPng(page), limits));
    expect(rgba!.data.subarray(0, page.width * 10).every((v) => v === 255)).toBe(true); // transparent → paper
    expect(meanDiff({ ...rgba!, data: rgba!.data.subarray(page.width * 10) }, { ...page, data: page.data.subarray(page.width * 10) })).toBeLessThan(1);
    const tiffPages = await pagesOf(imageFilePdf(tiffOf(page, { pages: 3 }), limits));
    expect(tiffPages).toHaveLength(3);
    for (const t of tiffPages) expect(meanDiff(t, page)).toBe(0);
    expect(imageSize(encodeGrayPng(page))).toEqual({ width: page.width, height: page.height });
    expect(imageSize(new Uint8Array(jpeg))).toEqual({ width: page.width, height: page.height });
    expect(imageSize(tiffOf(page))).toEqual({ width: page.width, height: page.height });
  });

  it('refuses bombs, truncated files and too many TIFF pages before decoding', () => {
    const refuse = (bytes: Uint8Array, max = 300) => { try { imageFilePdf(bytes, { maxPages: max }); return 'read'; } catch (e) { return (e as ExtractError).code; } };
    // a PNG declaring 100000 × 100000 pixels (a few bytes of data)
    const bomb = Buffer.from(encodeGrayPng({ width: 8, height: 8, data: new Uint8Array(64).fill(255) }));
    bomb.writeUInt32BE(100_000, 16); bomb.writeUInt32BE(100_000, 20);
    expect(refuse(bomb)).toBe('too_large');
    // a JPEG whose frame header declares 65000 × 65000
    const big = Buffer.from(jpeg);
    const sof = big.findIndex((b, i) => b === 0xff && big[i + 1] === 0xc0);
    big.writeUInt16BE(65_000, sof + 5); big.writeUInt16BE(65_000, sof + 7);
    expect(refuse(big)).toBe('too_large');
    expect(refuse(new Uint8Array(jpeg.subarray(0, 40)))).toBe('corrupt');
    expect(refuse(new Uint8Array(encodeGrayPng(page).subarray(0, 30)))).toBe('corrupt');
    expect(refuse(tiffOf({ width: 8, height: 8, data: new Uint8Array(64).fill(255) }, { pages: 4 }), 3)).toBe('too_many_pages');
  });

  it('extract() says an image file has no text, and names the image format (the ingest path sends it to OCR)', () => {
    const l = ExtractLimits.parse({});
    for (const [bytes, name, format] of [[jpeg, 'scan.jpg', 'jpeg'], [encodeGrayPng(page), 'bao-cao.png', 'png'], [tiffOf(page), 'bao-cao.tif', 'tiff']] as const) {
      const err = (() => { try { detectType({ bytes: new Uint8Array(bytes), name }, l); } catch (e) { return e as ExtractError; } })();
      expect(err).toBeInstanceOf(ExtractError);
      expect([err!.code, err!.details.image]).toEqual(['no_text', format]);
    }
  });
});
