/**
 * The UploadLinks port: a link an agency without an AWS account uploads its report through. The link pins the key
 * to `uploads/<agency>/link-<id>/…`, bounds the size, requires an application/* content type and stamps the agency
 * on the object, so the ingest path knows who sent the file. The S3 implementation (presigned POST) is ./presign.ts.
 */
import { z } from 'zod';

export const UploadLinkOptions = z.object({
  agencyId: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'agency id must be a kebab-case slug'),
  /** seconds; S3 allows up to 7 days for SigV4. */
  expiresSeconds: z.number().int().positive().max(7 * 24 * 3600).default(7 * 24 * 3600),
  maxBytes: z.number().int().positive().max(5 * 1024 * 1024 * 1024).default(40 * 1024 * 1024),
  /** the content-type prefix the upload must declare. */
  contentTypePrefix: z.string().default('application/'),
  /**
   * the folder the key is pinned to (default: a fresh `uploads/<agency>/link-<id>/`); must lie under the agency's
   * own `uploads/<agency>/` and end with "/" (the agency page pins `uploads/<agency>/web/<day>/<id>/`).
   */
  keyPrefix: z.string().max(400).regex(/^uploads\/[a-z0-9-]+\/(?:[A-Za-z0-9-]+\/)+$/, 'key prefix must be a folder under uploads/').optional(),
  /** where S3 sends the browser after the upload (it appends ?bucket=&key=&etag=); absent → S3's own 204. */
  redirectUrl: z.string().url().max(2000).optional(),
}).refine((o) => !o.keyPrefix || o.keyPrefix.startsWith(`uploads/${o.agencyId}/`), { message: 'key prefix must lie under the agency\'s own uploads/<agency>/', path: ['keyPrefix'] });
export type UploadLinkOptions = z.input<typeof UploadLinkOptions>;

export interface UploadLink {
  url: string;
  fields: Record<string, string>;
  /** every key this link can write starts with this. */
  keyPrefix: string;
  expiresAt: string;
  maxBytes: number;
}

export interface UploadLinks {
  create(options: UploadLinkOptions, now?: Date): Promise<UploadLink>;
}

/** "7d", "12h", "30m", "3600" (seconds) → seconds. */
export function parseExpiry(text: string): number {
  const m = /^(\d+)\s*([dhms]?)$/i.exec(text.trim());
  if (!m) throw Object.assign(new Error(`invalid expiry: ${text}`), { messageVi: `Thời hạn không hợp lệ: "${text}" (ví dụ 7d, 12h, 30m)` });
  const n = Number(m[1]);
  return n * ({ d: 86400, h: 3600, m: 60, s: 1, '': 1 } as Record<string, number>)[m[2].toLowerCase()];
}
