/**
 * `intake start` (= `npm start`): the main job on the embedded local stack, end to end —
 * load the seed registry, ingest the sample reports in seeds/samples/ through the real ingest handler, send the
 * digest email into local SES (shared/digest/sample-run), print a short summary and where to read the mail.
 * Running it again changes nothing (same objects → same reports; the same digest is not sent twice).
 * Then, run by a person at a terminal, it keeps the stack up with the secretariat's console (web/) on 127.0.0.1 and
 * prints its one-time login URL until Ctrl-C; under CI (CI=true), with `--no-serve`, or when its output is not a
 * terminal (a pipe, a test) it exits once the job is done.
 */
import type { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

export function register(program: Command): void {
  program
    .command('start')
    .description('Chạy thử toàn bộ trên ngăn xếp cục bộ: nạp sổ nhiệm vụ mẫu, xử lý báo cáo mẫu, gửi thư tổng hợp; rồi mở bảng điều khiển cho tới khi dừng (Ctrl-C)')
    .option('--no-serve', 'xong việc thì thoát, không mở bảng điều khiển (mặc định khi CI=true hoặc đầu ra không phải cửa sổ lệnh)')
    .action(async (opts: { serve: boolean }, cmd: Command) => {
      const started = Date.now();
      const { withStore } = await import('#cli/context');
      const { ingestFiles, agencyNamer } = await import('./ingest');
      const { seedsDir } = await import('#shared/domain/seeds');
      const { defaultStages } = await import('#shared/ingest/stages');
      const out = (s = '') => process.stdout.write(`${s}\n`);

      await withStore(cmd, async (ctx) => {
        if (ctx.mode === 'aws') {
          throw Object.assign(new Error('start runs on the local stack only; use ingest/registry/digest against AWS'), {
            messageVi: '`intake start` chỉ chạy trên ngăn xếp cục bộ; với AWS hãy dùng các lệnh ingest, registry, digest',
          });
        }
        out(`Đề án 06 — chạy trên ngăn xếp cục bộ (${relative(process.cwd(), ctx.dataDir) || '.'})`);

        // Ctrl-C: stop cleanly and say what is left (the next `npm start` takes it over at once)
        const pending = new Map<string, string>();
        const onInterrupt = () => {
          const left = [...pending.values()];
          process.stdout.write(`\nĐã dừng theo yêu cầu (Ctrl-C).${left.length ? ` Còn ${left.length} báo cáo chưa xử lý xong: ${left.join(', ')}.` : ''} Chưa gửi thư tổng hợp. Chạy lại \`npm start\` để làm tiếp.\n`);
          void Promise.race([ctx.stack?.stop(), new Promise((ok) => setTimeout(ok, 3000))]).finally(() => process.exit(130));
        };
        process.once('SIGINT', onInterrupt);
        process.once('SIGTERM', onInterrupt);

        // 1. registry
        const { loadSeedRegistry } = await import('#shared/registry');
        const registry = await loadSeedRegistry(ctx.store);
        out(`Sổ nhiệm vụ: ${registry.tasks} nhiệm vụ từ seeds/registry`);

        // 2. the sample contacts (placeholder addresses), so each sample report's receipt has somewhere to go
        const { loadSeedContacts } = await import('#shared/agencies/contacts');
        const contacts = await loadSeedContacts(ctx.store, { overwrite: false });
        out(`Địa chỉ liên hệ mẫu: nạp ${contacts.loaded}, giữ ${contacts.kept} đã có (thư xác nhận gửi tới các địa chỉ này)`);

        // 3. sample reports, through the same door as agencies' uploads
        const dir = join(seedsDir(), 'samples');
        const names = readdirSync(dir).filter((f) => ['.docx', '.xlsx', '.pdf', '.html', '.txt'].includes(extname(f).toLowerCase())).sort();
        const stages = await defaultStages();
        const files = names.map((name) => ({
          path: join(dir, name),
          agencyId: stages.resolveAgency?.(name.replace(/\.[^.]+$/, '')),
        }));
        const reports = await ingestFiles(ctx, files, {
          onUploaded: (id, fileName) => pending.set(id, fileName),
          onProgress: (done, total) => out(`  … đang xử lý báo cáo mẫu: xong ${done}/${total}`),
        });
        for (const r of reports) if (r.state !== 'received') pending.delete(r.id);
        const agencyName = await agencyNamer();
        out(`Báo cáo mẫu (${reports.length}):`);
        for (const shown of reports) {
          // the same content received earlier (e.g. under another key): show what that report found
          const original = shown.duplicateOf ? await ctx.store.getReport(shown.duplicateOf) : undefined;
          const r = original ?? shown;
          const c = r.counts ?? {};
          const what = r.state === 'processed'
            ? `đọc ${c.rows ?? 0} dòng · khớp ${c.auto ?? 0} · cần xem xét ${c.review ?? 0} · mới ${c.new ?? 0}`
            : `${r.state}${r.error ? `: ${r.error.messageVi ?? r.error.message}` : ''}`;
          out(`  ${shown.fileName.padEnd(22)} ${(r.agencyId ? agencyName(r.agencyId) : '(chưa rõ cơ quan)').padEnd(22)} ${what}${original ? ' (đã nhận trước đó)' : ''}`);
          const fresh = await ctx.store.getReport(shown.id);
          if (fresh?.receiptSentAt) out(`    thư xác nhận: đã gửi`);
          else if (fresh?.receiptSkipped) out(`    thư xác nhận: chưa gửi — ${fresh.receiptSkipped}`);
        }

        // never a digest from half-read reports: what is still being read is said, and the digest waits for the next run
        const unfinished = reports.filter((r) => r.state === 'received');
        process.removeListener('SIGINT', onInterrupt);
        process.removeListener('SIGTERM', onInterrupt);
        if (unfinished.length) {
          out(`Chưa gửi thư tổng hợp: còn ${unfinished.length} báo cáo đang xử lý (${unfinished.map((r) => r.fileName).join(', ')}). Chạy lại \`npm start\` sau ít phút.`);
          process.exitCode = 3;
          return;
        }

        // 4. the digest into local SES
        // (engineer G) the real digest replaces the placeholder: preview files + once-only send into local SES
        const { sendSampleDigest } = await import('#shared/digest/sample-run');
        const digest = await sendSampleDigest(ctx);
        out(`Thư tổng hợp ${digest.fresh ? 'đã gửi' : 'đã gửi ở lần chạy trước (không gửi lại)'} tới ${digest.to}: "${digest.subject}"`);
        out(`  Bản xem trước: ${Object.values(digest.files).map((f) => relative(process.cwd(), f)).join(', ')}`);
        if (ctx.stack?.dataDir) {
          const { emlPath } = await import('#local/stack');
          out(`  Đọc thư: ${relative(process.cwd(), emlPath(ctx.stack.dataDir, digest.messageId))}`);
        }
        out(`  hoặc chạy \`npx intake serve\` rồi mở địa chỉ SES được in ra (thư lưu trong ${relative(process.cwd(), ctx.dataDir) || '.'}/ses/)`);
        out(`Xong sau ${((Date.now() - started) / 1000).toFixed(1)} giây. Xem lại: \`npx intake reports list\`.`);

        // 5. the console, for a person at a terminal: the stack stays up until Ctrl-C
        const { isCi } = await import('#shared/config');
        if (!opts.serve || isCi() || !process.stdout.isTTY) return;
        if (ctx.mode !== 'embedded') {
          out('Bảng điều khiển đang chạy cùng `intake serve` (xem địa chỉ in ra ở cửa sổ đó).');
          return;
        }
        const { startConsole } = await import('#web/server');
        const { announceServe } = await import('#cli/context');
        // other `intake` commands on this data dir use this stack meanwhile, as with `intake serve`
        const { withReadCache } = await import('#shared/store/read-cache');
        const web = await startConsole({ store: withReadCache(ctx.store), blobs: ctx.blobs, mailer: ctx.mailer, config: ctx.config });
        const forget = ctx.stack ? announceServe(ctx.dataDir, { ...ctx.stack.env, WEB_BASE_URL: web.url }) : () => {};
        out('');
        out(`Bảng điều khiển (Tổ công tác): ${web.loginUrl}`);
        out('  (mở địa chỉ này một lần trên máy này; mã trong địa chỉ chỉ dùng được một lần, khi lệnh đang chạy)');
        if (ctx.stack?.sesUrl) out(`Thư đã gửi (SES): ${ctx.stack.sesUrl}/`);
        out('Dừng: Ctrl-C   (chỉ chạy việc rồi thoát: npm start -- --no-serve)');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        forget();
        await web.close();
        out('Đã dừng.');
      });
    });
}
