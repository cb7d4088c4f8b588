/** `intake agency list` as the secretariat reads it: a dissolved agency points at the one that took over. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intake as runIntake, ROOT } from '#testkit/cli';

const intake = (...args: string[]) => { const r = runIntake(args); return { status: r.code, stdout: r.stdout, stderr: r.stderr }; };

describe('intake agency list --as-of (before the 2025 mergers)', () => {
  it('shows the successor after the end date, not the agency itself', () => {
    const text = intake('agency', 'list', '--as-of', '2024-06-01', '--no-contacts');
    expect(text.status).toBe(0);
    const line = text.stdout.split('\n').find((l) => l.startsWith('bo-thong-tin-va-truyen-thong'))!;
    expect(line).toContain('đến 28/02/2025, sau đó: bo-khoa-hoc-va-cong-nghe');
    const hue = text.stdout.split('\n').find((l) => l.startsWith('tinh-thua-thien-hue'))!;
    expect(hue).toContain('sau đó: tp-hue');

    const json = intake('agency', 'list', '--as-of', '2024-06-01', '--no-contacts', '--json');
    const rows = JSON.parse(json.stdout) as Array<{ id: string; answeredBy?: string; successor?: string }>;
    const tttt = rows.find((r) => r.id === 'bo-thong-tin-va-truyen-thong')!;
    expect(tttt.answeredBy).toBe('bo-thong-tin-va-truyen-thong'); // still itself on 2024-06-01
    expect(tttt.successor).toBe('bo-khoa-hoc-va-cong-nghe');
  });
});

describe('intake agency set-contact: a bad address is named as such', () => {
  it('says "Địa chỉ thư không hợp lệ" / "Tên miền không hợp lệ", before touching any storage', () => {
    const email = intake('--data-dir', join(ROOT, '.local-test-unused'), 'agency', 'set-contact', 'BTP', '--email', 'khong-phai-email');
    expect(email.status).toBe(1);
    expect(email.stderr).toContain('Địa chỉ thư không hợp lệ: "khong-phai-email"');
    const domain = intake('--data-dir', join(ROOT, '.local-test-unused'), 'agency', 'set-contact', 'Bộ Tư pháp', '--email', 'vp@moj.gov.vn', '--domain', 'xx');
    expect(domain.status).toBe(1);
    expect(domain.stderr).toContain('Tên miền không hợp lệ: "xx"');
  });
});

describe('intake agency resolve --as-of (readable)', () => {
  it('writes the date the Vietnamese way', () => {
    const r = intake('agency', 'resolve', 'Bộ TTTT', '--as-of', '2026-01-01');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Trả lời vào ngày 01/01/2026: Bộ Khoa học và Công nghệ [bo-khoa-hoc-va-cong-nghe]');
  });
});

describe('intake agency set-contact on an agency merged away in 2025', () => {
  it('saves it and says who answers for it now', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-contact-'));
    try {
      const r = intake('--data-dir', dir, 'agency', 'set-contact', 'Bộ TTTT', '--email', 'vanphong@mic.gov.vn');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('Bộ Thông tin và Truyền thông [bo-thong-tin-va-truyen-thong]: vanphong@mic.gov.vn');
      expect(r.stdout).toContain('Lưu ý: Bộ Thông tin và Truyền thông không còn từ 01/03/2025; nhiệm vụ và báo cáo được tính cho Bộ Khoa học và Công nghệ [bo-khoa-hoc-va-cong-nghe]');
      const plain = intake('--data-dir', dir, 'agency', 'set-contact', 'BTP', '--email', 'vanphong@moj.gov.vn');
      expect(plain.stdout).not.toContain('Lưu ý');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
