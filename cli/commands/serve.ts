/**
 * `intake serve`: keeps the embedded local stack up (data in --data-dir) until Ctrl-C, prints the SES web UI
 * (the mail the system sent) and the endpoints, and runs the secretariat's console (web/) on 127.0.0.1 with a
 * one-time login URL. Other `intake` commands on the same data dir use the stack meanwhile.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Chạy ngăn xếp cục bộ (DynamoDB, S3, SES giả lập) cho tới khi dừng (Ctrl-C); in địa chỉ bảng điều khiển và thư đã gửi')
    .action(async (_opts: unknown, cmd: Command) => {
      const { GlobalOptions, announceServe, adapters } = await import('#cli/context');
      const { loadConfig } = await import('#shared/config');
      const { startConsole } = await import('#web/server');
      const { startLocalStack } = await import('#local/stack');
      const { dataDir } = GlobalOptions.parse(cmd.optsWithGlobals());
      const stack = await startLocalStack({ dataDir });
      const config = loadConfig(stack.env);
      const { withReadCache } = await import('#shared/store/read-cache');
      const ports = await adapters(config);
      const web = await startConsole({ ...ports, store: withReadCache(ports.store), config });
      // other commands on this data dir (templates send, round link) put agencies' page links on this console
      const forget = announceServe(dataDir, { ...stack.env, WEB_BASE_URL: web.url });
      const out = process.stdout;
      out.write(`Ngăn xếp cục bộ đang chạy (dữ liệu: ${stack.dataDir})\n`);
      out.write(`  Bảng điều khiển (Tổ công tác): ${web.loginUrl}\n`);
      out.write('    (mở địa chỉ này một lần trên máy này; mã trong địa chỉ là bí mật, chỉ dùng được khi lệnh đang chạy)\n');
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
      await web.close();
      await stack.stop();
      out.write('Đã dừng.\n');
    });
}
