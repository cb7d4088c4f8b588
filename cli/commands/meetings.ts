/**
 * `intake meetings add|move|list|remove` — the review meetings whose digests go out N days before them.
 */
import type { Command } from 'commander';
import { viDate, viDateTime as viTime } from '#shared/domain/dates';
import { z } from 'zod';

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
const Days = z.coerce.number({ error: 'cần một số ngày (0–60)' }).int('cần một số ngày nguyên (0–60)')
  .min(0, 'không được âm (0–60)').max(60, 'tối đa 60 ngày');
/** "a@x.vn, b@y.vn" → the list; a bad address is named. */
const Recipients = z.string().transform((s, ctx) => {
  const list = splitList(s);
  const bad = list.filter((e) => !EMAIL.test(e));
  if (bad.length) {
    ctx.addIssue({ code: 'custom', message: `không phải địa chỉ thư: ${bad.map((b) => `"${b}"`).join(', ')}` });
    return z.NEVER;
  }
  return list;
});

/** Dates as ISO or dd/mm/yyyy (DayArg), errors in Vietnamese naming the option (parseArgs). */
async function dateArgs() {
  const { DayArg, parseArgs } = await import('#shared/deadlines');
  return { DayArg, parseArgs };
}

function splitList(s: string | undefined): string[] {
  return (s ?? '').split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean);
}

export function register(program: Command): void {
  const meetings = program.command('meetings').description('Phiên họp giao ban: tổng hợp gửi trước mỗi phiên họp');

  meetings
    .command('add')
    .description('Thêm phiên họp (hoặc sửa phiên họp có cùng --id)')
    .requiredOption('--date <date>', 'ngày họp (dd/mm/yyyy hoặc YYYY-MM-DD)')
    .requiredOption('--title <title>', 'tên phiên họp, ví dụ "Hội nghị sơ kết 6 tháng đầu năm 2024"')
    .option('--id <id>', 'mã phiên họp (mặc định: tạo từ ngày và tên)')
    .option('--send-days-before <n>', 'gửi tổng hợp trước ngày họp bao nhiêu ngày', '3')
    .option('--recipients <emails>', 'người nhận, cách nhau bởi dấu phẩy (mặc định: địa chỉ Tổ thư ký)')
    .option('--period-start <date>', 'kỳ báo cáo bắt đầu từ ngày (dd/mm/yyyy hoặc YYYY-MM-DD; mặc định: ngày phiên họp trước)')
    .option('--json', 'in dạng JSON')
    .action(async (raw: unknown, cmd: Command) => {
      const { DayArg, parseArgs } = await dateArgs();
      const o = parseArgs(z.object({
        date: DayArg,
        title: z.string().trim().min(1, 'cần tên phiên họp'),
        id: z.string().trim().min(1).optional(),
        sendDaysBefore: Days.optional(),
        recipients: Recipients.optional(),
        periodStart: DayArg.optional(),
        json: z.boolean().optional(),
      }), raw);
      const { withStore } = await import('#cli/context');
      const { addMeeting, sendDateOf } = await import('#shared/meetings');
      await withStore(cmd, async ({ store }) => {
        const m = await addMeeting(store, {
          id: o.id, date: o.date, title: o.title, sendDaysBefore: o.sendDaysBefore,
          recipients: o.recipients ?? [], periodStart: o.periodStart,
        });
        if (o.json) process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
        else process.stdout.write(`Đã lưu phiên họp ${m.id}: ${m.title}, ngày ${viDate(m.date)}; gửi tổng hợp ngày ${viDate(sendDateOf(m))}.\n`);
      });
    });

  meetings
    .command('move')
    .description('Dời phiên họp sang ngày khác (tổng hợp sẽ được gửi theo ngày mới)')
    .argument('<id>', 'mã phiên họp (xem: intake meetings list)')
    .requiredOption('--date <date>', 'ngày họp mới (dd/mm/yyyy hoặc YYYY-MM-DD)')
    .action(async (id: string, raw: { date: string }, cmd: Command) => {
      const { DayArg, parseArgs } = await dateArgs();
      const o = parseArgs(z.object({ date: DayArg }), raw);
      const { withStore } = await import('#cli/context');
      const { moveMeeting, sendDateOf } = await import('#shared/meetings');
      await withStore(cmd, async ({ store }) => {
        const m = await moveMeeting(store, id, o.date);
        process.stdout.write(`Đã dời phiên họp ${m.id} sang ngày ${viDate(m.date)}; gửi tổng hợp ngày ${viDate(sendDateOf(m))}.\n`);
      });
    });

  meetings
    .command('list')
    .description('Liệt kê các phiên họp và trạng thái gửi tổng hợp')
    .option('--json', 'in dạng JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const { listMeetings, markerId, sendDateOf, periodOf } = await import('#shared/meetings');
      await withStore(cmd, async ({ store }) => {
        const all = await listMeetings(store);
        const sent = new Map((await store.listDigests()).map((d) => [d.id, d]));
        const rows = all.map((m) => ({ ...m, sendDate: sendDateOf(m), sent: sent.get(markerId(m))?.sentAt ?? null, period: periodOf(m, all, sendDateOf(m)) }));
        if (o.json) { process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`); return; }
        if (!rows.length) { process.stdout.write('Chưa có phiên họp nào. Thêm bằng: intake meetings add --date YYYY-MM-DD --title "…"\n'); return; }
        for (const r of rows) {
          const to = r.recipients.length ? r.recipients.join(', ') : '(Tổ thư ký)';
          const period = r.period.from ? `${viDate(r.period.from)}–${viDate(r.period.to)}` : `đến ${viDate(r.period.to)}`;
          process.stdout.write(`${r.id}\n  ${viDate(r.date)}  ${r.title}\n  gửi ngày ${viDate(r.sendDate)} (trước ${r.sendDaysBefore} ngày) → ${to}; kỳ báo cáo ${period}; ${r.sent ? `đã gửi lúc ${viTime(r.sent)}` : 'chưa gửi'}\n`);
        }
      });
    });

  meetings
    .command('remove')
    .description('Xóa phiên họp')
    .argument('<id>', 'mã phiên họp (xem: intake meetings list)')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const { removeMeeting } = await import('#shared/meetings');
      await withStore(cmd, async ({ store }) => {
        const ok = await removeMeeting(store, id);
        if (!ok) { process.stderr.write(`intake: Không có phiên họp ${id}\n`); process.exitCode = 1; return; }
        process.stdout.write(`Đã xóa phiên họp ${id}.\n`);
      });
    });
}
