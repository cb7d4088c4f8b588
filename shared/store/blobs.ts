/**
 * The bucket port (BUCKET_NAME): uploads/ (agency files), inbound/ (raw email), quarantine/, outbound/.
 * put / get / head / copy / list / remove. The S3 implementation is ./s3.ts (s3rver locally, S3 in AWS).
 */

export interface BlobInfo {
  key: string;
  size: number;
  contentType?: string;
  etag?: string;
  versionId?: string;
  lastModified?: string;
  /** user metadata (x-amz-meta-*), keys lower-case. */
  metadata: Record<string, string>;
}

export interface Blob extends BlobInfo {
  bytes: Uint8Array;
}

export interface PutOptions {
  contentType?: string;
  metadata?: Record<string, string>;
}

export interface Blobs {
  readonly bucket: string;
  put(key: string, bytes: Uint8Array | string, opts?: PutOptions): Promise<{ etag?: string; versionId?: string }>;
  /** undefined when there is no such object. */
  get(key: string, opts?: { versionId?: string }): Promise<Blob | undefined>;
  head(key: string, opts?: { versionId?: string }): Promise<BlobInfo | undefined>;
  /** with `metadata`, the copy's metadata (and content type) are replaced; otherwise kept. */
  copy(fromKey: string, toKey: string, opts?: { metadata?: Record<string, string>; contentType?: string }): Promise<void>;
  list(prefix: string): Promise<BlobInfo[]>;
  remove(key: string): Promise<void>;
}

