/** The digest as an email: HTML + plain text + the XLSX attachment, and its raw MIME (.eml) for previews. */
import { composeMime, type OutgoingMail } from '#shared/mail/mailer';
import { viDate } from '#shared/domain/dates';
import type { Digest } from './model';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function digestSubject(d: Digest): string {
  const what = d.meeting ? `${d.meeting.title} (${viDate(d.meeting.date)})` : `số liệu đến ngày ${viDate(d.asOf)}`;
  return `[Đề án 06] Tổng hợp tình hình thực hiện nhiệm vụ — ${what}: ${d.totals.overdue} nhiệm vụ chậm muộn`;
}

export function attachmentName(d: Digest): string {
  return `tong-hop-de-an-06-${d.asOf}.xlsx`;
}

export function digestMail(d: Digest, parts: { html: string; text: string; xlsx: Uint8Array }, to: string[], from?: string): OutgoingMail {
  return {
    from,
    to,
    subject: digestSubject(d),
    html: parts.html,
    text: parts.text,
    attachments: [{ filename: attachmentName(d), content: Uint8Array.from(parts.xlsx), contentType: XLSX_TYPE }],
    headers: { 'X-Intake-Digest': d.meeting ? `${d.meeting.id}#${d.asOf}` : `preview#${d.asOf}` },
  };
}

/** Raw RFC 5322 bytes of the mail (what `digest.eml` holds; SES sends the same composition). */
export async function digestEml(mail: OutgoingMail, defaultFrom: string): Promise<Buffer> {
  return (await composeMime(mail, defaultFrom)).raw;
}
