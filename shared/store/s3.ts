/** The Blobs port over S3 (s3rver locally, S3 in AWS). */
import {
  CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey,
  NotFound, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import type { Config } from '#shared/config';
import type { BlobInfo, Blobs } from './blobs';
import { s3Client } from './clients';

const unquote = (etag?: string) => etag?.replace(/^"|"$/g, '');

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err instanceof NoSuchKey || err instanceof NotFound || e?.name === 'NoSuchKey' || e?.name === 'NotFound'
    || e?.$metadata?.httpStatusCode === 404;
}

/** S3 user metadata must be US-ASCII: non-ASCII values (Vietnamese names) are stored URI-encoded. */
function encodeMetadata(meta: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [k.toLowerCase(), /^[\x20-\x7e]*$/.test(v) ? v : encodeURIComponent(v)]));
}

function decodeMetadata(meta: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => {
    try { return [k.toLowerCase(), /%[0-9A-Fa-f]{2}/.test(v) ? decodeURIComponent(v) : v]; } catch { return [k.toLowerCase(), v]; }
  }));
}

export function s3Blobs(config: Config, client: S3Client = s3Client(config)): Blobs {
  const Bucket = config.bucketName;
  return {
    bucket: Bucket,

    async put(key, bytes, opts = {}) {
      const Body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
      const res = await client.send(new PutObjectCommand({
        Bucket, Key: key, Body, ContentType: opts.contentType, Metadata: encodeMetadata(opts.metadata),
      }));
      return { etag: unquote(res.ETag), versionId: res.VersionId };
    },

    async get(key, opts = {}) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key, VersionId: opts.versionId }));
        const bytes = res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
        return {
          key, bytes, size: bytes.byteLength, contentType: res.ContentType, etag: unquote(res.ETag),
          versionId: res.VersionId, lastModified: res.LastModified?.toISOString(), metadata: decodeMetadata(res.Metadata),
        };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },

    async head(key, opts = {}) {
      try {
        const res = await client.send(new HeadObjectCommand({ Bucket, Key: key, VersionId: opts.versionId }));
        return {
          key, size: res.ContentLength ?? 0, contentType: res.ContentType, etag: unquote(res.ETag),
          versionId: res.VersionId, lastModified: res.LastModified?.toISOString(), metadata: decodeMetadata(res.Metadata),
        };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },

    async copy(fromKey, toKey, opts = {}) {
      await client.send(new CopyObjectCommand({
        Bucket, Key: toKey, CopySource: `${Bucket}/${fromKey.split('/').map(encodeURIComponent).join('/')}`,
        ...(opts.metadata
          ? { Metadata: encodeMetadata(opts.metadata), ContentType: opts.contentType, MetadataDirective: 'REPLACE' as const }
          : {}),
      }));
    },

    async list(prefix) {
      const out: BlobInfo[] = [];
      let ContinuationToken: string | undefined;
      do {
        const res = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
        for (const o of res.Contents ?? []) {
          if (!o.Key) continue;
          out.push({ key: o.Key, size: o.Size ?? 0, etag: unquote(o.ETag), lastModified: o.LastModified?.toISOString(), metadata: {} });
        }
        ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return out;
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
