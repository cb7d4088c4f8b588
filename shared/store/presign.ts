/**
 * Presigned POST for agencies without an AWS account (owned by engineer I; lives with the storage adapters because
 * it imports the AWS SDK). The policy pins the key to `uploads/<agency>/link-<id>/…`, bounds the size, requires an
 * application/* content type (DOCX, XLSX, PDF, ZIP) and stamps the agency into the object's metadata, so the
 * ingest path knows who sent the file from its key prefix.
 */
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '#shared/config';
import { s3Client } from './clients';

export const UploadLinkOptions = z.object({
  agencyId: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'agency id must be a kebab-case slug'),
  /** seconds; S3 allows up to 7 days for SigV4. */
  expiresSeconds: z.number().int().positive().max(7 * 24 * 3600).default(7 * 24 * 3600),
  maxBytes: z.number().int().positive().max(5 * 1024 * 1024 * 1024).default(40 * 1024 * 1024),
  /** the content-type prefix the upload must declare. */
  contentTypePrefix: z.string().default('application/'),
});
export type UploadLinkOptions = z.input<typeof UploadLinkOptions>;

export interface UploadLink {
  url: string;
  fields: Record<string, string>;
  /** every key this link can write starts with this. */
  keyPrefix: string;
  expiresAt: string;
  maxBytes: number;
}

export async function presignUpload(config: Config, options: UploadLinkOptions, now = new Date()): Promise<UploadLink> {
  const o = UploadLinkOptions.parse(options);
  const keyPrefix = `uploads/${o.agencyId}/link-${randomBytes(6).toString('hex')}/`;
  const client = s3Client(config);
  try {
    const { url, fields } = await createPresignedPost(client, {
      Bucket: config.bucketName,
      Key: `${keyPrefix}\${filename}`,
      Conditions: [
        ['starts-with', '$key', keyPrefix],
        ['content-length-range', 1, o.maxBytes],
        ['starts-with', '$Content-Type', o.contentTypePrefix],
        { 'x-amz-meta-agency': o.agencyId },
        { 'x-amz-meta-origin': 'upload-link' },
      ],
      Fields: { 'x-amz-meta-agency': o.agencyId, 'x-amz-meta-origin': 'upload-link' },
      Expires: o.expiresSeconds,
    });
    return { url, fields, keyPrefix, maxBytes: o.maxBytes, expiresAt: new Date(now.getTime() + o.expiresSeconds * 1000).toISOString() };
  } finally {
    client.destroy();
  }
}

/** "7d", "12h", "30m", "3600" (seconds) → seconds. */
export function parseExpiry(text: string): number {
  const m = /^(\d+)\s*([dhms]?)$/i.exec(text.trim());
  if (!m) throw Object.assign(new Error(`invalid expiry: ${text}`), { messageVi: `Thời hạn không hợp lệ: "${text}" (ví dụ 7d, 12h, 30m)` });
  const n = Number(m[1]);
  return n * ({ d: 86400, h: 3600, m: 60, s: 1, '': 1 } as Record<string, number>)[m[2].toLowerCase()];
}
