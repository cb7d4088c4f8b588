/**
 * `intake digest preview --as-of DATE [--meeting ID] --out DIR` writes digest.html, digest.txt, digest.xlsx,
 * digest.eml and summary.json; `intake digest send --meeting ID` sends it now; `intake digest run` does what the
 * daily schedule does (for operators; `--now` replays a given moment).
 */
import type { Command } from 'commander';
import { z } from 'zod';

/** --as-of as ISO or dd/mm/yyyy; a bad value is refused in Vietnamese, naming the option (not a zod dump). */
async function asOfArg(value: string | undefined): Promise<string> {
  const { vnToday: vnDate } = await import('#shared/domain/dates');
  const { DayArg, parseArgs } = await import('#shared/deadlines');
  return parseArgs(z.object({ asOf: DayArg }), { asOf: value ?? vnDate() }).asOf;
}

export function register(program: Command): void {
  const digest = program.command('digest').description('Tổng hợp tình hình thực hiện nhiệm vụ gửi trước phiên họp');

  digest
    .command('preview')
    .description('Tạo bản xem trước (digest.html, digest.txt, digest.xlsx, digest.eml, summary.json), không gửi')
    .option('--as-of <date>', 'số liệu tính đến ngày (dd/mm/yyyy hoặc YYYY-MM-DD; mặc định hôm nay, giờ Việt Nam)')
    .option('--meeting <id>', 'phiên họp (kỳ báo cáo, người nhận)')
    .requiredOption('--out <dir>', 'thư mục ghi các tệp')
    .option('--json', 'in bản tóm tắt dạng JSON (summary.json)')
    .action(async (o: { asOf?: string; meeting?: string; out: string; json?: boolean }, cmd: Command) => {
      const asOf = await asOfArg(o.asOf);
      const { withStore } = await import('#cli/context');
      const { previewDigest } = await import('#shared/digest');
      await withStore(cmd, async ({ store, config }) => {
        const { files, summary } = await previewDigest({
          store, asOf, meetingId: o.meeting, outDir: o.out,
          from: config.senderAddress, to: config.secretariatAddress ? [config.secretariatAddress] : undefined,
        });
        if (o.json) { process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`); return; }
        const t = summary.totals;
        const { viDate } = await import('#shared/domain/dates');
        process.stdout.write(`Tổng hợp đến ngày ${viDate(asOf)}: ${t.tasks} nhiệm vụ — ${t.completed} hoàn thành, ${t.overdue} chậm muộn, ${t.inProgress} đang thực hiện, ${t.recurring} thường xuyên, ${t.noReport} chưa có báo cáo.\n`);
        for (const f of Object.values(files)) process.stdout.write(`  ${f}\n`);
      });
    });

  digest
    .command('task')
    .description('Tình hình một nhiệm vụ theo từng đơn vị: đơn vị nào đã hoàn thành, chưa hoàn thành, chưa báo cáo')
    .argument('<task>', 'mã nhiệm vụ (ví dụ 05/CT-TTg:A.1)')
    .option('--as-of <date>', 'số liệu tính đến ngày (dd/mm/yyyy hoặc YYYY-MM-DD; mặc định hôm nay, giờ Việt Nam)')
    .option('--json', 'in dạng JSON (dòng nhiệm vụ và các đơn vị)')
    .action(async (taskId: string, o: { asOf?: string; json?: boolean }, cmd: Command) => {
      const asOf = await asOfArg(o.asOf);
      const { withStore } = await import('#cli/context');
      const { taskStatus } = await import('#shared/digest');
      await withStore(cmd, async ({ store }) => {
        const line = await taskStatus({ store, asOf, taskId: taskId.trim() });
        if (!line) {
          throw Object.assign(new Error(`task not in force: ${taskId}`), {
            code: 'invalid_arguments', messageVi: `Không có nhiệm vụ "${taskId}" đang có hiệu lực vào ngày này (xem \`intake registry list\`)`,
          });
        }
        if (o.json) { process.stdout.write(`${JSON.stringify(line, null, 2)}\n`); return; }
        const { taskBreakdownText } = await import('#shared/digest/labels');
        process.stdout.write(taskBreakdownText(line, asOf));
      });
    });

  digest
    .command('send')
    .description('Gửi ngay tổng hợp của một phiên họp tới người nhận của phiên họp (hoặc Tổ thư ký)')
    .requiredOption('--meeting <id>', 'phiên họp')
    .option('--as-of <date>', 'số liệu tính đến ngày (dd/mm/yyyy hoặc YYYY-MM-DD; mặc định hôm nay, giờ Việt Nam)')
    .action(async (o: { meeting: string; asOf?: string }, cmd: Command) => {
      const asOf = await asOfArg(o.asOf);
      const { withStore } = await import('#cli/context');
      const { sendMeetingDigestNow } = await import('#shared/meetings/send-now');
      await withStore(cmd, async ({ store, mailer, config, stack }) => {
        const sent = await sendMeetingDigestNow({ store, mailer, config, asOf, meetingId: o.meeting });
        const meeting = { id: sent.meetingId };
        const { viDate } = await import('#shared/domain/dates');
        process.stdout.write(`Đã gửi tổng hợp phiên họp ${meeting.id} (số liệu đến ngày ${viDate(asOf)}) tới ${sent.to.join(', ')}; mã thư ${sent.messageId}.\n`);
        if (stack?.dataDir) {
          const { emlPath } = await import('#local/stack');
          process.stdout.write(`Thư đã gửi (SES cục bộ): ${emlPath(stack.dataDir, sent.messageId)}\n`);
        }
      });
    });

  digest
    .command('run')
    .description('Chạy như lịch hằng ngày: gửi tổng hợp của các phiên họp đến hạn (mỗi phiên họp một lần)')
    .option('--now <time>', 'thời điểm giả định, giờ Việt Nam ("17/06/2024 07:00", "2024-06-17 07:00" hoặc ISO 8601), để chạy lại một ngày')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (o: { now?: string; json?: boolean }, cmd: Command) => {
      const { MomentArg, parseArgs } = await import('#shared/deadlines');
      const now = o.now ? new Date(parseArgs(z.object({ now: MomentArg }), { now: o.now }).now) : new Date();
      const { withStore } = await import('#cli/context');
      const { runDaily } = await import('#shared/meetings/daily');
      await withStore(cmd, async ({ store, mailer, config, blobs }) => {
        const res = await runDaily({ store, mailer, config, blobs, now });
        if (o.json) { process.stdout.write(`${JSON.stringify(res, null, 2)}\n`); return; }
        const vi: Record<string, string> = { sent: 'đã gửi', already_sent: 'đã gửi trước đó', not_due: 'chưa đến hạn', past: 'đã qua', failed: 'lỗi' };
        const { viDate } = await import('#shared/domain/dates');
        process.stdout.write(`Ngày ${viDate(res.date)}:\n`);
        for (const x of res.outcomes) process.stdout.write(`  ${x.meetingId}: ${vi[x.outcome]}${x.outcome === 'failed' ? ` — ${x.error}` : ''}\n`);
        if (res.outcomes.some((x) => x.outcome === 'failed')) process.exitCode = 1;
      });
    });
}
