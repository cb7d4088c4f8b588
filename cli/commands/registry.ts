/**
 * `intake registry import FILE --directive "04/CT-TTg" [--dry-run] [--json]`: reads a directive's appendix (any
 * format the extraction reads) and upserts its tasks, printing the diff (added / changed / removed).
 * `intake registry list [--directive D] [--agency A] [--due-before DATE] [--json]`: the registered tasks.
 * `intake registry show ID [--json]`: one task with its history.
 * `intake registry load-seeds`: loads the reviewed seed registry (seeds/registry/) into the store.
 */
import type { Command } from 'commander';
import { dueOf } from '#shared/deadlines';
import { viDate } from '#shared/domain/dates';
import type { Deadline } from '#shared/domain/task';

function out(s: string): void {
  process.stdout.write(`${s}\n`);
}

function short(s: string | undefined, n: number): string {
  if (!s) return '';
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** the due column as the secretariat reads it: dd/mm/yyyy, else what kind of deadline it is, never "unknown". */
function dueText(d: Deadline): string {
  const due = dueOf(d);
  if (due) return viDate(due);
  if (d.kind === 'recurring') return 'thường xuyên';
  if (d.kind === 'roadmap') return 'theo lộ trình';
  if (d.kind === 'start_from') return 'từ …';
  return d.raw.trim() ? 'chưa rõ' : '—';
}

export function register(program: Command): void {
  const registry = program.command('registry').description('Danh mục nhiệm vụ được giao (nhập từ phụ lục của chỉ thị, quyết định, nghị quyết)');

  registry
    .command('import')
    .description('Nhập phụ lục nhiệm vụ của một văn bản (DOCX, XLSX, PDF, văn bản thuần) và cập nhật danh mục; in phần thay đổi')
    .argument('<file>', 'tệp phụ lục')
    .requiredOption('--directive <number>', 'số hiệu văn bản giao nhiệm vụ, ví dụ "04/CT-TTg"')
    .option('--date <date>', 'ngày ban hành (dd/mm/yyyy hoặc YYYY-MM-DD) nếu văn bản không ghi')
    .option('--title <title>', 'trích yếu nếu văn bản không ghi')
    .option('--table <n...>', 'chỉ đọc các bảng này (số thứ tự từ 0, như intake extract)')
    .option('--dry-run', 'chỉ in phần thay đổi, không ghi')
    .option('--json', 'in dạng JSON')
    .action(async (file: string, opts: { directive: string; date?: string; title?: string; table?: string[]; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const { z } = await import('zod');
      const { readFileSync } = await import('node:fs');
      const { DirectiveNumber, importRegistry, diffSummary } = await import('#shared/registry');
      const { DayArg, parseArgs } = await import('#shared/deadlines');
      const args = parseArgs(z.object({
        directive: DirectiveNumber,
        date: DayArg.optional(),
        title: z.string().min(1).optional(),
        table: z.array(z.coerce.number().int().nonnegative()).optional(),
        dryRun: z.boolean().optional(),
        json: z.boolean().optional(),
      }), opts);
      const { existsSync, statSync } = await import('node:fs');
      if (!existsSync(file) || !statSync(file).isFile()) {
        throw Object.assign(new Error(`file not found: ${file}`), { messageVi: `Không tìm thấy tệp "${file}"` });
      }
      const bytes = new Uint8Array(readFileSync(file));
      if (bytes.length === 0) throw Object.assign(new Error(`empty file: ${file}`), { messageVi: `Tệp "${file}" rỗng` });
      const { withStore } = await import('#cli/context');
      const { diff, warnings, tasks } = await withStore(cmd, (ctx) =>
        importRegistry(ctx.store, { name: file, bytes }, {
          directive: args.directive,
          meta: { ...(args.date ? { date: args.date } : {}), ...(args.title ? { title: args.title } : {}) },
          ...(args.table ? { tables: args.table } : {}),
          dryRun: args.dryRun,
        }),
      );
      const summary = diffSummary(diff);
      if (args.json) {
        out(JSON.stringify({ ...summary, tasks: tasks.length, dryRun: Boolean(args.dryRun), warnings }, null, 2));
        return;
      }
      out(`${diff.directive}: ${tasks.length} nhiệm vụ đọc được${args.dryRun ? ' (chạy thử, chưa ghi)' : ''}`);
      out(`  Thêm mới: ${summary.added.length}   Thay đổi: ${summary.changed.length}   Không còn trong văn bản: ${summary.removed.length}   Không đổi: ${summary.unchanged}`);
      const shown = summary.added.length > 30 ? summary.added.slice(0, 20) : summary.added;
      for (const id of shown) out(`  + ${id}`);
      if (shown.length < summary.added.length) out(`  + … và ${summary.added.length - shown.length} nhiệm vụ khác (--json để xem đủ)`);
      for (const c of summary.changed) out(`  ~ ${c.id} (${c.fields.join(', ')})`);
      for (const id of summary.removed) out(`  - ${id}`);
      const byCode = new Map<string, number>();
      for (const w of warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
      const { REGISTRY_WARNING_LABEL, labelOf } = await import('#shared/domain/labels');
      for (const [code, n] of byCode) out(`  Lưu ý: ${n} ${labelOf(REGISTRY_WARNING_LABEL, code)}`);
      for (const w of warnings.filter((x) => x.code === 'unknown_deadline' || x.code === 'no_tasks' || x.code === 'directive_incomplete' || x.code === 'no_stt' || x.code === 'no_content')) {
        out(`    ${w.taskId ?? (w.row !== undefined ? `dòng ${w.row}` : '')} ${w.message}`);
      }
    });

  registry
    .command('list')
    .description('Liệt kê nhiệm vụ trong danh mục')
    .option('--directive <number>', 'chỉ nhiệm vụ của văn bản này, ví dụ "05/CT-TTg"')
    .option('--agency <agency>', 'chỉ nhiệm vụ cơ quan này chủ trì hoặc phối hợp (mã, tên hoặc tên viết tắt, ví dụ "BTP"), kể cả cơ quan tiền thân trước sắp xếp 2025')
    .option('--due-before <date>', 'chỉ nhiệm vụ có hạn trước ngày này (dd/mm/yyyy hoặc YYYY-MM-DD)')
    .option('--all', 'kể cả nhiệm vụ không còn trong văn bản đã nhập lại')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { directive?: string; agency?: string; dueBefore?: string; all?: boolean; json?: boolean }, cmd: Command) => {
      const { z } = await import('zod');
      const { DirectiveNumber } = await import('#shared/registry');
      const { DayArg, parseArgs } = await import('#shared/deadlines');
      const args = parseArgs(z.object({
        directive: DirectiveNumber.optional(),
        agency: z.string().min(1).optional(),
        dueBefore: DayArg.optional(),
        all: z.boolean().optional(),
        json: z.boolean().optional(),
      }), opts);
      const { withStore, resolveAgencyArg } = await import('#cli/context');
      const agencyId = args.agency ? await resolveAgencyArg(args.agency) : undefined;
      const { tasksForAgency } = await import('#shared/registry/query');
      const stored = await withStore(cmd, (ctx) => ctx.store.listTasks());
      const EMPTY_HINT = 'Danh mục nhiệm vụ đang trống. Nạp danh mục mẫu: intake registry load-seeds; hoặc nhập phụ lục của một văn bản: intake registry import <tệp> --directive <số hiệu>.';
      let tasks = args.directive ? stored.filter((t) => t.directive.number === args.directive) : stored;
      if (!args.all) tasks = tasks.filter((t) => !t.removed);
      if (agencyId) tasks = await tasksForAgency(tasks, agencyId);
      if (args.dueBefore) tasks = tasks.filter((t) => { const due = dueOf(t.deadline); return due !== undefined && due < args.dueBefore!; });
      // natural order, as the appendix lists them: A.2 before A.10, directive by directive
      const natural = new Intl.Collator('en', { numeric: true }).compare;
      tasks = [...tasks].sort((a, b) => natural(a.id, b.id));
      if (args.json) {
        if (!stored.length) process.stderr.write(`${EMPTY_HINT}\n`);
        out(JSON.stringify(tasks, null, 2));
        return;
      }
      if (!tasks.length) {
        out(stored.length ? 'Không có nhiệm vụ nào khớp điều kiện lọc.' : EMPTY_HINT);
        return;
      }
      for (const t of tasks) {
        out(`${t.id.padEnd(22)} ${dueText(t.deadline).padEnd(11)} ${short(t.lead.raw, 36).padEnd(36)} ${short(t.content, 80)}`);
      }
      out(`Tổng: ${tasks.length} nhiệm vụ`);
    });

  registry
    .command('show')
    .description('Xem một nhiệm vụ: nội dung, cơ quan, thời hạn, nguồn và lịch sử thay đổi')
    .argument('<id>', 'mã nhiệm vụ, ví dụ "04/CT-TTg:B.22"')
    .option('--json', 'in dạng JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const task = await withStore(cmd, (ctx) => ctx.store.getTask(id.normalize('NFC').trim()));
      if (!task) throw Object.assign(new Error(`no such task: ${id}`), { messageVi: `Không có nhiệm vụ "${id}" trong danh mục` });
      if (opts.json) {
        out(JSON.stringify(task, null, 2));
        return;
      }
      const agencies = (r: { raw: string; ids: string[]; groups?: string[]; unresolved?: string[] }) =>
        `${r.raw || '(trống)'}  → ${[...r.ids, ...(r.groups ?? []).map((g) => `[${g}]`)].join(', ') || '?'}${r.unresolved?.length ? `  (chưa nhận ra: ${r.unresolved.join('; ')})` : ''}`;
      out(`${task.id}${task.removed ? `  (không còn trong văn bản từ ${task.removed.at.slice(0, 10)})` : ''}`);
      out(`  Văn bản:    ${task.directive.kind} ${task.directive.number} ngày ${task.directive.date}`);
      if (task.section) out(`  Mục:        ${task.section.code}. ${task.section.title}`);
      out(`  Nội dung:   ${task.content}`);
      out(`  Chủ trì:    ${agencies(task.lead)}`);
      if (task.coord) out(`  Phối hợp:   ${agencies(task.coord)}`);
      out(`  Thời hạn:   ${task.deadline.raw || '(trống)'}  → ${task.deadline.kind}${dueOf(task.deadline) ? ` ${dueOf(task.deadline)}` : ''}`);
      if (task.product) out(`  Sản phẩm:   ${task.product}`);
      out(`  Nguồn:      ${task.provenance.file}${task.provenance.table !== undefined ? `, bảng ${task.provenance.table}` : ''}${task.provenance.row !== undefined ? `, dòng ${task.provenance.row}` : ''}`);
      for (const h of task.history ?? []) out(`  Thay đổi ${h.at.slice(0, 16).replace('T', ' ')}${h.source ? ` (${h.source})` : ''}: ${h.changes.map((c) => c.field).join(', ')}`);
    });

  registry
    .command('load-seeds')
    .description('Nạp danh mục nhiệm vụ mẫu đã rà soát (seeds/registry/) vào kho')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const { loadSeedRegistry } = await import('#shared/registry');
      const r = await withStore(cmd, (ctx) => loadSeedRegistry(ctx.store));
      out(opts.json ? JSON.stringify(r) : `Đã nạp ${r.tasks} nhiệm vụ (mới ${r.added}, thay đổi ${r.changed}).`);
    });
}
