/**
 * `intake serve`: keeps the embedded local stack up (data in --data-dir) until Ctrl-C, prints the SES web UI
 * (the mail the system sent) and the endpoints. Other `intake` commands on the same data dir use it meanwhile.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Chạy ngăn xếp cục bộ (DynamoDB, S3, SES giả lập) cho tới khi dừng (Ctrl-C); in địa chỉ xem thư đã gửi')
    .action(async (_opts: unknown, cmd: Command) => {
      const { GlobalOptions, announceServe } = await import('#cli/context');
      const { startLocalStack } = await import('#local/stack');
      const { dataDir } = GlobalOptions.parse(cmd.optsWithGlobals());
      const stack = await startLocalStack({ dataDir });
      const forget = announceServe(dataDir, stack.env);
      const out = process.stdout;
      out.write(`Ngăn xếp cục bộ đang chạy (dữ liệu: ${stack.dataDir})\n`);
      out.write(`  Thư đã gửi (SES): ${stack.sesUrl}/   (JSON: ${stack.sesUrl}/store)\n`);
      out.write(`  DynamoDB: ${stack.endpoints.dynamodb}   S3: ${stack.endpoints.s3}   bucket: ${stack.env.BUCKET_NAME}\n`);
      out.write('  Tệp đặt vào uploads/ được xử lý ngay; các lệnh intake khác dùng ngăn xếp này.\n');
      out.write('  Dừng: Ctrl-C\n');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      forget();
      await stack.stop();
      out.write('Đã dừng.\n');
    });
}
