/**
 * `intake items list|promote ITEM --task-id … --directive …` — the out-of-registry items (rows the secretariat
 * marked new; shared/review/items.ts): listed, and promoted into the registry as a task that takes over their rows.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { cut } from '#cli/voice';

const BY = 'secretariat';

export function register(program: Command): void {
  const items = program.command('items').description('Nhiệm vụ ngoài danh mục (các dòng đã đánh dấu mới): liệt kê, đưa vào danh mục');

  items
    .command('list')
    .description('Liệt kê nhiệm vụ ngoài danh mục: mã, cơ quan, ngày, báo cáo đầu tiên, nội dung')
    .option('--agency <agency>', 'chỉ của một cơ quan (mã cơ quan)')
    .option('--all', 'cả những nhiệm vụ đã đưa vào danh mục')
    .option('--json', 'in dạng JSON')
    .action(async (raw: unknown, cmd: Command) => {
      const { parseArgs } = await import('#shared/deadlines');
      const o = parseArgs(z.object({ agency: z.string().trim().min(1).optional(), all: z.boolean().optional(), json: z.boolean().optional() }), raw);
      const { withStore } = await import('#cli/context');
      const { listOutOfRegistry } = await import('#shared/review/items');
      const { viDate } = await import('#shared/domain/dates');
      await withStore(cmd, async ({ store }) => {
        const list = await listOutOfRegistry(store, { agencyId: o.agency, all: o.all });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        if (!list.length) {
          process.stdout.write('Chưa có nhiệm vụ ngoài danh mục nào.\n');
          return;
        }
        const out = [`${list.length} nhiệm vụ ngoài danh mục:`];
        for (const d of list) {
          const where = `${d.source.fileName ?? d.source.reportId.slice(0, 12)} dòng ${d.source.stt ?? d.source.rowId}`;
          out.push(`${d.ref}  ${d.agencyId}  ${viDate(d.at.slice(0, 10))}  ${where}  ${cut(d.text, 80)}${d.promotedTo ? `  → ${d.promotedTo}` : ''}`);
        }
        out.push('', 'Dùng: intake items promote MÃ --task-id MÃNHIỆMVỤ --directive SỐHIỆU');
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  items
    .command('promote')
    .description('Đưa một nhiệm vụ ngoài danh mục vào danh mục; nhiệm vụ mới nhận các dòng báo cáo về nó')
    .argument('<item>', 'mã nhiệm vụ ngoài danh mục (xem: intake items list)')
    .requiredOption('--task-id <id>', 'mã nhiệm vụ mới, ví dụ "2513/TB-TCTTKĐA:3"')
    .requiredOption('--directive <number>', 'số hiệu văn bản giao nhiệm vụ, ví dụ "2513/TB-TCTTKĐA"')
    .option('--issued <date>', 'ngày ban hành văn bản (khi danh mục chưa có văn bản này; dd/mm/yyyy hoặc YYYY-MM-DD)')
    .option('--title <title>', 'trích yếu văn bản (khi danh mục chưa có văn bản này)')
    .option('--content <text>', 'nội dung nhiệm vụ trong danh mục (mặc định: như cơ quan đã viết)')
    .option('--json', 'in dạng JSON')
    .action(async (ref: string, raw: unknown, cmd: Command) => {
      const { DayArg, parseArgs } = await import('#shared/deadlines');
      const o = parseArgs(z.object({
        taskId: z.string().trim().regex(/^[^\s:]+:[^\s]+$/, 'mã nhiệm vụ dạng SỐHIỆU:STT, ví dụ 04/CT-TTg:B.22').transform((s) => s.normalize('NFC')),
        directive: z.string().trim().min(3, 'cần số hiệu văn bản'),
        issued: DayArg.optional(),
        title: z.string().trim().min(1).optional(),
        content: z.string().trim().min(1).optional(),
        json: z.boolean().optional(),
      }), raw);
      const item = parseArgs(z.string().trim().regex(/^[A-Za-z0-9_-]{4,}$/, 'mã dạng chữ và số (ít nhất 4 ký tự)'), ref, ['item']);
      const { withStore } = await import('#cli/context');
      const { promoteItem } = await import('#shared/review/items');
      await withStore(cmd, async ({ store }) => {
        const r = await promoteItem(store, item, { ...o, by: BY });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Đã đưa vào danh mục: ${r.task.id} (${r.task.directive.number}); ${r.rows.length} dòng báo cáo chuyển sang nhiệm vụ này.\n`);
      });
    });
}
