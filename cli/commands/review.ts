/**
 * `intake review list|accept ROW TASK|reject ROW|new ROW|withdraw ROW|items` — the secretariat's corrections to the
 * matcher, each kept as a decision record the matcher remembers next round (shared/review/decide.ts).
 *
 * ROW is `REPORT/ROWID` as `review list` prints it (REPORT may be a unique prefix of the report id).
 * A correction is kept as such (StoredRow.override: action, task, when, by whom) and overrides the matcher; it never
 * rewrites the matcher's own result. `accept` also appends a status entry by 'secretariat' for the task, so the
 * task's history and latest status carry the row's status from that report.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { Store } from '#shared/store/records';
import type { Report, StoredRow } from '#shared/domain/report';
import { cut, scoreText } from '#cli/voice';

const RowRef = z
  .string()
  .regex(/^[A-Za-z0-9_-]{4,}\/\d+\.\d+$/, 'ROW dạng MÃBÁOCÁO/BẢNG.DÒNG, ví dụ 3f2a9c1b/0.4')
  .transform((s) => {
    const [report, rowId] = s.split('/') as [string, string];
    return { report, rowId };
  });
const TaskRef = z.string().min(3).regex(/^[^\s:]+:[^\s]+$/, 'mã nhiệm vụ dạng 04/CT-TTg:B.22');
const ListOptions = z.object({ json: z.boolean().optional() });

const BY = 'secretariat';

/** zod at the CLI boundary, with a Vietnamese message instead of zod's JSON. */
function parseArg<T>(schema: z.ZodType<T>, value: string, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const msg = r.error.issues[0]?.message ?? 'không hợp lệ';
  throw Object.assign(new Error(`invalid ${what}: ${value}`), { messageVi: `${what} "${value}" không hợp lệ: ${msg}` });
}

async function findRow(store: Store, ref: { report: string; rowId: string }): Promise<{ report: Report; row: StoredRow }> {
  let report = await store.getReport(ref.report);
  if (!report) {
    const all = await store.listReports();
    const hits = all.filter((r) => r.id.startsWith(ref.report));
    if (hits.length > 1) {
      throw Object.assign(new Error(`ambiguous report prefix: ${ref.report}`), { messageVi: `Mã báo cáo "${ref.report}" trùng với ${hits.length} báo cáo; ghi dài hơn` });
    }
    report = hits[0];
  }
  if (!report) throw Object.assign(new Error(`no report ${ref.report}`), { messageVi: `Không có báo cáo "${ref.report}"` });
  const row = await store.getRow(report.id, ref.rowId);
  if (!row) throw Object.assign(new Error(`no row ${ref.rowId} in ${report.id}`), { messageVi: `Báo cáo không có dòng ${ref.rowId}` });
  return { report, row };
}

function shortRef(row: StoredRow): string {
  return `${row.reportId.slice(0, 12)}/${row.rowId}`;
}

