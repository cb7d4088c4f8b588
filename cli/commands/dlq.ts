/** `intake dlq list|redrive [--queue ingest|ocr]`: the dead-letter queues (upload events, OCR jobs), for operators. */
import type { Command } from 'commander';
import type { CliContext } from '#cli/context';
import { DLQ_NAMES, type DeadLetterQueue, type DlqName } from '#shared/ingest/dead-letters';

const ENV: Record<DlqName, { env: string; output: string }> = {
  ingest: { env: 'INGEST_DLQ_URL', output: 'IngestDlqUrl' },
  ocr: { env: 'OCR_DLQ_URL', output: 'OcrDlqUrl' },
};

/** The queue named; with `optional` (both queues asked for), undefined for one whose URL is not set on AWS. */
async function queueOf(ctx: CliContext, name: DlqName, optional = false): Promise<DeadLetterQueue | undefined> {
  if (ctx.stack) return (await import('#local/dlq')).localDeadLetters(ctx.stack, name);
  const url = name === 'ocr' ? ctx.config.ocrDlqUrl : ctx.config.ingestDlqUrl;
  if (ctx.mode === 'aws' && url) {
    const { sqsDeadLetters } = await import('#shared/store/dlq-sqs');
    return sqsDeadLetters(url, ctx.config.region, undefined, name);
  }
  if (optional && ctx.mode === 'aws' && (ctx.config.ocrDlqUrl || ctx.config.ingestDlqUrl)) return undefined;
  const { env, output } = ENV[name];
  throw Object.assign(
    new Error(ctx.mode === 'aws' ? `set ${env} (stack output ${output})` : 'stop `intake serve` first: it holds the local dead letters'),
    { messageVi: ctx.mode === 'aws' ? `Chưa đặt ${env} (đầu ra ${output} của stack)` : 'Hãy dừng `intake serve` trước: hàng đợi lỗi cục bộ đang do nó giữ' },
  );
}

/** The queues an option names: one, or both when none is given. */
function named(opt: string | undefined): DlqName[] {
  if (opt === undefined) return [...DLQ_NAMES];
  if ((DLQ_NAMES as readonly string[]).includes(opt)) return [opt as DlqName];
  throw Object.assign(new Error(`--queue must be one of ${DLQ_NAMES.join(', ')}`), { messageVi: `--queue phải là một trong: ${DLQ_NAMES.join(', ')}` });
}

const LABEL: Record<DlqName, string> = { ingest: 'nạp báo cáo', ocr: 'OCR bản quét' };

export function register(program: Command): void {
  const dlq = program.command('dlq').description('Hàng đợi lỗi (dead-letter) của luồng nạp báo cáo và của bước OCR bản quét');
  dlq
    .command('list')
    .description('Liệt kê sự kiện đã lỗi quá số lần thử')
    .option('--queue <name>', `chỉ một hàng đợi (${DLQ_NAMES.join(' | ')}); mặc định: cả hai`)
    .option('--json', 'in dạng JSON')
    .action(async (opts: { json?: boolean; queue?: string }, cmd: Command) => {
      const names = named(opts.queue);
      const { withStore } = await import('#cli/context');
      const { withReasons } = await import('#shared/ingest/dead-letters');
      const letters = await withStore(cmd, async (ctx) => {
        const all = [];
        for (const n of names) {
          const q = await queueOf(ctx, n, names.length > 1);
          if (q) all.push(...await withReasons(await q.list(), ctx.store));
        }
        return all;
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
        return;
      }
      if (!letters.length) process.stdout.write('Hàng đợi lỗi trống.\n');
      for (const d of letters) {
        const what = d.queue === 'ocr' ? `OCR ${d.key ?? '?'}` : d.key ?? '(không phải sự kiện tải lên)';
        process.stdout.write(`${d.messageId}  nhận ${d.receiveCount} lần  ${what}${d.reason ? `  — ${d.reason}` : ''}\n`);
      }
    });
  dlq
    .command('redrive')
    .description('Đưa các sự kiện lỗi trở lại hàng đợi để xử lý lại')
    .option('--queue <name>', `chỉ một hàng đợi (${DLQ_NAMES.join(' | ')}); mặc định: cả hai`)
    .action(async (opts: { queue?: string }, cmd: Command) => {
      const names = named(opts.queue);
      const { withStore } = await import('#cli/context');
      const counts = await withStore(cmd, async (ctx) => {
        const out: Array<[DlqName, number]> = [];
        for (const n of names) {
          const q = await queueOf(ctx, n, names.length > 1);
          if (q) out.push([n, await q.redrive()]);
        }
        return out;
      });
      const total = counts.reduce((a, [, n]) => a + n, 0);
      const parts = counts.map(([q, n]) => `${LABEL[q]}: ${n}`);
      process.stdout.write(`Đã đưa lại ${total} sự kiện vào hàng đợi${counts.length > 1 ? ` (${parts.join(', ')})` : ''}.\n`);
    });
}
