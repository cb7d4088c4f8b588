/**
 * Bad PDFs fail with a typed ExtractError, never a crash or a hang: corrupt, password-protected, scanned (no text
 * layer), over the page limit, over the time limit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtractError, ExtractLimits } from '#shared/extract/model';
import { readPdf } from '#shared/extract/pdf';

const FIX = join(__dirname, '../fixtures/pdf');
const limits = ExtractLimits.parse({});
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(FIX, name)));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractError);
    const e = err as ExtractError;
    expect(e.message).toBeTruthy();
    expect(e.messageVi).toBeTruthy();
    return e.code;
  }
  return 'no error';
}

describe('readPdf errors', () => {
  it("a broken file is 'corrupt'", async () => {
    expect(await codeOf(readPdf(bytesOf('corrupt.pdf'), limits))).toBe('corrupt');
    expect(await codeOf(readPdf(new TextEncoder().encode('%PDF-1.7\nnot really a pdf at all'), limits))).toBe('corrupt');
    expect(await codeOf(readPdf(new Uint8Array(0), limits))).toBe('corrupt');
    expect(await codeOf(readPdf(new TextEncoder().encode('PK\u0003\u0004 a zip, not a pdf'), limits))).toBe('corrupt');
  });

  it("a PDF cut short in the middle is read up to what is there or is 'corrupt', without hanging", async () => {
    const whole = bytesOf('stroked.pdf');
    const half = whole.slice(0, Math.floor(whole.length / 2));
    const code = await codeOf(readPdf(half, limits));
    expect(['corrupt', 'no error', 'no_text']).toContain(code);
  });

  it("a password-protected PDF is 'encrypted'", async () => {
    expect(await codeOf(readPdf(bytesOf('encrypted.pdf'), limits))).toBe('encrypted');
  });

  it("a scanned PDF (images, no text layer) is 'no_text'", async () => {
    expect(await codeOf(readPdf(bytesOf('scanned.pdf'), limits))).toBe('no_text');
  });

  it("more pages than limits.maxPages is 'too_many_pages', with the counts in details", async () => {
    try {
      await readPdf(bytesOf('stroked.pdf'), { ...limits, maxPages: 1 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ExtractError);
      expect((err as ExtractError).code).toBe('too_many_pages');
      expect((err as ExtractError).details).toEqual({ pages: 2, maxPages: 1 });
    }
    // at the limit it reads
    expect((await readPdf(bytesOf('stroked.pdf'), { ...limits, maxPages: 2 })).pages).toBe(2);
  });

  it("reading past limits.timeoutMs stops with 'timeout'", async () => {
    expect(await codeOf(readPdf(bytesOf('filled.pdf'), { ...limits, timeoutMs: 1 }))).toBe('timeout');
  });

  it('legacy TCVN3 text is returned as read (no error); extract() converts it', async () => {
    const res = await readPdf(bytesOf('tcvn3.pdf'), limits);
    const cells = res.tables.flatMap((t) => t.grid.flat().map((c) => c.text));
    expect(cells).toContain('Bé C«ng an');
    expect(cells).toContain('Rµ so¸t, bæ sung c¸c ®iÒu kiÖn b¶o ®¶m an ninh'); // "µ" kept, not turned into Greek "μ"
  });
});
