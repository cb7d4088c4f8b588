/** `intake meetings …` and `intake digest …` as the secretariat types them: Vietnamese dates accepted, bad ones refused clearly. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { intake as runIntake } from '#testkit/cli';

const dataDir = mkdtempSync(join(tmpdir(), 'intake-cli-args-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const intake = (...args: string[]) => {
  const r = runIntake(['--data-dir', dataDir, ...args]);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
};

function refused(args: string[], flag: string, reason: string) {
  const r = intake(...args);
  expect(r.status, args.join(' ')).toBe(1);
  expect(r.stderr).toContain(`Tham số không hợp lệ — ${flag}: ${reason}`);
  expect(r.stderr).not.toContain('"code"'); // no raw zod issue dump
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
}

describe('meetings / digest arguments', () => {
  it('bad dates, counts, addresses and moments are refused naming the option', () => {
    refused(['meetings', 'add', '--date', '2024-13-20', '--title', 'Họp'], '--date', 'không phải một ngày');
    refused(['meetings', 'add', '--date', '2024-06-20', '--title', 'Họp', '--send-days-before', '-2'], '--send-days-before', 'không được âm');
    refused(['meetings', 'add', '--date', '2024-06-20', '--title', 'Họp', '--recipients', 'lanh-dao@gov.vn,khong-phai-thu'], '--recipients', 'không phải địa chỉ thư: "khong-phai-thu"');
    refused(['meetings', 'move', 'x', '--date', 'mai'], '--date', 'không phải một ngày');
    refused(['digest', 'preview', '--as-of', '2024-02-30', '--out', join(dataDir, 'out')], '--as-of', 'không phải một ngày');
    refused(['digest', 'send', '--meeting', 'x', '--as-of', 'hôm qua'], '--as-of', 'không phải một ngày');
    refused(['digest', 'run', '--now', 'yesterday'], '--now', 'không phải một thời điểm');
    refused(['digest', 'run', '--now', '17/06/2024 25:00'], '--now', 'không phải một thời điểm');
  });

  it('a date written dd/mm/yyyy is understood; dates and times print the Vietnamese way', () => {
    const r = intake('meetings', 'add', '--date', '20/06/2024', '--title', 'Hội nghị sơ kết 6 tháng đầu năm 2024', '--recipients', 'a@gov.vn; b@gov.vn', '--json');
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as { date: string; recipients: string[]; sendDaysBefore: number };
    expect(m.date).toBe('2024-06-20');
    expect(m.recipients).toEqual(['a@gov.vn', 'b@gov.vn']);
    expect(m.sendDaysBefore).toBe(3);

    const preview = intake('digest', 'preview', '--as-of', '17/06/2024', '--meeting', (m as unknown as { id: string }).id, '--out', join(dataDir, 'out'));
    expect(preview.status, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Tổng hợp đến ngày 17/06/2024:');

    const send = intake('digest', 'send', '--meeting', (m as unknown as { id: string }).id, '--as-of', '2024-06-17');
    expect(send.status, send.stderr).toBe(0);
    expect(send.stdout).toContain('(số liệu đến ngày 17/06/2024) tới a@gov.vn, b@gov.vn');
    const list = intake('meetings', 'list');
    expect(list.stdout).toMatch(/đã gửi lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
    expect(list.stdout).not.toMatch(/đã gửi lúc \d{4}-/);
    // sent by hand inside the window: the daily run does not send it again, and says so
    const daily = intake('digest', 'run', '--now', '2024-06-18T07:00:00+07:00');
    expect(daily.status, daily.stderr).toBe(0);
    expect(daily.stdout).toContain('Ngày 18/06/2024:');
    expect(daily.stdout).toContain(': đã gửi trước đó');
    // the same moment as the secretariat writes it, in Việt Nam time
    const typed = intake('digest', 'run', '--now', '18/06/2024 07:00');
    expect(typed.status, typed.stderr).toBe(0);
    expect(typed.stdout).toContain('Ngày 18/06/2024:');
    expect(typed.stdout).toContain(': đã gửi trước đó');
  }, 300_000); // seven CLI runs, each starting the embedded stack
});
