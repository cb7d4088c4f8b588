/**
 * Recording what happened to mail we sent, per recipient address, and telling the secretariat — once per
 * change, not per message — when an address can no longer be written to (permanent bounce, complaint).
 * Fed by SES events (functions/mail-events, `intake mail event`) and by automatic mail reaching the inbound
 * address (shared/inbound). Logs carry kinds and counts only, never addresses.
 */
import { nextRecipient, type MailEvent, type Recipient } from '#shared/domain/recipient';
import type { Mailer } from '#shared/mail/mailer';
import { agencyForSender } from '#shared/inbound/sender';
import { viDate, viDateTime } from '#shared/domain/dates';
import { linesToHtml } from '#shared/receipts/html';
import type { Store } from '#shared/store/records';

export interface HealthDeps {
  store: Pick<Store, 'getRecipient' | 'putRecipient' | 'claimOnce' | 'listContacts'>;
  /** unguarded is fine: the secretariat's own address is never the one reported. */
  mailer?: Mailer;
  secretariat?: string;
  log?: (event: string, fields: Record<string, string | number | boolean | undefined>) => void;
}

export interface Noted {
  recipient: Recipient;
  /** the state changed with this event. */
  changed: boolean;
  /** the secretariat was told (first time this address reached this state). */
  alerted: boolean;
}

const STATE_VI: Record<Recipient['state'], string> = {
  ok: 'nhận thư bình thường',
  bouncing: 'không nhận được thư (địa chỉ không tồn tại hoặc hộp thư từ chối vĩnh viễn)',
  soft_bounce: 'tạm thời không nhận được thư (hộp thư đầy hoặc máy chủ bận); SES sẽ tự gửi lại',
  complained: 'người nhận đã báo thư của hệ thống là thư rác',
  away: 'đang vắng mặt (thư trả lời tự động)',
};

/** The state of an address in Vietnamese (console, `intake agency show`, digest). */
export function recipientStateVi(r: Pick<Recipient, 'state' | 'awayUntil'>): string {
  const until = r.awayUntil ? ` đến ${viDate(r.awayUntil)}` : '';
  return r.state === 'away' ? `đang vắng mặt${until} (thư trả lời tự động)` : STATE_VI[r.state];
}

export async function noteMailEvent(event: MailEvent, deps: HealthDeps): Promise<Noted> {
  const prev = await deps.store.getRecipient(event.address);
  const recipient = nextRecipient(prev, event);
  await deps.store.putRecipient(recipient);
  const changed = (prev?.state ?? 'ok') !== recipient.state;
  let alerted = false;
  if (recipient.doNotSend && !prev?.doNotSend && deps.mailer && deps.secretariat) {
    if (await deps.store.claimOnce(`recipient-alert#${recipient.address}#${recipient.state}#${recipient.since}`, event.at)) {
      const agencyId = agencyForSender(recipient.address, await deps.store.listContacts()).agencyId;
      try {
        await deps.mailer.send({ ...unreachableNotice(recipient, agencyId), to: deps.secretariat });
        alerted = true;
      } catch (err) {
        deps.log?.('recipient_alert_failed', { error: (err as Error).name });
      }
    }
  }
  deps.log?.('recipient_event', { kind: event.kind, source: event.source, state: recipient.state, changed, alerted });
  return { recipient, changed, alerted };
}

function unreachableNotice(r: Recipient, agencyId: string | undefined) {
  const lines = [
    `Địa chỉ ${r.address}${agencyId ? ` (cơ quan: ${agencyId})` : ''} ${STATE_VI[r.state]}.`,
    '',
    `Ghi nhận lúc ${viDateTime(r.last.at)} (giờ Việt Nam)${r.last.status ? `, mã ${r.last.status}` : ''}.`,
    'Từ nay hệ thống không gửi thư (biên nhận, nhắc báo cáo, tổng hợp) đến địa chỉ này.',
    agencyId
      ? `Hãy xác nhận địa chỉ mới với cơ quan rồi cập nhật danh bạ: intake agency set-contact ${agencyId} --email <địa chỉ mới>`
      : 'Hãy xác nhận địa chỉ với cơ quan có liên quan rồi cập nhật danh bạ (intake agency set-contact …).',
  ];
  return {
    subject: `[Đề án 06] Địa chỉ không nhận được thư: ${r.address}`,
    text: lines.join('\n'),
    html: linesToHtml(lines),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Intake-Mail': 'notice' },
  };
}
