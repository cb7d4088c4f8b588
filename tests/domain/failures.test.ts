import { describe, expect, it } from 'vitest';
import { failureDetail, failureLine, failureMessage, failureOf, failureText, FAILURES, sentence, UNKNOWN_FAILURE_FIX } from '#shared/domain/failures';
import { EXTRACT_ERROR_CODES, ExtractError } from '#shared/extract/model';
import { INBOUND_REASONS, INBOUND_REASON_CODES } from '#shared/inbound/limits';
import { problemLine } from '#shared/inbound/notices';
import { findProblems } from '#shared/receipts';
import type { Report } from '#shared/domain/report';

const report = (code: string): Report => ({
  id: 'r'.repeat(64), bucket: 'b', key: 'uploads/x/a.zip', fileName: 'a.zip', size: 1, sha256: 's', receivedAt: '2024-06-16T02:00:00Z',
  state: 'failed', error: { code, message: 'm', messageVi: 'Thông điệp của bộ đọc.' },
} as Report);

describe('failure catalogue', () => {
  it('words every extract and inbound code', () => {
    for (const c of [...EXTRACT_ERROR_CODES, ...INBOUND_REASON_CODES]) expect(failureOf(c), c).toBeDefined();
  });
  it('a what is a phrase (no final period), a fix a sentence', () => {
    for (const [code, f] of Object.entries(FAILURES)) {
      expect(f.what, code).not.toMatch(/[.]$/);
      if ('fix' in f) expect(f.fix, code).toMatch(/[.]$/);
    }
  });
  it('the upload receipt and the mail to an emailing agency say the same for the same code', () => {
    for (const code of ['zip_bomb', 'encrypted', 'corrupt', 'type_mismatch', 'unsupported_type', 'too_large'] as const) {
      const receipt = findProblems({ report: report(code), rows: [] })[0]!;
      const mail = problemLine({ name: 'a.zip', code });
      expect(mail).toBe(`a.zip: ${receipt.what} Cách khắc phục: ${receipt.fix}`);
      expect(INBOUND_REASONS[code]).toBe(FAILURES[code].what);
    }
    expect(problemLine({ name: 'a.zip', code: 'zip_bomb' })).toContain('không nén');
  });
  it('an unknown code still tells the sender what to do', () => {
    expect(failureLine('brand_new_code')).toBe(`Không xử lý được tệp (mã lỗi: brand_new_code). Cách khắc phục: ${UNKNOWN_FAILURE_FIX}`);
    expect(findProblems({ report: report('brand_new_code'), rows: [] })[0]).toMatchObject({ what: 'Thông điệp của bộ đọc.', fix: UNKNOWN_FAILURE_FIX });
  });
  it("a report's error text: the catalogue's sentence beside the English, internal for a code not worded here", () => {
    expect(failureText('empty')).toEqual({ message: 'the file is empty (0 bytes)', messageVi: 'Tệp rỗng (0 byte).' });
    expect(failureText('missing').messageVi).toBe(`${FAILURES.missing.what}.`);
    expect(failureText('zip_bomb')).toEqual(failureText('internal'));
    expect(failureText('internal').message).toContain('internal error');
  });
});

describe("an extract failure's Vietnamese: the catalogue's sentence, then the failure's facts", () => {
  it('every extract code starts with its catalogue sentence, with or without details', () => {
    for (const code of EXTRACT_ERROR_CODES) {
      expect(new ExtractError(code, 'en').messageVi, code).toBe(sentence(FAILURES[code].what));
      expect(new ExtractError(code, 'en', { pages: 412, limit: 300, ms: 2000, step: 'grid', page: 3 }).messageVi.startsWith(sentence(FAILURES[code].what)), code).toBe(true);
    }
  });
  it('words the facts a reader records: counts, limits, sizes, formats, the step', () => {
    expect(failureMessage('too_many_pages', { pages: 412, limit: 300 })).toBe(`${sentence(FAILURES.too_many_pages.what)} Số trang: 412; giới hạn: 300 trang.`);
    expect(failureDetail('too_many_pages', { pages: 412, maxPages: 300 })).toBe('Số trang: 412; giới hạn: 300 trang.');
    expect(failureDetail('too_large', { bytes: 1.5 * 1024 * 1024, limit: 1024 * 1024 })).toBe('Dung lượng tệp: 1,5 MB; giới hạn: 1 MB.');
    expect(failureDetail('too_large', { contentXmlBytes: 3 * 1024 * 1024, limit: 1024 * 1024, part: 'xlsx' })).toContain('các trang tính');
    expect(failureDetail('zip_bomb', { ratio: 900, limit: 200 })).toBe('Tỷ lệ nén: 900:1; giới hạn: 200:1.');
    expect(failureDetail('no_text', { image: 'png' })).toBe('Tệp là ảnh PNG.');
    expect(failureDetail('type_mismatch', { real: 'image', claimed: 'docx' })).toBe('Tên tệp ghi là Word (.docx) nhưng nội dung là ảnh.');
    expect(failureDetail('unsupported_type', { real: 'xls' })).toContain('.xlsx');
    expect(failureDetail('timeout', { ms: 60_000, page: 7 })).toBe('Đã dừng sau 60 giây (đến trang 7).');
    expect(failureDetail('internal', { step: 'grid', page: 3, error: 'TypeError' })).toBe('Chỗ lỗi: bước grid, trang 3.');
    // facts a code does not word, and codes outside the catalogue, add nothing
    expect(failureDetail('empty', { bytes: 0 })).toBeUndefined();
    expect(failureDetail('brand_new_code', { pages: 1 })).toBeUndefined();
    expect(failureMessage('brand_new_code')).toBe(sentence(FAILURES.internal.what));
  });
  it('a scan is not told that OCR is unsupported', () => {
    const scan = new ExtractError('no_text', 'en', { pages: 4 }).messageVi;
    expect(scan.startsWith(sentence(FAILURES.no_text.what))).toBe(true);
    expect(scan).not.toMatch(/chưa đọc được|không hỗ trợ/);
  });
  it("the receipt tells the report's facts when its text is the catalogue's, and only the catalogue's sentence otherwise", () => {
    const withFacts = { ...report('too_many_pages'), error: { code: 'too_many_pages', message: 'm', messageVi: failureMessage('too_many_pages', { pages: 412, limit: 300 }) } } as Report;
    expect(findProblems({ report: withFacts, rows: [] })[0]).toMatchObject({ what: failureMessage('too_many_pages', { pages: 412, limit: 300 }), fix: FAILURES.too_many_pages.fix });
    expect(findProblems({ report: report('too_many_pages'), rows: [] })[0]!.what).toBe(sentence(FAILURES.too_many_pages.what));
  });
});
