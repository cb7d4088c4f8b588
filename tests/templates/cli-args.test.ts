/**
 * `intake templates …`, `intake upload-link`, `intake receive` as the secretariat types them (a child process on
 * its own embedded stack): bad options refused in one Vietnamese line naming the option, a deadline already past
 * refused unless --force, and no upload link that dies with the command (the embedded S3 stops when it ends).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { intake as runIntake } from '#testkit/cli';

const dataDir = mkdtempSync(join(tmpdir(), 'intake-templates-args-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const intake = (...args: string[]) => { const r = runIntake(['--data-dir', dataDir, ...args]); return { status: r.code, stdout: r.stdout, stderr: r.stderr }; };

function refused(args: string[], text: string) {
  const r = intake(...args);
  expect(r.status, args.join(' ')).toBe(1);
  expect(r.stderr).toContain(text);
  expect(r.stderr).not.toContain('"code"'); // no raw zod issue dump
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return r;
}

const PERIOD = '6 tháng đầu năm 2024';
const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

describe('templates / upload-link / receive arguments', () => {
  it('bad options are refused naming the option, in Vietnamese', () => {
    refused(['templates', 'build', '--period', 'x', '--out', join(dataDir, 'out')], 'Tham số không hợp lệ — --period: cần ghi kỳ báo cáo');
    refused(['templates', 'build', '--period', PERIOD, '--out', join(dataDir, 'out'), '--deadline', '2024-13-01'], 'Tham số không hợp lệ — --deadline: không phải một ngày');
    refused(['templates', 'send', '--period', PERIOD, '--deadline', future, '--format', 'pdf'], 'Tham số không hợp lệ — --format: chỉ xlsx và/hoặc docx');
    refused(['upload-link', '--agency', 'BTP', '--max-mb', 'nhiều'], 'Tham số không hợp lệ — --max-mb: cần một số MB');
    refused(['receive', 'x.eml', '--verdict', 'maybe'], 'Tham số không hợp lệ — --verdict: một trong pass, spam');
  });

  it('refuses to send templates whose deadline has passed, unless --force', () => {
    const r = refused(['templates', 'send', '--period', PERIOD, '--deadline', '10/06/2024'], 'Hạn gửi báo cáo 10/06/2024 đã qua');
    expect(r.stderr).toContain('--force');
  });

  it('gives no upload link to a local S3 that stops with the command', () => {
    refused(['upload-link', '--agency', 'BTP'], 'Chạy `npx intake serve`');

    expect(intake('agency', 'set-contact', 'BTP', '--email', 'vanthu@moj.gov.vn').status).toBe(0);
    const sent = intake('templates', 'send', '--period', PERIOD, '--deadline', future, '--agency', 'BTP', '--seeds');
    expect(sent.status, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('không kèm trang tải lên');
    expect(sent.stdout).toContain('Đã gửi biểu mẫu cho 1 cơ quan');
    expect(sent.stdout).toMatch(/^Bộ Tư pháp: \d+ nhiệm vụ → vanthu@moj\.gov\.vn$/m); // the agency by name
    const mails = readdirSync(join(dataDir, 'ses')).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(dataDir, 'ses', f), 'utf8'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('vanthu@moj.gov.vn');
    expect(mails[0]).not.toContain('Tai-len-bao-cao.html');
  }, 120_000);
});

describe('intake receive', () => {
  it('says whom it told about a held message, in the secretariat\'s words', () => {
    const r = intake('receive', 'tests/fixtures/eml/rfc2231-pdf.eml');
    expect(r.status, r.stderr).toBe(2); // held: not accepted
    expect(r.stdout).toContain('Thư đang giữ lại');
    expect(r.stdout).toMatch(/^Đã báo Tổ thư ký \(địa chỉ [^@\s]+@[^)\s]+\)$/m);
    expect(r.stdout).not.toContain('secretariat');
  }, 120_000);
});
