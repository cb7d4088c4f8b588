/**
 * `intake deadline "TEXT" [--reference DATE] [--json]` — how a deadline cell is understood
 * ("Quý II/2024" → quý, hạn 2024-06-30).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { viDate, viMonthNumber } from '#shared/domain/dates';

const KIND_VI: Record<string, string> = {
  date: 'ngày', month: 'tháng', quarter: 'quý', year: 'năm', range: 'khoảng thời gian', before: 'trước một mốc',
  start_from: 'bắt đầu từ', recurring: 'thường xuyên', roadmap: 'theo lộ trình', compound: 'nhiều mốc', unknown: 'không hiểu',
};

const vnDate = (iso?: string) => (iso ? viDate(iso) : '');
const vnMonth = (ym?: string) => (ym ? viMonthNumber(ym) : '');

export function register(program: Command): void {
  program
    .command('deadline')
    .description('Đọc một ô "Thời gian hoàn thành" (Quý II/2024, T6/2024, Trước ngày 01/7/2024, Thường xuyên, …)')
    .argument('<text...>', 'nội dung ô thời hạn')
    .option('--reference <date>', 'ngày tham chiếu (dd/mm/yyyy hoặc YYYY-MM-DD) để điền năm khi ô không ghi năm')
    .option('--json', 'in dạng JSON')
    .action(async (words: string[], opts: { reference?: string; json?: boolean }) => {
      const { parseDeadline, dueOf, lateSince, overdueFrom, DayArg, parseArgs } = await import('#shared/deadlines');
      const args = parseArgs(z.object({ text: z.string().trim().min(1, 'cần nội dung ô thời hạn, ví dụ "Quý II/2024"'), reference: DayArg.optional(), json: z.boolean().optional() }),
        { text: words.join(' '), reference: opts.reference, json: opts.json });
      const d = parseDeadline(args.text, args.reference ? { reference: args.reference } : {});
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ ...d, dueOf: dueOf(d) ?? null, lateSince: lateSince(d) ?? null }, null, 2)}\n`);
        return;
      }
      const lines = [`Loại: ${KIND_VI[d.kind]} (${d.kind})`];
      const due = dueOf(d);
      if (due) {
        const why = d.due ? '' : ` — cuối năm mục tiêu ${d.targetYear} của lộ trình`;
        lines.push(`Hạn: ${vnDate(due)} (${due})${why}; nếu chưa hoàn thành: quá hạn từ ngày ${vnDate(overdueFrom(d))}, tính chậm muộn từ tháng ${vnMonth(lateSince(d))}`);
      }
      if (d.start) lines.push(`Bắt đầu: ${vnDate(d.start)} (${d.start})`);
      if (d.targetYear && !due) lines.push(`Năm mục tiêu: ${d.targetYear}`);
      for (const m of d.milestones ?? []) lines.push(`  • ${m.label}${m.due ? ` — hạn ${vnDate(m.due)}` : ''}${m.start ? ` — từ ${vnDate(m.start)}` : ''}`);
      if (d.kind === 'recurring') lines.push('Không có hạn cố định (thực hiện thường xuyên): không tính quá hạn.');
      if (d.kind === 'unknown') lines.push('Không nhận ra dạng thời hạn này; giữ nguyên văn bản gốc.');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
