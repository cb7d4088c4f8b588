/**
 * The reporting rounds as the secretariat names them on the command line and in the console: a round is a
 * campaign (`intake templates send` records one); it is given by its number in `intake round list`, its deadline
 * (when one round has it), or its full id.
 */
import { isoDateOf } from '#shared/deadlines';
import type { Campaign } from '#shared/domain/round';
import type { Store } from '#shared/store/records';

export class RoundNotFound extends Error {
  override readonly name = 'RoundNotFound';
  constructor(readonly messageVi: string) {
    super('round not found');
  }
}

/** Rounds, newest deadline first (the numbering of `intake round list`). */
export async function listRounds(store: Pick<Store, 'listCampaigns'>): Promise<Campaign[]> {
  return (await store.listCampaigns()).sort((a, b) => b.deadline.localeCompare(a.deadline) || b.sentAt.localeCompare(a.sentAt));
}

export async function resolveRound(store: Pick<Store, 'listCampaigns'>, text: string): Promise<Campaign> {
  const rounds = await listRounds(store);
  const t = text.normalize('NFC').trim();
  const exact = rounds.find((r) => r.id === t);
  if (exact) return exact;
  if (/^\d{1,3}$/.test(t) && rounds[Number(t) - 1]) return rounds[Number(t) - 1]!;
  const day = isoDateOf(t);
  const byDay = day ? rounds.filter((r) => r.deadline === day) : [];
  if (byDay.length === 1) return byDay[0]!;
  if (byDay.length > 1) throw new RoundNotFound(`Có ${byDay.length} đợt cùng hạn ${t}: hãy dùng số thứ tự trong \`intake round list\`.`);
  throw new RoundNotFound(rounds.length ? `Không có đợt báo cáo "${t}" (xem \`intake round list\`).` : 'Chưa có đợt báo cáo nào (`intake templates send` tạo đợt).');
}
