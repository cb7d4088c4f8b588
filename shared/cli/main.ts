/**
 * `intake` — the operators' and the secretariat's command line.
 * Every file in ./commands registers its subcommands (export `register(program)`); heavy modules are imported
 * inside the actions so `intake --help` stays fast.
 */
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export async function main(argv: string[]): Promise<void> {
  // `intake … | head`: a closed pipe ends the command quietly instead of crashing it
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = new Command('intake')
    .description('Đề án 06 report intake: đọc báo cáo, đối chiếu nhiệm vụ, tổng hợp trước phiên họp')
    .option('--data-dir <dir>', 'where the embedded local stack keeps its data', '.local')
    .option('--aws', 'act on the deployed stack (AWS profile/region from the environment) instead of the local stack')
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
    const e = err as Error & { messageVi?: string; code?: string };
    process.stderr.write(`intake: ${e.messageVi ? `${e.messageVi} — ` : ''}${e.message}\n`);
    process.exitCode = 1;
  }
}
