/**
 * `intake receive FILE.eml` — feed a raw message through the inbound path, as SES would: the raw message is kept
 * under inbound/, its report files land under uploads/<agency>/ and go through ingest (receipts included).
 * `intake receive --key inbound/…  --agency ID` re-runs a held message (e.g. after adding the sender's address).
 */
import type { Command } from 'commander';
import { z } from 'zod';

const Opts = z.object({
  key: z.string().regex(/^inbound\//, 'khoá phải nằm trong inbound/ (ví dụ inbound/abc…)').optional(),
  agency: z.string().min(1).optional(),
  verdict: z.enum(['pass', 'spam', 'virus', 'spf', 'dkim', 'dmarc'], 'một trong pass, spam, virus, spf, dkim, dmarc').optional(),
  json: z.boolean().optional(),
});

/** Who was told, in the secretariat's words: "Đã báo Tổ thư ký (địa chỉ …)", "Đã báo người gửi (…)". */
export function notifiedLines(o: { notified: string[]; sender?: string; secretariatAddress?: string }): string[] {
  return o.notified.map((who) => {
    if (who === 'secretariat') return `Đã báo Tổ thư ký${o.secretariatAddress ? ` (địa chỉ ${o.secretariatAddress})` : ''}`;
    if (who === 'sender') return `Đã báo người gửi${o.sender ? ` (${o.sender})` : ''}`;
    return `Đã báo ${who}`;
  });
}

export function register(program: Command): void {
  program
    .command('receive')
    .description('Nhận một thư báo cáo (.eml) qua đúng luồng thư đến: kiểm tra, lưu tệp đính kèm, xử lý, gửi thư xác nhận')
    .argument('[file]', 'thư dạng .eml (MIME gốc)')
    .option('--key <key>', 'xử lý lại một thư đã lưu trong kho (inbound/…)')
    .option('--agency <agency>', 'coi thư là của cơ quan này (mã, tên hoặc tên viết tắt, ví dụ "BTP"), khi người gửi chưa có trong danh bạ')
    .option('--verdict <v>', 'giả lập kết luận kiểm tra của SES: pass | spam | virus | spf | dkim | dmarc')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (file: string | undefined, raw: unknown, cmd: Command) => {
      const { parseArgs } = await import('#shared/deadlines');
      const opts = parseArgs(Opts, raw);
      if (!file && !opts.key) throw Object.assign(new Error('give a .eml file or --key'), { messageVi: 'Cần chỉ ra tệp .eml hoặc --key inbound/…' });
      const { readFile } = await import('node:fs/promises');
      const { createHash } = await import('node:crypto');
      const { withStore, resolveAgencyArg } = await import('#cli/context');
      const { receiveMessage } = await import('#shared/inbound/receive');
      const { ownDomains } = await import('#shared/inbound/automatic');
      const { SesReceipt } = await import('#shared/inbound/verdicts');
      const agencyId = opts.agency ? await resolveAgencyArg(opts.agency) : undefined;
      const fileBytes = file ? new Uint8Array(await readFile(file)) : undefined;

      const outcome = await withStore(cmd, async (ctx) => {
        let bytes: Uint8Array | undefined = fileBytes;
        let rawKey = opts.key;
        if (!bytes) {
          const blob = await ctx.blobs.get(rawKey!);
          if (!blob) throw Object.assign(new Error(`no object ${rawKey}`), { messageVi: `Không có thư ${rawKey} trong kho` });
          bytes = blob.bytes;
        } else {
          rawKey = `inbound/cli-${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}`;
          await ctx.blobs.put(rawKey, bytes, { contentType: 'message/rfc822', metadata: { origin: 'cli' } });
        }
        const v = opts.verdict ?? 'pass';
        const fail = (k: string) => ({ status: v === k ? 'FAIL' : 'PASS' });
        const receipt = SesReceipt.parse({
          timestamp: new Date().toISOString(),
          spamVerdict: fail('spam'), virusVerdict: fail('virus'), spfVerdict: fail('spf'), dkimVerdict: fail('dkim'), dmarcVerdict: fail('dmarc'),
        });
        const out = await receiveMessage(
          { raw: bytes!, rawKey: rawKey!, receipt, agencyId },
          { store: ctx.store, blobs: ctx.blobs, mailer: ctx.mailer, secretariat: ctx.config.secretariatAddress, ourDomains: ownDomains(ctx.config.senderAddress, ctx.config.inboundAddress) },
        );
        await ctx.stack?.idle(); // let the embedded ingest path process what was saved (and send receipts)
        const reports = [];
        for (const s of out.saved) {
          const r = (await ctx.store.listReports({ agencyId: out.agencyId })).find((x) => x.key === s.key);
          if (r) reports.push({ key: s.key, state: r.state, counts: r.counts, error: r.error?.code });
        }
        return { ...out, rawKey, reports, secretariatAddress: ctx.config.secretariatAddress };
      });

      if (opts.json) {
        const { secretariatAddress: _, ...json } = outcome;
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        const state = { accepted: 'đã nhận', quarantined: 'đã cách ly', held: 'đang giữ lại', rejected: 'bị từ chối', automatic: 'do máy gửi tự động: đã lưu, không trả lời' }[outcome.state];
        const { agencyNamer } = await import('./ingest');
        const agencyName = await agencyNamer();
        process.stdout.write(`Thư ${state}${outcome.reasonVi ? ` — ${outcome.reasonVi}` : ''}${outcome.agencyId ? ` (cơ quan: ${agencyName(outcome.agencyId)})` : ''}\n`);
        process.stdout.write(`Bản gốc: ${outcome.rawKey}\n`);
        for (const s of outcome.saved) {
          const r = outcome.reports.find((x) => x.key === s.key);
          process.stdout.write(`  + ${s.fileName} → ${s.key}${r ? ` [${r.state}${r.counts?.rows !== undefined ? `, ${r.counts.rows} dòng` : ''}]` : ''}\n`);
        }
        for (const p of outcome.problems) process.stdout.write(`  ! ${p.name}: ${p.code}\n`);
        for (const line of notifiedLines(outcome)) process.stdout.write(`${line}\n`);
      }
      if (outcome.state !== 'accepted') process.exitCode = 2;
    });
}
