/**
 * Presigned S3 requests: the UploadLinks port over presigned POST (see ./upload-links.ts for what a link allows) and
 * the DownloadLinks port over presigned GET (./download-links.ts).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { randomBytes } from 'node:crypto';
import type { Config } from '#shared/config';
import { s3Client } from './clients';
import { DownloadLinkOptions, attachmentDisposition, type DownloadLinks } from './download-links';
import { UploadLinkOptions, type UploadLink, type UploadLinks } from './upload-links';

export function s3UploadLinks(config: Config): UploadLinks {
  return { create: (options, now) => presignUpload(config, options, now) };
}

export async function presignUpload(config: Config, options: UploadLinkOptions, now = new Date()): Promise<UploadLink> {
  const o = UploadLinkOptions.parse(options);
  const keyPrefix = o.keyPrefix ?? `uploads/${o.agencyId}/link-${randomBytes(6).toString('hex')}/`;
  const redirect = o.redirectUrl ? { success_action_redirect: o.redirectUrl } : undefined;
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
        ...(redirect ? [redirect] : []),
      ],
      Fields: { 'x-amz-meta-agency': o.agencyId, 'x-amz-meta-origin': 'upload-link', ...redirect },
      Expires: o.expiresSeconds,
    });
    return { url, fields, keyPrefix, maxBytes: o.maxBytes, expiresAt: new Date(now.getTime() + o.expiresSeconds * 1000).toISOString() };
  } finally {
    client.destroy();
  }
}

/** The DownloadLinks port over presigned S3 GET: one key (and version), minutes, saved under the report's file name. */
export function s3DownloadLinks(config: Config, client: S3Client = s3Client(config)): DownloadLinks {
  return { url: (key, options) => presignGet(client, config.bucketName, key, options) };
}

/**
 * A presigned GET, signed the way @aws-sdk/s3-request-presigner signs one: the client serialises the request (so the
 * endpoint, path or virtual-host style and the bucket's key encoding are the SDK's own), a middleware takes it before
 * it is sent, and SigV4 presigns it with the payload unsigned. Nothing goes over the network.
 */
export async function presignGet(client: S3Client, bucket: string, key: string, options: DownloadLinkOptions): Promise<string> {
  const o = DownloadLinkOptions.parse(options);
  const command = new GetObjectCommand({
    Bucket: bucket, Key: key, VersionId: o.versionId,
    ResponseContentDisposition: attachmentDisposition(o.fileName),
    ResponseContentType: 'application/octet-stream',
  });
  let url: string | undefined;
  command.middlewareStack.add(
    () => async (args: { request: unknown }) => {
      const r = args.request as HttpRequest;
      const host = `${r.hostname}${r.port ? `:${r.port}` : ''}`;
      const signer = new SignatureV4({
        service: 's3', region: client.config.region, credentials: client.config.credentials,
        sha256: client.config.sha256, uriEscapePath: false, applyChecksum: false,
      });
      const signed = await signer.presign(
        { method: 'GET', protocol: r.protocol, hostname: r.hostname, port: r.port, path: r.path, query: r.query ?? {}, headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
        { expiresIn: o.expiresSeconds },
      );
      const query = Object.entries(signed.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).filter((x) => x != null).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x as string)}`));
      url = `${signed.protocol}//${host}${signed.path}?${query.join('&')}`;
      return { response: { statusCode: 200, headers: {} }, output: { $metadata: { httpStatusCode: 200 } } } as never;
    },
    { step: 'finalizeRequest', priority: 'high', name: 'presignGetOnly', override: true },
  );
  await client.send(command);
  if (!url) throw new Error('presign: the request was not built');
  return url;
}
