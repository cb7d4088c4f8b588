/**
 * `intake templates build|send|remind` — per-agency report templates (Phụ lục 01, pre-filled with the agency's
 * tasks and their ids), sending them with the deadline and an upload link, and reminders before the deadline.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { DayArg, parseArgs } from '#shared/deadlines';
import { viDate as viDay, vnToday as todayVn } from '#shared/domain/dates';
import type { Task } from '#shared/domain/task';
import type { CliContext } from '#cli/context';

const IsoDate = DayArg;
const Formats = z.string().default('xlsx,docx').transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.enum(['xlsx', 'docx'], 'chỉ xlsx và/hoặc docx, cách nhau bằng dấu phẩy')).min(1));
const Period = z.string().min(3, 'cần ghi kỳ báo cáo, ví dụ "6 tháng đầu năm 2024", "quý II/2024", "tháng 6/2024"');
const Count = (what: string) => z.coerce.number(`cần một số (${what})`).int(`cần số nguyên (${what})`).nonnegative(`không âm (${what})`);

const BuildOpts = z.object({
  period: Period, agency: z.string().optional(), out: z.string().min(1, 'cần thư mục ghi biểu mẫu'), deadline: IsoDate.optional(),
  format: Formats, seeds: z.boolean().optional(),
});
const SendOpts = z.object({
  period: Period, agency: z.string().optional(), deadline: IsoDate, expires: z.string().default('7d'),
  remindDays: Count('ngày').max(60, 'tối đa 60 ngày').default(3),
  format: Formats, seeds: z.boolean().optional(), dryRun: z.boolean().optional(), force: z.boolean().optional(),
});
const RemindOpts = z.object({
  period: Period, deadline: IsoDate, remindDays: Count('ngày').max(60, 'tối đa 60 ngày').default(3),
  since: IsoDate.optional(), today: IsoDate.optional(), agency: z.string().optional(), dryRun: z.boolean().optional(),
});

async function agencyNameOf(): Promise<(id: string) => string> {
  const { agencyNamer } = await import('./ingest');
  return agencyNamer();
}

async function registryTasks(ctx: CliContext | undefined, seedsOnly: boolean | undefined): Promise<Task[]> {
  if (ctx && !seedsOnly) {
    const stored = await ctx.store.listTasks();
    if (stored.length) return stored;
  }
  const { seedRegistry } = await import('#shared/registry');
  return seedRegistry();
}

async function agenciesFor(agencyArg: string | undefined, tasks: Task[], period: import('#shared/templates').Period) {
  const { directoryLookup, agenciesWithTasks } = await import('#shared/templates');
  const dir = await directoryLookup();
  if (agencyArg) {
    const { resolveAgencyArg } = await import('#cli/context');
    return { dir, ids: [await resolveAgencyArg(agencyArg)] };
  }
  return { dir, ids: agenciesWithTasks(tasks, period, dir) };
}

export function register(program: Command): void {
  const templates = program.command('templates').description('Biểu mẫu báo cáo theo từng cơ quan (Phụ lục 01, có sẵn nhiệm vụ và mã nhiệm vụ)');

  templates
    .command('build')
    .description('Tạo biểu mẫu XLSX/DOCX cho từng cơ quan')
    .requiredOption('--period <text>', 'kỳ báo cáo, ví dụ "6 tháng đầu năm 2024"')
    .option('--agency <agency>', 'chỉ một cơ quan (mã, tên hoặc tên viết tắt, ví dụ "BTP")')
    .requiredOption('--out <dir>', 'thư mục ghi biểu mẫu')
    .option('--deadline <date>', 'hạn gửi báo cáo (dd/mm/yyyy hoặc YYYY-MM-DD), in trên biểu mẫu')
    .option('--format <list>', 'định dạng biểu mẫu: xlsx, docx hoặc cả hai (cách nhau bằng dấu phẩy)', 'xlsx,docx')
    .option('--seeds', 'lấy danh mục nhiệm vụ từ seeds/registry (không mở kho dữ liệu)')
    .action(async (raw: unknown, cmd: Command) => {
      const opts = parseArgs(BuildOpts, raw);
      const { mkdir, writeFile } = await import('node:fs/promises');
      const { join } = await import('node:path');
      const { buildTemplate, parsePeriod } = await import('#shared/templates');
      const period = parsePeriod(opts.period);
      const run = async (ctx?: CliContext) => {
        const tasks = await registryTasks(ctx, opts.seeds);
        const { dir, ids } = await agenciesFor(opts.agency, tasks, period);
        await mkdir(opts.out, { recursive: true });
        let files = 0;
        for (const agencyId of ids) {
          const built = await buildTemplate({ agencyId, agencyName: dir.nameOn(agencyId, period.end), period, deadline: opts.deadline, tasks, dir, formats: opts.format });
          for (const f of built.files) { await writeFile(join(opts.out, f.name), f.bytes); files += 1; }
          process.stdout.write(`${dir.nameOn(agencyId, period.end)}: ${built.tasks.length} nhiệm vụ (${built.tasks.filter((t) => t.role === 'lead').length} chủ trì)\n`);
        }
        process.stdout.write(`Đã tạo ${files} tệp cho ${ids.length} cơ quan trong ${opts.out} (${tasks.length} nhiệm vụ trong danh mục)\n`);
      };
      if (opts.seeds) await run();
      else {
        const { withStore } = await import('#cli/context');
        await withStore(cmd, run);
      }
    });

  templates
    .command('send')
    .description('Gửi mỗi cơ quan biểu mẫu của mình, hạn báo cáo và đường dẫn tải lên')
    .requiredOption('--period <text>', 'kỳ báo cáo')
    .requiredOption('--deadline <date>', 'hạn gửi báo cáo (dd/mm/yyyy hoặc YYYY-MM-DD)')
    .option('--agency <agency>', 'chỉ một cơ quan (mã, tên hoặc tên viết tắt, ví dụ "BTP")')
    .option('--expires <d>', 'hiệu lực đường dẫn tải lên (tối đa 7d)', '7d')
    .option('--remind-days <n>', 'lịch hằng ngày nhắc các cơ quan chưa gửi khi còn N ngày đến hạn', '3')
    .option('--format <list>', 'định dạng biểu mẫu: xlsx, docx hoặc cả hai (cách nhau bằng dấu phẩy)', 'xlsx,docx')
    .option('--seeds', 'lấy danh mục nhiệm vụ từ seeds/registry')
    .option('--dry-run', 'chỉ liệt kê, không gửi')
    .option('--force', 'vẫn gửi khi hạn báo cáo đã qua')
    .action(async (raw: unknown, cmd: Command) => {
      const opts = parseArgs(SendOpts, raw);
      // a deadline already past: the templates would ask for a report that is already late, and no reminder
      // ("N ngày trước hạn") would ever go out
      const today = todayVn();
      if (opts.deadline < today && !opts.force && !opts.dryRun) {
        throw Object.assign(new Error(`deadline ${opts.deadline} is before today (${today}); use --force to send anyway`), {
          code: 'invalid_arguments',
          messageVi: `Hạn gửi báo cáo ${viDay(opts.deadline)} đã qua (hôm nay ${viDay(today)}): các cơ quan sẽ nhận biểu mẫu đã quá hạn và sẽ không có thư nhắc. Kiểm tra lại --deadline, hoặc thêm --force nếu vẫn muốn gửi`,
        });
      }
      const { withStore, resolveAgencyArg } = await import('#cli/context');
      const { campaignFor, parsePeriod, sendTemplates } = await import('#shared/templates');
      const { parseExpiry } = await import('#shared/store/upload-links');
      const period = parsePeriod(opts.period);
      const expiresSeconds = parseExpiry(opts.expires);
      const agencyIds = opts.agency ? [await resolveAgencyArg(opts.agency)] : undefined;
      await withStore(cmd, async (ctx) => {
        const tasks = await registryTasks(ctx, opts.seeds);
        // the embedded stack stops with this command: an upload link to it would be dead in the agencies' mail
        const uploadLink = ctx.mode !== 'embedded';
        // the round first: each mail then carries the agency's own page link for it (when WEB_BASE_URL is known)
        const round = campaignFor({ period: opts.period, deadline: opts.deadline, remindDaysBefore: opts.remindDays, agencyIds });
        const res = await sendTemplates(ctx, { tasks, period, deadline: opts.deadline, agencyIds, expiresSeconds, formats: opts.format, dryRun: opts.dryRun, uploadLink, round });
        if (!uploadLink && res.sent.length) {
          process.stdout.write('Lưu ý: thư không kèm trang tải lên (Tai-len-bao-cao.html) vì máy chủ cục bộ dừng khi lệnh kết thúc; các cơ quan trả lời thư kèm tệp. Muốn kèm đường dẫn tải lên: chạy `npx intake serve` ở cửa sổ khác rồi gửi lại.\n');
        }
        if (!opts.dryRun && res.sent.length) {
          // the daily run reminds the agencies that have not reported, N days before the deadline
          await ctx.store.putCampaign(campaignFor({ period: opts.period, deadline: opts.deadline, remindDaysBefore: opts.remindDays, agencyIds }));
        }
        const name = await agencyNameOf();
        for (const s of res.sent) process.stdout.write(`${name(s.agencyId)}: ${s.tasks} nhiệm vụ → ${s.to.join(', ')}\n`);
        process.stdout.write(`${opts.dryRun ? 'Sẽ gửi' : 'Đã gửi'} biểu mẫu cho ${res.sent.length} cơ quan; nhắc tự động khi còn ${opts.remindDays} ngày đến hạn.${res.noContact.length ? ` Chưa có địa chỉ nhận (${res.noContact.length}): ${res.noContact.join(', ')}` : ''}\n`);
      });
    });

  templates
    .command('remind')
    .description('Nhắc các cơ quan chưa gửi báo cáo, trong N ngày trước hạn')
    .requiredOption('--period <text>', 'kỳ báo cáo')
    .requiredOption('--deadline <date>', 'hạn gửi báo cáo (dd/mm/yyyy hoặc YYYY-MM-DD)')
    .option('--remind-days <n>', 'nhắc khi còn N ngày (hoặc ít hơn) đến hạn', '3')
    .option('--since <date>', 'tính các báo cáo nhận từ ngày này (dd/mm/yyyy hoặc YYYY-MM-DD; mặc định: 30 ngày trước hạn)')
    .option('--today <date>', 'ngày hôm nay (dd/mm/yyyy hoặc YYYY-MM-DD), để chạy thử')
    .option('--agency <agency>', 'chỉ một cơ quan (mã, tên hoặc tên viết tắt, ví dụ "BTP")')
    .option('--dry-run', 'chỉ liệt kê, không gửi')
    .action(async (raw: unknown, cmd: Command) => {
      const opts = parseArgs(RemindOpts, raw);
      const { withStore, resolveAgencyArg } = await import('#cli/context');
      const { campaignFor, parsePeriod, sendReminders } = await import('#shared/templates');
      const period = parsePeriod(opts.period);
      const today = opts.today ?? todayVn();
      const agencyIds = opts.agency ? [await resolveAgencyArg(opts.agency)] : undefined;
      await withStore(cmd, async (ctx) => {
        const tasks = await registryTasks(ctx, false);
        const roundId = campaignFor({ period: opts.period, deadline: opts.deadline, remindDaysBefore: opts.remindDays, agencyIds }).id;
        const plan = await sendReminders(ctx, { tasks, period, deadline: opts.deadline, daysBefore: opts.remindDays, today, since: opts.since, agencyIds, dryRun: opts.dryRun, roundId });
        if (!plan.due) {
          process.stdout.write(`Chưa đến lúc nhắc: còn ${plan.daysLeft} ngày đến hạn (nhắc khi còn ≤ ${opts.remindDays} ngày, không nhắc sau hạn).\n`);
          return;
        }
        const name = await agencyNameOf();
        for (const a of plan.agencies) process.stdout.write(`${name(a.agencyId)} → ${a.to.join(', ')}\n`);
        process.stdout.write(`${opts.dryRun ? 'Sẽ nhắc' : 'Đã nhắc'} ${plan.agencies.length} cơ quan; đã báo cáo: ${plan.reported.length}; chưa có địa chỉ: ${plan.noContact.length}.\n`);
      });
    });
}
