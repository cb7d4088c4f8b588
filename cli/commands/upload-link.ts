/** `intake upload-link --agency ID [--expires 7d]` — a presigned POST limited to uploads/<agency>/. */
import type { Command } from 'commander';
import { z } from 'zod';

const Opts = z.object({
  agency: z.string().min(1, 'cần mã, tên hoặc tên viết tắt của cơ quan'),
  expires: z.string().default('7d'),
  maxMb: z.coerce.number('cần một số MB').int('cần số nguyên').positive('phải lớn hơn 0').max(5000, 'tối đa 5000 MB').default(40),
  html: z.string().optional(),
  json: z.boolean().optional(),
});

/** Refusal when the only S3 at hand is the embedded one, which stops when the command ends. */
export function deadLocalLink(): Error {
  return Object.assign(new Error('no running local stack: start `npx intake serve` first'), {
    code: 'local_stack_not_running',
    messageVi: 'Chưa có máy chủ cục bộ đang chạy: đường dẫn tạo lúc này sẽ hỏng ngay khi lệnh kết thúc. Chạy `npx intake serve` ở một cửa sổ khác (giữ nó chạy) rồi chạy lại lệnh này',
  });
}

export function register(program: Command): void {
  program
    .command('upload-link')
    .description('Tạo đường dẫn tải lên (presigned POST) cho một cơ quan, chỉ ghi được vào uploads/<cơ quan>/')
    .requiredOption('--agency <agency>', 'cơ quan (mã, tên hoặc tên viết tắt, ví dụ "BTP")')
    .option('--expires <d>', 'thời hạn: 7d, 12h, 30m (tối đa 7d)', '7d')
    .option('--max-mb <n>', 'dung lượng tối đa mỗi tệp (MB)', '40')
    .option('--html <file>', 'ghi thêm trang tải lên (HTML) vào tệp này')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (raw: unknown, cmd: Command) => {
      const { parseArgs } = await import('#shared/deadlines');
      const opts = parseArgs(Opts, raw);
      const { withStore, resolveAgencyArg } = await import('#cli/context');
      const { parseExpiry } = await import('#shared/store/upload-links');
      const agencyId = await resolveAgencyArg(opts.agency);
      const expiresSeconds = parseExpiry(opts.expires);
      const { agencyNamer } = await import('./ingest');
      const agencyName = (await agencyNamer())(agencyId);
      const link = await withStore(cmd, async (ctx) => {
        // the embedded stack stops with this command: a link to it would be dead before anyone opens it
        if (ctx.mode === 'embedded') throw deadLocalLink();
        return ctx.links.create({ agencyId, expiresSeconds, maxBytes: opts.maxMb * 1024 * 1024 });
      });
      if (opts.html) {
        const { writeFile } = await import('node:fs/promises');
        const { uploadFormHtml } = await import('#shared/templates/mail');
        await writeFile(opts.html, uploadFormHtml(link, agencyName));
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(link, null, 2)}\n`);
        return;
      }
      // the key names the file: S3 fills in ${filename} itself, a local S3 (s3rver) does not — so write the name out
      const form = Object.entries(link.fields).map(([k, v]) => `  -F '${k}=${k === 'key' ? `${link.keyPrefix}bao-cao.pdf` : v}'`).join(' \\\n');
      process.stdout.write(`Đường dẫn tải lên cho ${agencyName} (hiệu lực đến ${link.expiresAt}, tối đa ${opts.maxMb} MB/tệp, vào ${link.keyPrefix}):\n`);
      process.stdout.write(`curl -X POST '${link.url}' \\\n${form} \\\n  -F 'Content-Type=application/pdf' \\\n  -F 'file=@bao-cao.pdf'\n`);
      process.stdout.write(`(đổi "bao-cao.pdf" ở cả key=${link.keyPrefix}… và file=@… thành tên tệp gửi; trang HTML (--html) tự điền tên tệp)\n`);
    });
}
