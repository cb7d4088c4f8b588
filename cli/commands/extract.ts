/**
 * `intake extract FILE [--json]` — reads the tables of a report file.
 * --json prints the ExtractResult contract (fields a table lacks are omitted); without it, a readable table.
 * On bad input it exits non-zero with the Vietnamese and English message (main.ts prints ExtractErrors).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { ExtractResult } from '#shared/extract/model';
import { labelOf, STATUS_LABEL } from '#shared/domain/labels';
import { cut as cutText } from '#cli/voice';

const Options = z.object({
  json: z.boolean().optional(),
  maxBytes: z.coerce.number({ error: 'cần một số nguyên dương' }).int('cần một số nguyên dương').positive('cần một số nguyên dương').optional(),
  maxPages: z.coerce.number({ error: 'cần một số nguyên dương' }).int('cần một số nguyên dương').positive('cần một số nguyên dương').optional(),
  timeoutMs: z.coerce.number({ error: 'cần một số nguyên dương' }).int('cần một số nguyên dương').positive('cần một số nguyên dương').optional(),
});

const ROLE_LABEL: Record<string, string> = {
  stt: 'STT', content: 'Nội dung', lead: 'Chủ trì', coord: 'Phối hợp', refs: 'Văn bản', deadline: 'Thời hạn',
  product: 'Sản phẩm', result: 'Kết quả', statusMark: 'Đánh dấu', assessment: 'Đánh giá', risk: 'Nguy cơ', note: 'Ghi chú',
};


/** a padded column (#cli/voice cut). */
const cut = (s: string | undefined, n: number) => cutText(s, n, true);

/** A readable rendering: one block per table, one line per row (long texts cut). */
export function renderText(result: ExtractResult, fileName: string): string {
  const out: string[] = [];
  out.push(`${fileName}: ${result.format ?? ''}${result.pages ? `, ${result.pages} trang` : ''}, ${result.tables.length} bảng`);
  for (const t of result.tables) {
    out.push('');
    out.push(`Bảng ${t.index + 1} [${t.kind === 'tasks' ? 'danh sách nhiệm vụ' : 'bảng khác'}] ${t.title ?? ''}`.trimEnd());
    out.push(`  Cột: ${t.columns.map((c) => `${c.header || '—'} (${c.role})`).join(' | ')}`);
    if (t.kind !== 'tasks') {
      out.push(`  ${t.rows.length} dòng`);
      continue;
    }
    let section: string | undefined;
    const shown = (['deadline', 'result', 'statusMark'] as const).filter((k) => t.rows.some((r) => r[k]));
    out.push(`  ${cut('STT', 5)} ${cut('Nội dung', 60)} ${cut('Chủ trì', 18)} ${shown.map((k) => cut(ROLE_LABEL[k], 22)).join(' ')}  Nguồn`);
    for (const r of t.rows) {
      if (r.section !== section) {
        section = r.section;
        if (section) out.push(`  ■ ${section}`);
      }
      const where = r.source.sheet ? `${r.source.sheet}!${r.source.row}` : r.source.page ? `tr.${r.source.page}/d.${r.source.row}` : `d.${r.source.row}`;
      out.push(`  ${cut(r.stt, 5)} ${cut(r.content, 60)} ${cut(r.lead, 18)} ${shown.map((k) => cut(k === 'statusMark' && r[k] ? labelOf(STATUS_LABEL, r[k]) : r[k], 22)).join(' ')}  ${where}${r.source.rows ? ` (+${r.source.rows.length - 1})` : ''}`);
    }
  }
  if (result.warnings.length) {
    out.push('', 'Cảnh báo:');
    for (const w of result.warnings) out.push(`  - [${w.code}] ${w.message}`);
  }
  return out.join('\n');
}

/** The file's bytes; a missing file, a folder or an unreadable file is a clear error, not a stack trace. */
async function readInput(file: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  try {
    return new Uint8Array(await readFile(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const [en, vi] = code === 'ENOENT' ? ['file not found', `Không tìm thấy tệp "${file}"`]
      : code === 'EISDIR' ? ['this is a folder, not a file', `"${file}" là thư mục, không phải tệp`]
        : code === 'EACCES' || code === 'EPERM' ? ['no permission to read the file', `Không có quyền đọc tệp "${file}"`]
          : ['the file cannot be read', `Không đọc được tệp "${file}"`];
    throw Object.assign(new Error(`${en}: ${file}`), { code: 'file_unreadable', messageVi: vi });
  }
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('Đọc các bảng của một tệp báo cáo (DOCX, XLSX, PDF, HTML, văn bản)')
    .argument('<file>', 'tệp báo cáo (DOCX, XLSX, PDF, HTML, văn bản)')
    .option('--json', 'in kết quả dạng JSON (ExtractResult)')
    .option('--max-bytes <n>', 'giới hạn dung lượng tệp (byte)')
    .option('--max-pages <n>', 'giới hạn số trang PDF')
    .option('--timeout-ms <n>', 'giới hạn thời gian đọc (mili giây)')
    .action(async (file: string, raw: unknown) => {
      const { parseArgs } = await import('#shared/deadlines');
      const opts = parseArgs(Options, raw);
      const { basename } = await import('node:path');
      const { extract } = await import('#shared/extract');
      const bytes = await readInput(file);
      const limits = {
        ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}),
        ...(opts.maxPages ? { maxPages: opts.maxPages } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      };
      const result = await extract({ bytes, name: basename(file) }, { limits });
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderText(result, basename(file))}\n`);
    });
}
