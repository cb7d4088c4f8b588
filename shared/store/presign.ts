/** The UploadLinks port over S3 presigned POST (see ./upload-links.ts for what a link allows). */
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { randomBytes } from 'node:crypto';
import type { Config } from '#shared/config';
import { s3Client } from './clients';
import { UploadLinkOptions, type UploadLink, type UploadLinks } from './upload-links';

export function s3UploadLinks(config: Config): UploadLinks {
  return { create: (options, now) => presignUpload(config, options, now) };
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
