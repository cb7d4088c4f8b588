import { describe, expect, it } from 'vitest';
import { failureLine, failureOf, failureText, FAILURES, UNKNOWN_FAILURE_FIX } from '#shared/domain/failures';
import { EXTRACT_ERROR_CODES } from '#shared/extract/model';
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
