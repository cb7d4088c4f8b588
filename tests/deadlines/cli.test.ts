/** `intake deadline "TEXT"` as a user reads it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const intake = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/intake.mjs'), 'deadline', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('intake deadline (readable output)', () => {
  it('writes the month a task becomes late the Vietnamese way (07/2024, not 2024-07)', () => {
    const r = intake('Quý II/2024');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Hạn: 30/06/2024');
    expect(r.stdout).toContain('quá hạn từ tháng 07/2024');
    expect(r.stdout).not.toMatch(/tháng \d{4}-\d{2}/);
  });

  it('a recurring task says it has no fixed due date', () => {
    const r = intake('Thực hiện thường xuyên');
    expect(r.stdout).toContain('Không có hạn cố định');
  });

  it('a bad --reference is refused with a clear message', () => {
    const r = intake('tháng 6', '--reference', '2024-02-30');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--reference: không phải một ngày');
  });
});
