/** `intake dlq list|redrive`: the ingest dead-letter queue, for operators. */
import type { Command } from 'commander';
import type { CliContext } from '#cli/context';
import type { DeadLetterQueue } from '#shared/ingest/dead-letters';

async function queueOf(ctx: CliContext): Promise<DeadLetterQueue> {
  if (ctx.stack) return (await import('#local/dlq')).localDeadLetters(ctx.stack);
  const url = ctx.config.ingestDlqUrl;
  if (ctx.mode === 'aws' && url) return (await import('#shared/store/dlq-sqs')).sqsDeadLetters(url, ctx.config.region);
  throw Object.assign(
    new Error(ctx.mode === 'aws' ? 'set INGEST_DLQ_URL (stack output IngestDlqUrl)' : 'stop `intake serve` first: it holds the local dead letters'),
    { messageVi: ctx.mode === 'aws' ? 'Chưa đặt INGEST_DLQ_URL (đầu ra IngestDlqUrl của stack)' : 'Hãy dừng `intake serve` trước: hàng đợi lỗi cục bộ đang do nó giữ' },
  );
}

export function register(program: Command): void {
  const dlq = program.command('dlq').description('Hàng đợi lỗi (dead-letter) của luồng nạp báo cáo');
  dlq
    .command('list')
    .description('Liệt kê sự kiện đã lỗi quá số lần thử')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const { withReasons } = await import('#shared/ingest/dead-letters');
      const letters = await withStore(cmd, async (ctx) => withReasons(await (await queueOf(ctx)).list(), ctx.store));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
        return;
      }
      if (!letters.length) process.stdout.write('Hàng đợi lỗi trống.\n');
      for (const d of letters) {
        process.stdout.write(`${d.messageId}  nhận ${d.receiveCount} lần  ${d.key ?? '(không phải sự kiện tải lên)'}${d.reason ? `  — ${d.reason}` : ''}\n`);
      }
    });
  dlq
    .command('redrive')
    .description('Đưa các sự kiện lỗi trở lại hàng đợi để xử lý lại')
    .action(async (_opts: unknown, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const n = await withStore(cmd, async (ctx) => (await queueOf(ctx)).redrive());
      process.stdout.write(`Đã đưa lại ${n} sự kiện vào hàng đợi.\n`);
    });
}
