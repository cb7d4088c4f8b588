/** `intake deadline "TEXT"` as a user reads it. */
import { describe, expect, it } from 'vitest';
import { intake as runIntake } from '#testkit/cli';

const intake = (...args: string[]) => { const r = runIntake(['deadline', ...args]); return { status: r.code, stdout: r.stdout, stderr: r.stderr }; };

describe('intake deadline (readable output)', () => {
  it('writes the month a task counts as late the Vietnamese way (06/2024, not 2024-06), as the digest groups it', () => {
    const r = intake('Quý II/2024');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Hạn: 30/06/2024');
    expect(r.stdout).toContain('quá hạn từ ngày 01/07/2024, tính chậm muộn từ tháng 06/2024');
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

  it('an empty cell is refused in Vietnamese, naming the argument as in the usage line', () => {
    const r = intake('');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('<text>: cần nội dung ô thời hạn');
    expect(r.stderr).not.toContain('Too small');
    const a = runIntake(['agency', 'resolve', '  ']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('<text>: cần nội dung ô cơ quan');
  });
});
