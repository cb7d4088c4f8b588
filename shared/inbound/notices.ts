/**
 * The mails the inbound path itself sends (Vietnamese): to the secretariat when a message is held or refused,
 * and to the sender when files of the message cannot be processed. Receipts for processed files are
 * shared/receipts/. No document text goes into these; names and subjects are the sender's own.
 */
import type { OutgoingMail } from '#shared/mail/mailer';
import { viDateTime } from '#shared/receipts/build';
import { INBOUND_REASONS, type InboundReason } from './limits';
import { linesToHtml } from '#shared/receipts/html';

export interface Problem {
  /** the file (or "thư" for the message itself). */
  name: string;
  code: InboundReason;
  detail?: string;
}


export const HOW_TO_FIX: Partial<Record<InboundReason, string>> = {
  too_large: 'Gửi lại thành nhiều thư nhỏ hơn (mỗi thư dưới 40 MB), hoặc tải tệp lên qua đường liên kết tải lên của cơ quan.',
  mime_too_deep: 'Gửi thư mới, đính kèm trực tiếp tệp báo cáo (không chuyển tiếp lồng nhiều lần).',
  mime_too_many_parts: 'Gửi thư mới chỉ đính kèm các tệp báo cáo.',
  too_many_attachments: 'Gửi các tệp báo cáo thành nhiều thư, hoặc nén chung vào một tệp ZIP.',
  malformed: 'Gửi lại thư từ chương trình thư điện tử thông thường.',
  auth_failed: 'Gửi từ hộp thư công vụ của cơ quan; Thư ký Tổ công tác sẽ kiểm tra thư này.',
  virus_unscanned: 'Không cần gửi lại; Thư ký Tổ công tác sẽ kiểm tra thư này trước khi xử lý.',
  unknown_sender: 'Thư ký Tổ công tác sẽ xác nhận địa chỉ gửi với cơ quan; có thể gửi lại từ hộp thư đã đăng ký.',
  no_report: 'Đính kèm tệp báo cáo (DOCX, XLSX hoặc PDF) hoặc dán bảng số liệu vào nội dung thư rồi gửi lại.',
  zip_bomb: 'Gửi trực tiếp các tệp báo cáo, hoặc tệp ZIP nhỏ hơn.',
  encrypted: 'Gỡ mật khẩu của tệp rồi gửi lại.',
  unsupported_type: 'Lưu báo cáo ở định dạng DOCX, XLSX hoặc PDF rồi gửi lại.',
  type_mismatch: 'Mở tệp bằng Word/Excel, lưu lại đúng định dạng (DOCX, XLSX hoặc PDF) rồi gửi lại.',
  unsafe_name: 'Nén lại tệp ZIP, không đưa đường dẫn thư mục vào tên tệp.',
  corrupt: 'Kiểm tra tệp mở được trên máy của cơ quan rồi gửi lại.',
  html_script: 'Không cần xử lý; nếu bảng trong thư không được đọc đúng, hãy gửi tệp đính kèm.',
};

export function problemLine(p: Problem): string {
  return `${p.name}: ${INBOUND_REASONS[p.code]}.${HOW_TO_FIX[p.code] ? ` Cách khắc phục: ${HOW_TO_FIX[p.code]}` : ''}`;
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
  };
}

/** To the sender: what of the message was taken and what was not, with how to fix it. */
export function senderNotice(m: MessageSummary, saved: string[], problems: Problem[], refusedReason?: InboundReason): OutgoingMail & { to: string } {
  const head = refusedReason
    ? [`Hệ thống nhận báo cáo Đề án 06 chưa xử lý được thư "${m.subject || '(không có tiêu đề)'}" nhận lúc ${viDateTime(m.receivedAt)}.`, '', `Lý do: ${INBOUND_REASONS[refusedReason]}.`, HOW_TO_FIX[refusedReason] ? `Cách khắc phục: ${HOW_TO_FIX[refusedReason]}` : '']
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
  };
}
