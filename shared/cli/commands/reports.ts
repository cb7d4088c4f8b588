/** `intake reports list [--agency NAME] [--json]`: the reports received, oldest first. */
import type { Command } from 'commander';

export function register(program: Command): void {
  const reports = program.command('reports').description('Báo cáo đã nhận');
  reports
    .command('list')
    .description('Liệt kê báo cáo đã nhận: tệp, cơ quan, trạng thái, số dòng')
    .option('--agency <name>', 'chỉ báo cáo của cơ quan này (mã, tên hoặc tên viết tắt)')
    .option('--since <date>', 'nhận từ ngày (YYYY-MM-DD)')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { agency?: string; since?: string; json?: boolean }, cmd: Command) => {
      const { withStore, resolveAgencyArg } = await import('../context');
      const { describeReport } = await import('./ingest');
      const { z } = await import('zod');
      const since = opts.since ? z.iso.date().parse(opts.since) : undefined;
      const agencyId = opts.agency ? await resolveAgencyArg(opts.agency) : undefined;
      const list = await withStore(cmd, (ctx) => ctx.store.listReports({ agencyId, since }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (!list.length) {
        process.stdout.write('Chưa có báo cáo nào.\n');
        return;
      }
      for (const r of list) process.stdout.write(`${r.receivedAt.slice(0, 16).replace('T', ' ')}  ${describeReport(r)}\n`);
      process.stdout.write(`Tổng: ${list.length} báo cáo\n`);
    });
}
