import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectType, decodeText } from '#shared/extract/detect';
import { checkPages, readZipDirectory, resolveLimits } from '#shared/extract/limits';
import { extractLimitsEnv } from '#shared/config';
import { ExtractError } from '#shared/extract/model';
import { extract } from '#shared/extract';

const limits = resolveLimits({}, {});
const utf16le = (s: string) => {
  const b = new Uint8Array(2 + s.length * 2);
  b[0] = 0xff;
  b[1] = 0xfe;
  for (let i = 0; i < s.length; i++) new DataView(b.buffer).setUint16(2 + i * 2, s.charCodeAt(i), true);
  return b;
};

describe('type detection by content', () => {
  it('tells DOCX from XLSX by the ZIP entries, whatever the name says', () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<T/>'), 'word/document.xml': strToU8('<w/>') });
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<T/>'), 'xl/workbook.xml': strToU8('<w/>') });
    expect(detectType({ bytes: docx, name: 'a.docx' }, limits)).toMatchObject({ format: 'docx', warnings: [] });
    const lie = detectType({ bytes: xlsx, name: 'a.docx' }, limits);
    expect(lie.format).toBe('xlsx');
    expect(lie.warnings[0]!.code).toBe('type_mismatch');
  });

  it('a ZIP that is neither → unsupported_type (type_mismatch when named .docx)', () => {
    const zip = zipSync({ 'a.txt': strToU8('x') });
    for (const [name, code] of [['a.zip', 'unsupported_type'], ['a.docx', 'type_mismatch']] as const) {
      try {
        detectType({ bytes: zip, name }, limits);
        throw new Error('no error');
      } catch (e) {
        expect((e as ExtractError).code).toBe(code);
      }
    }
  });

  it('PDF, HTML and text (UTF-8, UTF-16 with BOM)', () => {
    expect(detectType({ bytes: strToU8('%PDF-1.7\n...'), name: 'x.pdf' }, limits).format).toBe('pdf');
    expect(detectType({ bytes: strToU8('<html><body><table><tr><td>1</td></tr></table></body></html>') }, limits).format).toBe('html');
    expect(detectType({ bytes: strToU8('STT\tNội dung\n1\tViệc') }, limits).format).toBe('text');
    const t = detectType({ bytes: utf16le('STT\tNội dung'), name: 'a.txt' }, limits);
    expect(t).toMatchObject({ format: 'text', text: 'STT\tNội dung' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
  });

  it('a whole email message (MIME) is pointed to the email intake, not read as a text table', () => {
    const eml = 'From: a@b.vn\r\nTo: c@d.vn\r\nSubject: Bao cao\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSTT\tNội dung\n1\tViệc\n';
    try {
      detectType({ bytes: strToU8(eml), name: 'thu.eml' }, limits);
      throw new Error('no error');
    } catch (e) {
      expect((e as ExtractError).code).toBe('unsupported_type');
      expect((e as ExtractError).messageVi).toContain('intake receive');
    }
    // a text table that merely has a "Subject:"-like first line is still text
    expect(detectType({ bytes: strToU8('Ghi chú: bảng dưới\nSTT\tNội dung\n1\tViệc') }, limits).format).toBe('text');
  });

  it('an HTML file named .docx is read as HTML with a warning', async () => {
    const html = '<table><tr><td>STT</td><td>Nội dung nhiệm vụ</td><td>Thời hạn</td></tr><tr><td>1</td><td>Việc một</td><td>2024</td></tr></table>';
    const result = await extract({ bytes: strToU8(html), name: 'bao-cao.docx' });
    expect(result.format).toBe('html');
    expect(result.warnings.map((w) => w.code)).toContain('type_mismatch');
    expect(result.tables[0]!.rows[0]).toMatchObject({ stt: '1', content: 'Việc một', deadline: '2024' });
  });
});

describe('limits', () => {
  it('defaults ← environment ← options', () => {
    expect(resolveLimits({}, {}).maxBytes).toBe(40 * 1024 * 1024);
    expect(resolveLimits({}, extractLimitsEnv({ INTAKE_MAX_PAGES: '10' })).maxPages).toBe(10);
    expect(resolveLimits({ maxPages: 5 }, extractLimitsEnv({ INTAKE_MAX_PAGES: '10' })).maxPages).toBe(5);
    expect(() => extractLimitsEnv({ INTAKE_MAX_BYTES: 'lots' })).toThrow(/INTAKE_MAX_BYTES/);
  });

  it('pages over the limit → too_many_pages', () => {
    expect(() => checkPages(500, limits)).toThrow(ExtractError);
    expect(() => checkPages(10, limits)).not.toThrow();
  });

  it('reads the ZIP central directory without inflating', () => {
    const zip = zipSync({ 'word/document.xml': new Uint8Array(100_000) });
    const entries = readZipDirectory(zip);
    expect(entries).toEqual([{ name: 'word/document.xml', compressedSize: expect.any(Number), uncompressedSize: 100_000, encrypted: false }]);
    expect(entries[0]!.compressedSize).toBeLessThan(1000);
  });

  it('too many entries → zip_bomb', async () => {
    const files: Record<string, Uint8Array> = { 'word/document.xml': strToU8('<w/>') };
    for (let i = 0; i < 50; i++) files[`word/media/${i}.bin`] = strToU8(String(i));
    const err = await extract({ bytes: zipSync(files) }, { limits: { maxZipEntries: 20 } }).catch((e: unknown) => e);
    expect((err as ExtractError).code).toBe('zip_bomb');
  });
});

describe('messages name the real type in Vietnamese', () => {
  it('an image named .docx is "ảnh", not "image", in the Vietnamese message', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    try {
      detectType({ bytes: png, name: 'bao-cao.docx' }, limits);
      throw new Error('no error');
    } catch (e) {
      const err = e as ExtractError;
      expect(err.code).toBe('type_mismatch');
      expect(err.messageVi).toContain('nội dung là ảnh');
      expect(err.messageVi).not.toMatch(/\bimage\b/);
    }
  });
});
