/**
 * #13.2 — an interrupted `npm start` recovers at once and says so. A child `intake start` is interrupted (Ctrl-C,
 * SIGINT) while it reads the sample reports; it says it stopped and what is left, and sends no digest. The next run
 * takes over what the dead one left in progress (no waiting for the Lambda timeout), finishes every report, and
 * only then sends the digest — a fresh one, with every report counted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Report } from '#shared/domain/report';
import { intakeAsync, ROOT, scrubbedEnv } from '#testkit/cli';

const dataDir = mkdtempSync(join(tmpdir(), 'intake-interrupted-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function interruptedStart(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/intake.mjs', 'start', '--data-dir', dataDir], { cwd: ROOT, env: scrubbedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      // the sample reports are being uploaded and read now
      if (!sent && stdout.includes('Địa chỉ liên hệ mẫu')) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 300);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
  });
}

describe('npm start, interrupted and run again', () => {
  it('stops cleanly saying what is left, then the next run takes over and sends the digest only when all is read', async () => {
    const first = await interruptedStart();
    expect(first.stdout).toContain('Đã dừng theo yêu cầu (Ctrl-C)');
    expect(first.stdout).toContain('Chưa gửi thư tổng hợp');
    expect(first.stdout).not.toMatch(/Thư tổng hợp đã gửi/);
    expect(first.code).toBe(130);

    const second = await intakeAsync(['start', '--data-dir', dataDir], { timeout: 240_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Thư tổng hợp đã gửi tới/);
    expect(second.stdout).not.toContain('đã gửi ở lần chạy trước');
    expect(second.stdout.match(/thư xác nhận: đã gửi/g)).toHaveLength(3);
    expect(second.stdout).not.toMatch(/received|đang xử lý \(/);

    const reports = Report.array().parse(JSON.parse((await intakeAsync(['reports', 'list', '--json', '--data-dir', dataDir])).stdout));
    expect(reports.filter((r) => r.state === 'processed')).toHaveLength(3);
    expect(reports.filter((r) => r.state === 'received')).toHaveLength(0);
  }, 300_000);
});
