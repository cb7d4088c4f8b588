/**
 * `intake round list` and `intake round link issue|revoke|show AGENCY ROUND` — the reporting rounds and each
 * agency's signed page link for one (#16). Issuing makes a new version (the old link stops working); revoking stops
 * it until a new one is issued. The link is printed for the secretariat to pass on; mails carry it by themselves.
 */
import type { Command } from 'commander';

async function context() {
  const { resolveAgencyArg } = await import('#cli/context');
  const { resolveRound, listRounds } = await import('#shared/rounds/rounds');
  const links = await import('#shared/rounds/link');
  const { viDate, viDateTime } = await import('#shared/domain/dates');
  return { resolveAgencyArg, resolveRound, listRounds, links, viDate, viDateTime };
}

export function register(program: Command): void {
  const round = program.command('round').description('Các đợt báo cáo và đường dẫn trang báo cáo riêng của từng cơ quan');

  round
    .command('list')
    .description('Liệt kê các đợt báo cáo (do `intake templates send` tạo), mới nhất trước')
    .action(async (_o: unknown, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const { listRounds, viDate } = await context();
      await withStore(cmd, async (ctx) => {
        const rounds = await listRounds(ctx.store);
        if (!rounds.length) process.stdout.write('Chưa có đợt báo cáo nào (`intake templates send` tạo đợt).\n');
        rounds.forEach((r, i) => process.stdout.write(`${i + 1}. ${r.period} — hạn ${viDate(r.deadline)}${r.agencyIds?.length ? ` — ${r.agencyIds.length} cơ quan` : ''}   [${r.id}]\n`));
      });
    });

  const link = round.command('link').description('Đường dẫn trang báo cáo của một cơ quan cho một đợt (ký số, hết hạn sau hạn báo cáo + thời gian gia hạn)');
  const act = (name: 'issue' | 'revoke' | 'show', description: string) => link
    .command(name)
    .description(description)
    .argument('<agency>', 'cơ quan (mã, tên hoặc tên viết tắt, ví dụ "BTP")')
    .argument('<round>', 'đợt: số thứ tự trong `intake round list`, hạn báo cáo (dd/mm/yyyy) hoặc mã đợt')
    .action(async (agencyArg: string, roundArg: string, _o: unknown, cmd: Command) => {
      const { withStore } = await import('#cli/context');
      const c = await context();
      const agencyId = await c.resolveAgencyArg(agencyArg);
      await withStore(cmd, async (ctx) => {
        const r = await c.resolveRound(ctx.store, roundArg);
        const deps = { store: ctx.store, config: ctx.config };
        if (name === 'revoke') {
          const done = await c.links.revokeLink(deps, { agencyId, roundId: r.id, by: 'intake round link revoke' });
          process.stdout.write(done ? `Đã thu hồi đường dẫn của ${agencyId} cho đợt ${r.period}. Cấp lại: intake round link issue ${agencyId} ${roundArg}\n`
            : `Không có đường dẫn đang hiệu lực của ${agencyId} cho đợt ${r.period}.\n`);
          return;
        }
        const got = name === 'issue' ? await c.links.issueLink(deps, { agencyId, roundId: r.id, by: 'intake round link issue' }) : await c.links.currentLink(deps, { agencyId, roundId: r.id });
        if (!got) {
          process.stdout.write(`Đường dẫn của ${agencyId} cho đợt ${r.period} đã bị thu hồi. Cấp lại: intake round link issue ${agencyId} ${roundArg}\n`);
          return;
        }
        process.stdout.write(`${name === 'issue' ? 'Đã cấp' : 'Đường dẫn hiện tại'} (phiên bản ${got.link.version}) cho ${agencyId}, đợt ${r.period}; hiệu lực đến ${c.viDateTime(got.link.expiresAt)}.\n`);
        process.stdout.write(got.url ? `${got.url}\n` : `Chưa biết địa chỉ trang (WEB_BASE_URL); đường dẫn: <địa chỉ trang>/dot-bao-cao/mo?t=${got.token}\n`);
        if (name === 'issue' && got.link.version > 1) process.stdout.write('Đường dẫn cũ của cơ quan cho đợt này không còn dùng được.\n');
      });
    });
  act('issue', 'Cấp (lại) đường dẫn: phiên bản mới, đường dẫn cũ hết hiệu lực');
  act('revoke', 'Thu hồi đường dẫn hiện tại');
  act('show', 'In đường dẫn hiện tại (cấp lần đầu nếu chưa có)');
}