export function register(program: Command): void {
  const review = program.command('review').description('Hàng chờ xem xét: chấp nhận, bác bỏ hoặc đánh dấu nhiệm vụ mới');

  review
    .command('list')
    .description('Liệt kê các dòng cần xem (đối chiếu chưa chắc chắn, hoặc ngoài danh mục chờ xác nhận là nhiệm vụ mới), kèm các nhiệm vụ gợi ý và lý do')
    .option('--json', 'in dạng JSON')
    .action(async (raw: unknown, cmd: Command) => {
      const { parseArgs } = await import('#shared/deadlines');
      const opts = parseArgs(ListOptions, raw);
      const { withStore } = await import('#cli/context');
      const { whyVi } = await import('#shared/match/explain');
      const { waitingRows } = await import('#shared/review/queue');
      await withStore(cmd, async ({ store }) => {
        // the console's queue: the matcher's unsure rows and rows outside the registry waiting to be confirmed as new
        const waiting = await waitingRows(store);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(waiting.map(({ kind, row: r }) => ({ row: shortRef(r), kind, reportId: r.reportId, rowId: r.rowId, stt: r.cells.stt ?? null, content: r.cells.content ?? '', match: r.match, status: r.status })), null, 2)}\n`);
          return;
        }
        if (!waiting.length) {
          process.stdout.write('Không có dòng nào cần xem.\n');
          return;
        }
        const out: string[] = [`${waiting.length} dòng cần xem:`];
        for (const { kind, row: r } of waiting) {
          out.push(`${shortRef(r)}  STT ${r.cells.stt ?? '—'}  ${cut(r.cells.content, 90)}${kind === 'new' ? '  [ngoài danh mục: chờ xác nhận là nhiệm vụ mới]' : ''}`);
          for (const c of r.match?.candidates.slice(0, 3) ?? []) {
            out.push(`    ? ${c.taskId}  ${scoreText(c.score)}  ${(c.why ?? []).map(whyVi).join('; ')}`);
          }
        }
        out.push('', 'Dùng: intake review accept ROW TASK | intake review reject ROW | intake review new ROW');
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  review
    .command('accept')
    .description('Chấp nhận: dòng ROW báo cáo cho nhiệm vụ TASK (ghi lịch sử tình trạng của nhiệm vụ)')
    .argument('<row>', 'MÃBÁOCÁO/BẢNG.DÒNG')
    .argument('<task>', 'mã nhiệm vụ, ví dụ 04/CT-TTg:B.22')
    .action(async (rowArg: string, taskArg: string, _raw: unknown, cmd: Command) => {
      const ref = parseArg(RowRef, rowArg, 'ROW');
      const taskId = parseArg(TaskRef, taskArg.normalize('NFC'), 'TASK');
      const { withStore } = await import('#cli/context');
      await withStore(cmd, async ({ store }) => {
        const { report, row } = await findRow(store, ref);
        let task = await store.getTask(taskId);
        if (!task) {
          const { seedRegistry } = await import('#shared/registry');
          task = seedRegistry().find((t) => t.id === taskId);
        }
        if (!task) throw Object.assign(new Error(`unknown task ${taskId}`), { messageVi: `Không có nhiệm vụ "${taskId}" trong danh mục` });
        const { decide } = await import('#shared/review/decide');
        await decide(store, report, row, { action: 'accept', taskId }, { by: BY });
        process.stdout.write(`Đã chấp nhận: ${shortRef(row)} → ${taskId}\n`);
      });
    });

  for (const [action, label] of [['reject', 'Bác bỏ đối chiếu của dòng ROW (không ứng với nhiệm vụ gợi ý)'], ['new', 'Đánh dấu dòng ROW là nhiệm vụ mới (ngoài danh mục)']] as const) {
    review
      .command(action)
      .description(label)
      .argument('<row>', 'MÃBÁOCÁO/BẢNG.DÒNG')
      .action(async (rowArg: string, _raw: unknown, cmd: Command) => {
        const ref = parseArg(RowRef, rowArg, 'ROW');
        const { withStore } = await import('#cli/context');
        await withStore(cmd, async ({ store }) => {
          const { report, row } = await findRow(store, ref);
          const { decide } = await import('#shared/review/decide');
          await decide(store, report, row, { action }, { by: BY });
          process.stdout.write(`${action === 'reject' ? 'Đã bác bỏ' : 'Đã đánh dấu nhiệm vụ mới'}: ${shortRef(row)}\n`);
        });
      });
  }

  review
    .command('withdraw')
    .description('Rút lại quyết định đã ghi cho dòng ROW (giữ trong lịch sử, không dùng nữa; dòng trở lại hàng chờ)')
    .argument('<row>', 'MÃBÁOCÁO/BẢNG.DÒNG')
    .action(async (rowArg: string, _raw: unknown, cmd: Command) => {
      const ref = parseArg(RowRef, rowArg, 'ROW');
      const { withStore } = await import('#cli/context');
      await withStore(cmd, async ({ store }) => {
        const { report, row } = await findRow(store, ref);
        const { decide } = await import('#shared/review/decide');
        const { withdrawn } = await decide(store, report, row, { action: 'withdraw' }, { by: BY });
        process.stdout.write(withdrawn.length || row.override ? `Đã rút lại quyết định: ${shortRef(row)}\n` : `Dòng ${shortRef(row)} chưa có quyết định nào\n`);
      });
    });

  review
    .command('items')
    .description('Liệt kê các nhiệm vụ ngoài danh mục đã đánh dấu (cơ quan, nội dung, báo cáo đầu tiên, ngày)')
    .option('--json', 'in dạng JSON')
    .action(async (raw: unknown, cmd: Command) => {
      const { parseArgs } = await import('#shared/deadlines');
      const opts = parseArgs(ListOptions, raw);
      const { withStore } = await import('#cli/context');
      await withStore(cmd, async ({ store }) => {
        // the same list as `intake items list` (shared/review/items)
        const { listOutOfRegistry } = await import('#shared/review/items');
        const items = await listOutOfRegistry(store);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
          return;
        }
        if (!items.length) {
          process.stdout.write('Chưa có nhiệm vụ ngoài danh mục nào.\n');
          return;
        }
        const { viDate } = await import('#shared/domain/dates');
        const out = [`${items.length} nhiệm vụ ngoài danh mục:`];
        for (const d of items) out.push(`${d.agencyId}  ${viDate(d.at.slice(0, 10))}  ${d.source.fileName ?? d.source.reportId.slice(0, 12)} dòng ${d.source.stt ?? d.source.rowId}  ${cut(d.text, 90)}`);
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
}
