/**
 * Limits checked on a raw message before it is parsed, and on archives before they are expanded.
 * All configurable (env INTAKE_INBOUND_* or options); defaults follow SES (40 MB per message).
 */
import { z } from 'zod';

export const InboundLimits = z.object({
  /** SES S3 action stores at most 40 MB per message. */
  maxMessageBytes: z.number().int().positive().default(40 * 1024 * 1024),
  /** multipart / message/rfc822 nesting depth. */
  maxDepth: z.number().int().positive().default(10),
  /** MIME parts in the whole message, nested ones included. */
  maxParts: z.number().int().positive().default(300),
  /** attachments saved from one message (after archive expansion). */
  maxAttachments: z.number().int().positive().default(60),
  /** ZIP archives: entries, total uncompressed bytes, per-entry ratio, nesting of archives in archives. */
  maxZipEntries: z.number().int().positive().default(200),
  maxZipUncompressedBytes: z.number().int().positive().default(200 * 1024 * 1024),
  maxZipRatio: z.number().positive().default(200),
  maxZipDepth: z.number().int().nonnegative().default(1),
});
export type InboundLimits = z.infer<typeof InboundLimits>;

export function inboundLimits(overrides: Partial<InboundLimits> = {}, env: NodeJS.ProcessEnv = process.env): InboundLimits {
  const fromEnv: Partial<Record<keyof InboundLimits, number>> = {};
  const map: Record<string, keyof InboundLimits> = {
    INTAKE_INBOUND_MAX_BYTES: 'maxMessageBytes',
    INTAKE_INBOUND_MAX_DEPTH: 'maxDepth',
    INTAKE_INBOUND_MAX_PARTS: 'maxParts',
    INTAKE_INBOUND_MAX_ATTACHMENTS: 'maxAttachments',
  };
  for (const [name, key] of Object.entries(map)) {
    const v = env[name];
    if (v !== undefined && v !== '') fromEnv[key] = z.coerce.number().int().positive().parse(v);
  }
  return InboundLimits.parse({ ...fromEnv, ...overrides });
}

/** Why a message or an attachment was not processed. `messageVi` is what the sender / secretariat read. */
export const INBOUND_REASONS = {
  too_large: 'Thư vượt quá dung lượng cho phép',
  mime_too_deep: 'Thư có cấu trúc lồng nhau quá sâu (nghi ngờ thư độc hại)',
  mime_too_many_parts: 'Thư có quá nhiều thành phần (nghi ngờ thư độc hại)',
  too_many_attachments: 'Thư có quá nhiều tệp đính kèm',
  malformed: 'Không đọc được cấu trúc thư',
  spam: 'Thư bị đánh giá là thư rác',
  virus: 'Thư có chứa mã độc',
  auth_failed: 'Thư không qua được kiểm tra xác thực người gửi (SPF/DKIM/DMARC)',
  virus_unscanned: 'Chưa kiểm tra được mã độc trong thư',
  unknown_sender: 'Địa chỉ người gửi chưa được đăng ký cho cơ quan nào',
  no_report: 'Thư không có tệp báo cáo hoặc bảng số liệu',
  zip_bomb: 'Tệp nén vượt giới hạn số tệp hoặc dung lượng giải nén',
  encrypted: 'Tệp được đặt mật khẩu nên không mở được',
  unsupported_type: 'Loại tệp không được hỗ trợ (chỉ nhận DOCX, XLSX, PDF hoặc ZIP chứa các tệp đó)',
  type_mismatch: 'Phần mở rộng của tệp không khớp với nội dung thật của tệp',
  unsafe_name: 'Tên tệp trong tệp nén không hợp lệ (chứa đường dẫn)',
  corrupt: 'Tệp bị hỏng, không đọc được',
  html_script: 'Nội dung HTML của thư có mã script; mã này đã bị loại bỏ, không được chạy',
} as const;
export type InboundReason = keyof typeof INBOUND_REASONS;

export class InboundError extends Error {
  override readonly name = 'InboundError';
  constructor(readonly code: InboundReason, message: string, readonly details: Record<string, string | number> = {}) {
    super(message);
  }
  get messageVi(): string {
    return INBOUND_REASONS[this.code];
  }
}
