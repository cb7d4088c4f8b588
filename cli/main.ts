/**
 * `intake` — the operators' and the secretariat's command line.
 * Every file in ./commands registers its subcommands (export `register(program)`); heavy modules are imported
 * inside the actions so `intake --help` stays fast.
 */
import { Command } from 'commander';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { vietnameseVoice } from './voice';

const version = (): string =>
  (JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')) as { version: string }).version;

export async function main(argv: string[]): Promise<void> {
  // `intake … | head`: a closed pipe ends the command quietly instead of crashing it
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = vietnameseVoice(new Command('intake'), version())
    .description('Hệ thống nhận báo cáo Đề án 06: đọc báo cáo, đối chiếu nhiệm vụ, tổng hợp trước phiên họp')
    .option('--data-dir <dir>', 'thư mục dữ liệu của ngăn xếp cục bộ (DynamoDB, S3, SES giả lập)', '.local')
    .option('--aws', 'làm việc với hệ thống đã triển khai trên AWS (hồ sơ/vùng AWS lấy từ biến môi trường) thay vì ngăn xếp cục bộ')
    .helpOption('-h, --help', 'hướng dẫn sử dụng')
    .addHelpCommand('help [lệnh]', 'hướng dẫn của một lệnh')
    .showHelpAfterError();
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.test.ts')).sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { register?: (p: Command) => void };
    mod.register?.(program);
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.stderr.write(`intake: ${describeError(err)}\n`);
    process.exitCode = 1;
  }
}

const FS_ERRORS: Record<string, [string, string]> = {
  ENOENT: ['not found', 'Không tìm thấy'],
  EISDIR: ['is a folder, not a file', 'Là thư mục, không phải tệp:'],
  EACCES: ['permission denied', 'Không có quyền truy cập'],
  EPERM: ['permission denied', 'Không có quyền truy cập'],
  ENOTDIR: ['not a folder', 'Không phải thư mục:'],
};

/** One line for the person at the terminal: Vietnamese first, then English; never a stack or a raw zod dump. */
export function describeError(err: unknown): string {
  const e = err as Error & { messageVi?: string; code?: string; path?: string; issues?: Array<{ path: PropertyKey[]; message: string }> };
  if (e?.name === 'ZodError' && Array.isArray(e.issues)) {
    const what = e.issues.map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`).join('; ');
    return `Tham số không hợp lệ — ${what} — invalid arguments`;
  }
  const fs = e?.code ? FS_ERRORS[e.code] : undefined;
  if (fs && e.path) return `${fs[1]} "${e.path}" — ${e.path}: ${fs[0]}`;
  return `${e?.messageVi ? `${e.messageVi} — ` : ''}${e?.message ?? String(err)}`;
}
