/** `intake extract FILE [--json]` as a user runs it (a real child process). */
import { describe, expect, it } from 'vitest';
import { ExtractResult } from '#shared/extract/model';
import { intake as runIntake } from '#testkit/cli';

const run = (...args: string[]) => { const r = runIntake(['extract', ...args]); return { status: r.code, stdout: r.stdout, stderr: r.stderr }; };

describe('intake extract', () => {
  it('--json prints the contract, omitting fields a table lacks', () => {
    const res = run('tests/fixtures/reports/bo-xay-dung.docx', '--json');
    expect(res.status).toBe(0);
    const json = JSON.parse(res.stdout) as unknown;
    const parsed = ExtractResult.parse(json);
    const t = parsed.tables[0]!;
    expect(t.kind).toBe('tasks');
    expect(t.rows).toHaveLength(13);
    const row = (json as { tables: Array<{ rows: Array<Record<string, unknown>> }> }).tables[0]!.rows[0]!;
    expect(Object.keys(row)).toEqual(expect.arrayContaining(['section', 'stt', 'content', 'deadline', 'result', 'source']));
    expect(row).not.toHaveProperty('lead'); // no such column in this report
    expect(row).not.toHaveProperty('statusMark');
    expect(res.stdout).not.toContain('null');
  });

  it('prints a readable table without --json', () => {
    const res = run('tests/fixtures/generated/report-sheets.xlsx');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('Bảng 1 [danh sách nhiệm vụ]');
    expect(res.stdout).toContain('■ A. NHIỆM VỤ CHUNG');
    expect(res.stdout).toContain('Phụ lục 01!7');
  });

  it('shows status marks in Vietnamese in the readable table', () => {
    const res = run('tests/fixtures/reports/bo-tu-phap.docx');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('Chưa hoàn thành');
    expect(res.stdout).not.toMatch(/\b(not_completed|in_progress)\b(?!\))/); // role keys stay in "Cột: … (mark_not_completed)"
  });

  it('exits non-zero with the Vietnamese and English message on bad input', () => {
    const res = run('tests/fixtures/generated/encrypted.docx', '--json');
    expect(res.status).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('mật khẩu');
    expect(res.stderr).toContain('password-protected');
  });
});

describe('intake extract: bad arguments get a clear message, not a stack trace', () => {
  it('a missing file, a folder and a non-numeric limit', () => {
    const missing = run('tests/fixtures/reports/khong-co.docx');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Không tìm thấy tệp "tests/fixtures/reports/khong-co.docx"');
    expect(missing.stderr).not.toContain('ENOENT');
    const folder = run('tests/fixtures/reports');
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain('là thư mục, không phải tệp');
    const limit = run('tests/fixtures/reports/bo-xay-dung.docx', '--max-pages', 'abc');
    expect(limit.status).toBe(1);
    expect(limit.stderr).toContain('--max-pages: cần một số nguyên dương');
    expect(limit.stderr).not.toContain('"code"'); // no raw zod issue dump
  });
});
