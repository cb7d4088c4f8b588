/**
 * `intake mail event FILE.json [--json]` — feed an SES sending event (bounce, complaint, delivery, reject; as
 *   EventBridge, SNS or bare JSON — samples in seeds/samples/ses-events/) through the same handler as AWS:
 *   each recipient's mail health is recorded; permanent bounces and complaints stop further mail to it.
 * `intake mail recipients [--all] [--json]` — addresses that cannot be reached (or, with --all, every known one).
 */
import type { Command } from 'commander';
import { viDate } from '#shared/domain/dates';

const out = (s: string): void => { process.stdout.write(`${s}\n`); };

export function register(program: Command): void {
  const mail = program.command('mail').description('Thư đi: kết quả gửi (thư bị trả lại, bị báo thư rác), địa chỉ không nhận được thư');

  mail
    .command('event')
    .description('Ghi nhận sự kiện gửi thư của SES (tệp JSON: bounce, complaint, delivery, reject) như hàm mail-events trên AWS')
    .argument('<file>', 'tệp JSON sự kiện SES (EventBridge, SNS hoặc sự kiện gốc)')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const { readFile } = await import('node:fs/promises');
      let input: unknown;
      try {
        input = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        throw Object.assign(new Error(`cannot read ${file}`), { messageVi: `Không đọc được tệp JSON ${file}: ${(err as Error).message}` });
      }
      const { parseSesEvents, SesEventError } = await import('#shared/recipients/ses-events');
      const { recordSesEvents } = await import('#shared/recipients/record-events');
      const { recipientStateVi } = await import('#shared/recipients/health');
      const { withStore } = await import('#cli/context');
      let outcomes;
      try {
        outcomes = parseSesEvents(input);
      } catch (err) {
        if (err instanceof SesEventError) throw Object.assign(err, { messageVi: `Không phải sự kiện SES hợp lệ: ${err.message}` });
        throw err;
      }
      const noted = await withStore(cmd, (ctx) => recordSesEvents(outcomes, { store: ctx.store, mailer: ctx.mailer, secretariat: ctx.config.secretariatAddress }));
      if (opts.json) return out(JSON.stringify(noted.map((n) => n.recipient), null, 2));
      if (noted.length === 0) out('Sự kiện không nói về người nhận nào; không có gì để ghi.');
      for (const n of noted) {
        out(`${n.recipient.address}: ${recipientStateVi(n.recipient)}${n.recipient.doNotSend ? ' — sẽ không gửi thư đến địa chỉ này' : ''}${n.alerted ? ' (đã báo Tổ thư ký)' : ''}`);
      }
    });

  mail
    .command('recipients')
    .description('Các địa chỉ không nhận được thư (bị trả lại vĩnh viễn, báo thư rác); --all: mọi địa chỉ đã ghi nhận')
    .option('--all', 'cả địa chỉ bình thường, tạm thời lỗi, đang vắng mặt')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const { recipientStateVi } = await import('#shared/recipients/health');
      const list = (await withStore(cmd, (ctx) => ctx.store.listRecipients())).filter((r) => opts.all || r.doNotSend);
      if (opts.json) return out(JSON.stringify(list, null, 2));
      for (const r of list) out(`${r.address.padEnd(36)} ${recipientStateVi(r)} (từ ${viDate(r.since)})`);
      out(`${list.length} địa chỉ${opts.all ? '' : ' không nhận được thư'}`);
    });
}
