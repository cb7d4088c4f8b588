/** `intake reports list [--agency NAME] [--json]`: the reports received, oldest first. */
import type { Command } from 'commander';
import { DECISION_LABEL, labelOf, OVERRIDE_LABEL, STATUS_LABEL } from '#shared/domain/labels';

export function register(program: Command): void {
  const reports = program.command('reports').alias('report').description('Báo cáo đã nhận');
  reports
    .command('list')
    .description('Liệt kê báo cáo đã nhận: tệp, cơ quan, trạng thái, số dòng')
    .option('--agency <agency>', 'chỉ báo cáo của cơ quan này (mã, tên hoặc tên viết tắt, ví dụ "BTP")')
    .option('--since <date>', 'nhận từ ngày (dd/mm/yyyy hoặc YYYY-MM-DD)')
    .option('--json', 'in dạng JSON')
    .action(async (raw: unknown, cmd: Command) => {
      const { withStore, resolveAgencyArg } = await import('#cli/context');
      const { describeReport, reviewState, agencyNamer } = await import('./ingest');
      const { z } = await import('zod');
      const { DayArg, parseArgs } = await import('#shared/deadlines');
      const opts = parseArgs(z.object({ agency: z.string().min(1).optional(), since: DayArg.optional(), json: z.boolean().optional() }), raw);
      const agencyId = opts.agency ? await resolveAgencyArg(opts.agency) : undefined;
      const { list, reviews } = await withStore(cmd, async (ctx) => {
        const list = await ctx.store.listReports({ agencyId, since: opts.since });
        // the review figure follows the secretariat's decisions (the report's counts are as received)
        const reviews = new Map<string, ReturnType<typeof reviewState>>();
        if (!opts.json) {
          for (const r of list) if (r.counts?.review) reviews.set(r.id, reviewState(await ctx.store.listRows(r.id)));
        }
        return { list, reviews };
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (!list.length) {
        process.stdout.write('Chưa có báo cáo nào.\n');
        return;
      }
      const agencyName = await agencyNamer();
      for (const r of list) {
        process.stdout.write(`${r.receivedAt.slice(0, 16).replace('T', ' ')}  ${describeReport(r, { agencyName, review: reviews.get(r.id) })}\n`);
      }
      process.stdout.write(`Tổng: ${list.length} báo cáo\n`);
    });
  reports
    .command('show')
    .description('Một báo cáo và các dòng của nó: nội dung, nhiệm vụ khớp, quyết định, tình trạng')
    .argument('<id>', 'mã báo cáo (đủ vài ký tự đầu, như trong `intake reports list`)')
    .option('--json', 'in dạng JSON')
    .action(async (idArg: string, opts: { json?: boolean }, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const { describeReport, reviewState, agencyNamer } = await import('./ingest');
      const prefix = idArg.trim().toLowerCase();
      if (!/^[0-9a-f]{4,64}$/.test(prefix)) {
        throw Object.assign(new Error(`invalid report id: ${idArg}`), {
          code: 'invalid_arguments',
          messageVi: `Mã báo cáo "${idArg}" không hợp lệ — cần ít nhất 4 ký tự đầu của mã (0-9, a-f) như trong \`intake reports list\``,
        });
      }
      const found = await withStore(cmd, async (ctx) => {
        const matches = (await ctx.store.listReports()).filter((r) => r.id.startsWith(prefix));
        if (matches.length !== 1) return { matches: matches.length };
        return { report: matches[0], rows: await ctx.store.listRows(matches[0].id) };
      });
      if (!('report' in found) || !found.report) {
        throw Object.assign(new Error(`${found.matches} reports match ${prefix}`), {
          messageVi: found.matches ? `Có ${found.matches} báo cáo bắt đầu bằng "${prefix}", hãy gõ thêm ký tự` : `Không có báo cáo "${prefix}"`,
        });
      }
      const { report, rows } = found;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ report, rows }, null, 2)}\n`);
        return;
      }
      const out = (line: string) => process.stdout.write(`${line}\n`);
      out(describeReport(report, { agencyName: await agencyNamer(), review: reviewState(rows) }));
      out(`  tệp: s3://${report.bucket}/${report.key} · ${report.size} byte · SHA-256 ${report.sha256.slice(0, 16)}… · nhận ${report.receivedAt}`);
      for (const r of rows) {
        const content = (r.cells.content ?? '').replace(/\s+/g, ' ');
        const task = r.override ? `${r.override.taskId ?? '—'} (Thư ký: ${labelOf(OVERRIDE_LABEL, r.override.action)})` : r.match?.taskId ?? '—';
        out(`  ${r.rowId.padEnd(6)} ${(r.cells.stt ?? '').padEnd(5)} ${content.length > 60 ? `${content.slice(0, 59)}…` : content.padEnd(60)}  ${
          labelOf(DECISION_LABEL, r.match?.decision, '').padEnd(11)} ${task.padEnd(18)} ${labelOf(STATUS_LABEL, r.status?.value, '')}`);
      }
    });
  reports
    .command('reassign')
    .description('Chuyển một báo cáo sang cơ quan khác (gửi nhầm cơ quan): tình trạng nó ghi nhận được tính cho cơ quan mới; ghi vào lịch sử')
    .argument('<id>', 'mã báo cáo (đủ vài ký tự đầu, như trong `intake reports list`)')
    .requiredOption('--agency <name>', 'cơ quan đúng: mã, tên hoặc tên viết tắt')
    .option('--reason <text>', 'lý do (ghi vào lịch sử)')
    .option('--json', 'in dạng JSON')
    .action(async (idArg: string, opts: { agency: string; reason?: string; json?: boolean }, cmd: Command) => {
      const { withStore, resolveAgencyArg } = await import('#cli/context');
      const { reassignReport } = await import('#shared/review/report-actions');
      const { describeReport, agencyNamer } = await import('./ingest');
      const agencyId = await resolveAgencyArg(opts.agency);
      const out = await withStore(cmd, async (ctx) => {
        const id = await reportIdFromPrefix(ctx.store, idArg);
        return reassignReport(ctx.store, id, agencyId, { by: 'cli', ...(opts.reason ? { reason: opts.reason } : {}) });
      });
      if (opts.json) return void process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      const name = await agencyNamer();
      process.stdout.write(`Đã chuyển sang ${name(agencyId)} (${out.moved} tình trạng ghi nhận lại).\n${describeReport(out.report, { agencyName: name })}\n`);
    });
  reports
    .command('withdraw')
    .description('Rút một báo cáo (gửi nhầm, trùng): báo cáo được giữ lại và đánh dấu, tình trạng của nó không còn được tính; ghi vào lịch sử')
    .argument('<id>', 'mã báo cáo (đủ vài ký tự đầu, như trong `intake reports list`)')
    .option('--reason <text>', 'lý do (ghi vào lịch sử)')
    .option('--json', 'in dạng JSON')
    .action(async (idArg: string, opts: { reason?: string; json?: boolean }, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const { withdrawReport } = await import('#shared/review/report-actions');
      const { describeReport, agencyNamer } = await import('./ingest');
      const out = await withStore(cmd, async (ctx) => {
        const id = await reportIdFromPrefix(ctx.store, idArg);
        return withdrawReport(ctx.store, id, { by: 'cli', ...(opts.reason ? { reason: opts.reason } : {}) });
      });
      if (opts.json) return void process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      process.stdout.write(`Đã rút báo cáo (${out.retracted} tình trạng không còn được tính).\n${describeReport(out.report, { agencyName: await agencyNamer() })}\n`);
    });
}

/** A report id from its first characters (as `intake reports list` shows them); refuses in Vietnamese. */
async function reportIdFromPrefix(store: import('#shared/store/records').Store, idArg: string): Promise<string> {
  const prefix = idArg.trim().toLowerCase();
  if (!/^[0-9a-f]{4,64}$/.test(prefix)) {
    throw Object.assign(new Error(`invalid report id: ${idArg}`), {
      code: 'invalid_arguments',
      messageVi: `Mã báo cáo "${idArg}" không hợp lệ — cần ít nhất 4 ký tự đầu của mã (0-9, a-f) như trong \`intake reports list\``,
    });
  }
  const matches = (await store.listReports()).filter((r) => r.id.startsWith(prefix));
  if (matches.length !== 1) {
    throw Object.assign(new Error(`${matches.length} reports match ${prefix}`), {
      messageVi: matches.length ? `Có ${matches.length} báo cáo bắt đầu bằng "${prefix}", hãy gõ thêm ký tự` : `Không có báo cáo "${prefix}"`,
    });
  }
  return matches[0]!.id;
}
