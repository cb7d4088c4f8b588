/**
 * `intake agency resolve "TEXT" [--as-of DATE] [--json]` — which agencies an agency cell names (and, as of a date,
 *   who answers for them after the 2025 mergers).
 * `intake agency list [--as-of DATE] [--all] [--type T] [--no-contacts] [--json]` — the directory with each
 *   agency's report addresses.
 * `intake agency set-contact ID --email a@x[,b@y] [--domain x.gov.vn] [--add]` — ID is an id or any name or
 *   abbreviation ("BTP", "Bộ Tư pháp").
 * `intake agency show ID [--json]` — one agency with its addresses and whether mail reaches each.
 * `intake agency load-contacts [--overwrite]` — the placeholder addresses of seeds/agencies/contacts.json.
 */
import type { Command } from 'commander';
import { z } from 'zod';

import { addDays, viDate as viDay, vnToday } from '#shared/domain/dates';

const out = (s: string): void => { process.stdout.write(`${s}\n`); };
const dayAfter = (iso: string): string => addDays(iso, 1);

export function register(program: Command): void {
  const agency = program.command('agency').description('Danh mục cơ quan, đơn vị: nhận diện tên, cơ quan kế thừa (2025), địa chỉ nhận báo cáo');

  agency
    .command('resolve')
    .description('Nhận diện các cơ quan trong một ô "Đơn vị chủ trì/phối hợp"')
    .argument('<text...>', 'nội dung ô')
    .option('--as-of <date>', 'ngày (dd/mm/yyyy hoặc YYYY-MM-DD): cho biết cơ quan trả lời cho nhiệm vụ vào ngày đó')
    .option('--json', 'in dạng JSON')
    .action(async (words: string[], opts: { asOf?: string; json?: boolean }) => {
      const { DayArg, parseArgs } = await import('#shared/deadlines');
      const args = parseArgs(z.object({ text: z.string().trim().min(1, 'cần nội dung ô cơ quan, ví dụ "Bộ Tư pháp, BTP"'), asOf: DayArg.optional(), json: z.boolean().optional() }),
        { text: words.join(' '), asOf: opts.asOf, json: opts.json });
      const { resolveAgencies, agencyDirectory, GROUPS } = await import('#shared/agencies');
      const r = resolveAgencies(args.text, args.asOf ? { asOf: args.asOf } : {});
      // nothing recognised is a failure a script can see (exit code 1), not an empty success
      const nothing = !r.ids.length && !r.groups?.length && !r.partners?.length && !r.partnerGroups?.length && !r.units?.length;
      if (nothing) process.exitCode = 1;
      if (args.json) return out(JSON.stringify(r, null, 2));
      const dir = agencyDirectory();
      const name = (id: string) => `${dir.get(id)?.name ?? id} [${id}]`;
      const group = (g: string) => `${(GROUPS as Record<string, string>)[g] ?? g} [${g}]`;
      const lines: string[] = [];
      lines.push(`Chủ trì/thực hiện: ${[...r.ids.map(name), ...(r.groups ?? []).map(group)].join('; ') || '—'}`);
      if (r.partners) lines.push(`Phối hợp: ${[...r.partners.map(name), ...(r.partnerGroups ?? []).map(group)].join('; ') || '—'}`);
      if (r.successors) lines.push(`Trả lời vào ngày ${viDay(args.asOf!)}: ${r.successors.map(name).join('; ') || '—'}`);
      for (const u of r.units ?? []) lines.push(`Đơn vị thuộc ${name(u.agencyId)}: ${u.text}`);
      if (r.unresolved?.length) lines.push(`KHÔNG NHẬN RA (giữ nguyên): ${r.unresolved.map((u) => `"${u}"`).join('; ')}`);
      for (const n of r.notes ?? []) lines.push(`Ghi chú: ${n}`);
      out(lines.join('\n'));
      if (nothing) process.stderr.write(`intake agency resolve: không nhận ra cơ quan nào trong "${args.text}" (xem danh mục: intake agency list)\n`);
    });

  agency
    .command('list')
    .description('Danh mục cơ quan (đang tồn tại vào ngày --as-of, mặc định hôm nay) kèm địa chỉ nhận báo cáo')
    .option('--as-of <date>', 'ngày (dd/mm/yyyy hoặc YYYY-MM-DD); mặc định: hôm nay')
    .option('--all', 'cả các cơ quan đã hợp nhất, giải thể')
    .option('--type <type...>', 'chỉ các loại này (ministry, ministry_level, government_agency, province, city, unit, …)')
    .option('--no-contacts', 'không đọc địa chỉ liên hệ (không cần kho dữ liệu)')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { asOf?: string; all?: boolean; type?: string[]; contacts: boolean; json?: boolean }, cmd: Command) => {
      const { agencyDirectory, AgencyType } = await import('#shared/agencies');
      const { DayArg, parseArgs } = await import('#shared/deadlines');
      const args = parseArgs(z.object({
        asOf: DayArg.default(vnToday()),
        all: z.boolean().optional(),
        type: z.array(AgencyType).optional(),
        contacts: z.boolean(),
        json: z.boolean().optional(),
      }), opts);
      const dir = agencyDirectory();
      // sub-units (C06, Cục Kiểm soát TTHC …) answer through their agency: shown only when asked for (--type unit, --all)
      const agencies = dir.all({ ...(args.all ? {} : { asOf: args.asOf }), ...(args.type ? { types: args.type } : {}) })
        .filter((a) => args.all || args.type || a.type !== 'unit');
      let contacts = new Map<string, { emails: string[]; domains: string[] }>();
      if (args.contacts) {
        const { withStore } = await import('#cli/context');
        const list = await withStore(cmd, (ctx) => ctx.store.listContacts());
        contacts = new Map(list.map((c) => [c.agencyId, c]));
      }
      const rows = agencies.map((a) => ({
        id: a.id,
        name: a.name,
        type: a.type,
        ...(a.code ? { code: a.code } : {}),
        // answeredBy: who answers for it on --as-of; successor: who took over after it ceased (shown as "đến … → …")
        ...(a.validTo ? { validTo: a.validTo, answeredBy: dir.successorOn(a.id, args.asOf), successor: dir.successorOn(a.id, dayAfter(a.validTo)) } : {}),
        ...(a.unitOf ? { unitOf: a.unitOf } : {}),
        ...(contacts.has(a.id) ? { emails: contacts.get(a.id)!.emails, domains: contacts.get(a.id)!.domains } : {}),
      }));
      if (args.json) return out(JSON.stringify(rows, null, 2));
      for (const r of rows) {
        const extra = [
          r.code,
          'validTo' in r ? `đến ${viDay(r.validTo!)}, sau đó: ${r.successor === r.id ? '—' : r.successor}` : '',
          'unitOf' in r ? `thuộc ${r.unitOf}` : '',
          'emails' in r ? `✉ ${r.emails!.join(', ')}${r.domains!.length ? ` (@${r.domains!.join(', @')})` : ''}` : '',
        ].filter(Boolean).join('  ');
        out(`${r.id.padEnd(44)} ${r.name}${extra ? `  ${extra}` : ''}`);
      }
      out(`${rows.length} cơ quan${args.contacts ? `, ${rows.filter((r) => 'emails' in r).length} có địa chỉ nhận báo cáo` : ''}`);
    });

  agency
    .command('set-contact')
    .description('Đặt địa chỉ nhận/gửi báo cáo của một cơ quan (dùng để nhận ra người gửi thư, gửi biên nhận, bản tổng hợp)')
    .argument('<agency>', 'mã (bo-tu-phap) hoặc tên, tên viết tắt (Bộ Tư pháp, BTP)')
    .requiredOption('--email <emails...>', 'địa chỉ thư, cách nhau bằng dấu phẩy')
    .option('--domain <domains...>', 'tên miền thư của cơ quan (moj.gov.vn)')
    .option('--add', 'thêm vào địa chỉ đã có thay vì thay thế')
    .option('--json', 'in dạng JSON')
    .action(async (text: string, opts: { email: string[]; domain?: string[]; add?: boolean; json?: boolean }, cmd: Command) => {
      const { agencyIdOf, parseList, Email, Domain, setAgencyContact } = await import('#shared/agencies/contacts');
      const agencyId = agencyIdOf(z.string().min(1).parse(text));
      const emails = parseList(opts.email, Email);
      const domains = parseList(opts.domain, Domain);
      if (emails.length === 0) throw Object.assign(new Error('no email given'), { messageVi: 'Cần ít nhất một địa chỉ thư (--email)' });
      const { withStore } = await import('#cli/context');
      const contact = await withStore(cmd, (ctx) => setAgencyContact(ctx.store, { agencyId, emails, domains, add: opts.add }));
      if (opts.json) return out(JSON.stringify(contact, null, 2));
      const { agencyDirectory } = await import('#shared/agencies');
      const dir = agencyDirectory();
      const a = dir.get(agencyId);
      out(`${a?.name ?? agencyId} [${agencyId}]: ${contact.emails.join(', ')}${contact.domains.length ? ` (tên miền: ${contact.domains.join(', ')})` : ''}`);
      // an agency merged away in 2025: its mail still counts for its successor, but the secretariat should know
      if (a?.validTo) {
        const next = dir.successorOn(agencyId, dayAfter(a.validTo));
        if (next !== agencyId) out(`Lưu ý: ${a.name} không còn từ ${viDay(dayAfter(a.validTo))}; nhiệm vụ và báo cáo được tính cho ${dir.get(next)?.name ?? next} [${next}] — nên đặt địa chỉ cho cơ quan này.`);
      }
    });

  agency
    .command('show')
    .description('Một cơ quan: tên, cơ quan kế thừa, địa chỉ nhận báo cáo và tình trạng nhận thư của từng địa chỉ')
    .argument('<agency>', 'mã (bo-tu-phap) hoặc tên, tên viết tắt (Bộ Tư pháp, BTP)')
    .option('--json', 'in dạng JSON')
    .action(async (text: string, opts: { json?: boolean }, cmd: Command) => {
      const { agencyIdOf } = await import('#shared/agencies/contacts');
      const { agencyDirectory } = await import('#shared/agencies');
      const { recipientStateVi } = await import('#shared/recipients/health');
      const agencyId = agencyIdOf(z.string().min(1).parse(text));
      const { withStore } = await import('#cli/context');
      const { contact, recipients } = await withStore(cmd, async (ctx) => {
        const c = (await ctx.store.listContacts()).find((x) => x.agencyId === agencyId);
        const rs = await Promise.all((c?.emails ?? []).map(async (e) => ({ address: e, health: await ctx.store.getRecipient(e) })));
        return { contact: c, recipients: rs };
      });
      const a = agencyDirectory().get(agencyId);
      if (opts.json) return out(JSON.stringify({ id: agencyId, name: a?.name, contact, recipients }, null, 2));
      out(`${a?.name ?? agencyId} [${agencyId}]`);
      if (!contact) return out('Chưa có địa chỉ nhận báo cáo (intake agency set-contact …).');
      for (const r of recipients) {
        out(`  ✉ ${r.address}: ${r.health ? recipientStateVi(r.health) : 'chưa có sự kiện gửi thư'}${r.health?.doNotSend ? ' — KHÔNG gửi thư đến địa chỉ này' : ''}`);
      }
      if (contact.domains.length) out(`  Tên miền: ${contact.domains.join(', ')}`);
    });

  agency
    .command('load-contacts')
    .description('Nạp địa chỉ mẫu (giả) của seeds/agencies/contacts.json cho bản chạy thử; giữ địa chỉ đã đặt')
    .option('--overwrite', 'ghi đè địa chỉ đã đặt')
    .action(async (opts: { overwrite?: boolean }, cmd: Command) => {
      const { loadSeedContacts } = await import('#shared/agencies/contacts');
      const { withStore } = await import('#cli/context');
      const r = await withStore(cmd, (ctx) => loadSeedContacts(ctx.store, { overwrite: opts.overwrite }));
      out(`Đã nạp ${r.loaded} địa chỉ mẫu; giữ nguyên ${r.kept} cơ quan đã có địa chỉ.`);
    });
}
