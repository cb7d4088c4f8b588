/**
 * Broken scans fail safely before any OCR: an image bomb (huge declared size) is dropped undecoded, a 0-byte or
 * garbage image stream leaves its page unread with a warning, a scan over the page limit is refused on opening.
 * The engine is never reached on these pages (it throws if it is).
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ExtractError } from '#shared/extract/model';
import { ocrPdfPages, type OcrEngine } from '#shared/extract/ocr';
import { handImagePdf } from '#testkit/scan';

const untouchable: OcrEngine = {
  workers: 1,
  recognize: () => { throw new Error('the OCR engine must not be reached'); },
  close: async () => undefined,
};
const limits = { maxPages: 300, timeoutMs: 20_000 };

describe('OCR of broken scans', () => {
  it('drops an image bomb (huge declared dimensions) without decoding it', async () => {
    const rss = process.memoryUsage().rss;
    const pdf = handImagePdf([{ dict: '/Width 200000 /Height 200000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', stream: deflateSync(Buffer.alloc(1_000_000, 255)) }]);
    const { pages, results } = await ocrPdfPages(pdf, { engine: untouchable, limits });
    expect(pages).toBe(1);
    expect(results[0].warnings.map((w) => w.code)).toEqual(['ocr_page_no_image']);
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
  });

  it('a 0-byte image stream and a garbage JPEG leave their pages unread, the others carry on', async () => {
    const pdf = handImagePdf([
      { dict: '/Width 800 /Height 600 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode', stream: new Uint8Array(0) },
      { dict: '/Width 800 /Height 600 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode', stream: new Uint8Array(Buffer.from('\xff\xd8\xff\xe0 not really a jpeg', 'latin1')) },
    ]);
    const { pages, results } = await ocrPdfPages(pdf, { engine: untouchable, limits });
    expect(pages).toBe(2);
    expect(results.map((r) => r.page)).toEqual([1, 2]);
    for (const r of results) expect(r.table).toBeUndefined();
    expect(results.some((r) => r.warnings.some((w) => w.code === 'ocr_page_no_image' || w.code === 'ocr_page_no_table'))).toBe(true);
  });

  it('refuses a 301-page scan on opening, before any page is read', async () => {
    const pdf = handImagePdf([{ dict: '/Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8', stream: new Uint8Array(64).fill(255) }], { repeat: 301 });
    const err = await ocrPdfPages(pdf, { engine: untouchable, limits }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as ExtractError).code).toBe('too_many_pages');
  });
});
