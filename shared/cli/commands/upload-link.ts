/** `intake upload-link --agency ID [--expires 7d]` — a presigned POST limited to uploads/<agency>/. */
import type { Command } from 'commander';
import { z } from 'zod';

const Opts = z.object({
  agency: z.string().min(1),
  expires: z.string().default('7d'),
  maxMb: z.coerce.number().int().positive().max(5000).default(40),
  html: z.string().optional(),
  json: z.boolean().optional(),
});

export function register(program: Command): void {
  program
    .command('upload-link')
    .description('Tạo đường dẫn tải lên (presigned POST) cho một cơ quan, chỉ ghi được vào uploads/<cơ quan>/')
    .requiredOption('--agency <id>', 'mã, tên hoặc tên viết tắt của cơ quan')
    .option('--expires <d>', 'thời hạn: 7d, 12h, 30m (tối đa 7d)', '7d')
    .option('--max-mb <n>', 'dung lượng tối đa mỗi tệp (MB)', '40')
    .option('--html <file>', 'ghi thêm trang tải lên (HTML) vào tệp này')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (raw: unknown, cmd: Command) => {
      const opts = Opts.parse(raw);
      const { withStore, resolveAgencyArg } = await import('../context');
      const { presignUpload, parseExpiry } = await import('../../store/presign');
      const agencyId = await resolveAgencyArg(opts.agency);
      const expiresSeconds = parseExpiry(opts.expires);
      const link = await withStore(cmd, (ctx) => presignUpload(ctx.config, { agencyId, expiresSeconds, maxBytes: opts.maxMb * 1024 * 1024 }));
      if (opts.html) {
        const { writeFile } = await import('node:fs/promises');
        const { uploadFormHtml } = await import('../../templates/mail');
        await writeFile(opts.html, uploadFormHtml(link, agencyId));
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(link, null, 2)}\n`);
        return;
      }
      const form = Object.entries(link.fields).map(([k, v]) => `  -F '${k}=${v}'`).join(' \\\n');
      process.stdout.write(`Đường dẫn tải lên cho ${agencyId} (hiệu lực đến ${link.expiresAt}, tối đa ${opts.maxMb} MB/tệp, vào ${link.keyPrefix}):\n`);
      process.stdout.write(`curl -X POST '${link.url}' \\\n${form} \\\n  -F 'Content-Type=application/pdf' \\\n  -F 'file=@bao-cao.pdf'\n`);
    });
}
