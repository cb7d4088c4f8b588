/**
 * The mails the inbound path itself sends (Vietnamese): to the secretariat when a message is held or refused,
 * and to the sender when files of the message cannot be processed. Receipts for processed files are
 * shared/receipts/. No document text goes into these; names and subjects are the sender's own.
 */
import type { OutgoingMail } from '#shared/mail/mailer';
import { viDateTime } from '#shared/domain/dates';
import { failureLine, FAILURES, type Failure } from '#shared/domain/failures';
import { INBOUND_REASONS, type InboundReason } from './limits';
import { linesToHtml } from '#shared/receipts/html';

export interface Problem {
  /** the file (or "thư" for the message itself). */
  name: string;
  code: InboundReason;
  detail?: string;
}


/** How the sender can fix a refusal (the failure catalogue's `fix`), when there is something to do. */
export function howToFix(code: InboundReason): string | undefined {
  return (FAILURES[code] as Failure).fix;
}

export function problemLine(p: Problem): string {
  return `${p.name}: ${failureLine(p.code)}`;
}

export interface MessageSummary {
  sender?: string;
  subject?: string;
  messageId?: string;
  rawKey: string;
  receivedAt: string;
  agencyId?: string;
}

/** To the secretariat: a message was held, refused or quarantined. */
export function secretariatNotice(state: 'held' | 'rejected' | 'quarantined', reason: InboundReason, m: MessageSummary, extra?: string): OutgoingMail & { to: string } {
  const verb = { held: 'đang được giữ lại chờ xem xét', rejected: 'đã bị từ chối', quarantined: 'đã được cách ly' }[state];
  const lines = [
    `Một thư gửi đến hộp thư nhận báo cáo ${verb}.`,
    '',
    `Lý do: ${INBOUND_REASONS[reason]}${extra ? ` (${extra})` : ''}.`,
    `Người gửi: ${m.sender ?? '(không rõ)'}`,
    `Tiêu đề: ${m.subject || '(không có tiêu đề)'}`,
    `Thời điểm nhận: ${viDateTime(m.receivedAt)} (giờ Việt Nam)`,
    `Cơ quan: ${m.agencyId ?? '(chưa xác định)'}`,
    `Bản gốc của thư được lưu tại: ${m.rawKey}`,
    '',
    reason === 'unknown_sender'
      ? 'Nếu đây là địa chỉ của một cơ quan, hãy thêm địa chỉ vào danh bạ cơ quan (intake agency set-contact …) rồi xử lý lại thư: intake receive --key ' + m.rawKey
      : 'Có thể xử lý lại thư sau khi kiểm tra: intake receive --key ' + m.rawKey + ' --agency <mã cơ quan>',
  ];
  const text = lines.join('\n');
  return {
    to: '', // filled by the caller with the secretariat's address
    subject: `[Đề án 06] Thư báo cáo ${verb}: ${m.subject || m.sender || m.rawKey}`.slice(0, 200),
    text,
    html: linesToHtml(lines),
    headers: { 'X-Intake-Mail': 'notice' },
  };
}

/** To the sender: what of the message was taken and what was not, with how to fix it. */
export function senderNotice(m: MessageSummary, saved: string[], problems: Problem[], refusedReason?: InboundReason): OutgoingMail & { to: string } {
  const head = refusedReason
    ? [`Hệ thống nhận báo cáo Đề án 06 chưa xử lý được thư "${m.subject || '(không có tiêu đề)'}" nhận lúc ${viDateTime(m.receivedAt)}.`, '', `Lý do: ${INBOUND_REASONS[refusedReason]}.`, howToFix(refusedReason) ? `Cách khắc phục: ${howToFix(refusedReason)}` : '']
    : [`Hệ thống nhận báo cáo Đề án 06 đã nhận thư "${m.subject || '(không có tiêu đề)'}" lúc ${viDateTime(m.receivedAt)}.`];
  const savedLines = saved.length ? ['', 'Các tệp đã nhận và đang được xử lý (sẽ có thư xác nhận kết quả cho từng tệp):', ...saved.map((s) => `- ${s}`)] : [];
  const probLines = problems.length ? ['', 'Các tệp chưa xử lý được:', ...problems.map((p) => `- ${problemLine(p)}`)] : [];
  const lines = [...head, ...savedLines, ...probLines, '', 'Đây là thư tự động; vui lòng không trả lời trực tiếp nếu không cần gửi lại báo cáo.'];
  return {
    to: m.sender ?? '',
    subject: `Re: ${m.subject || 'Báo cáo Đề án 06'}`.slice(0, 200),
    text: lines.join('\n'),
    html: linesToHtml(lines),
    inReplyTo: m.messageId,
    references: m.messageId ? [m.messageId] : undefined,
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Intake-Mail': 'notice' },
  };
}
