/**
 * Presigned GET links (the report page's "tải tệp gốc" in AWS): fetched with no credentials at all from the
 * emulated S3 (s3rver checks query-string signatures), saved under the report's Vietnamese file name, refused when
 * tampered with; and in AWS shape (virtual-hosted bucket, SigV4 query, short expiry) against the real endpoint rules.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { presignGet, s3DownloadLinks } from '#shared/store/presign';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });

/** SigV4 of a presigned GET, from the URL alone (AWS's documented algorithm; host signed, payload unsigned). */
function sigV4(url: URL, secret: string): string {
  const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  const params = [...url.searchParams].filter(([k]) => k !== 'X-Amz-Signature').map(([k, v]) => [rfc3986(k), rfc3986(v)] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = ['GET', url.pathname, params.map(([k, v]) => `${k}=${v}`).join('&'), `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const date = url.searchParams.get('X-Amz-Date')!;
  const scope = url.searchParams.get('X-Amz-Credential')!.split('/').slice(1).join('/');
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const [day, region, service, term] = scope.split('/') as [string, string, string, string];
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(day).digest();
  for (const part of [region, service, term]) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe('presigned GET (DownloadLinks)', () => {
  it('downloads one object without credentials, under its own file name', async () => {
    const bytes = new Uint8Array(5000).map((_, i) => (i * 7) % 256);
    const key = 'uploads/bo-tu-phap/Báo cáo quý 2 (bản ký).docx';
    await env.blobs.put(key, bytes, { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const url = await s3DownloadLinks(env.config).url(key, { fileName: 'Báo cáo quý 2 (bản ký).docx' });
    expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(url).toMatch(/X-Amz-Expires=300(&|$)/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const cd = res.headers.get('content-disposition') ?? '';
    expect(cd).toContain('attachment;');
    expect(decodeURIComponent(cd.split("filename*=UTF-8''")[1] ?? '')).toBe('Báo cáo quý 2 (bản ký).docx');
  });

  it('stops working once it has expired', async () => {
    await env.blobs.put('uploads/a/one.pdf', 'một');
    const url = await s3DownloadLinks(env.config).url('uploads/a/one.pdf', { fileName: 'one.pdf', expiresSeconds: 1 });
    expect((await fetch(url)).status).toBe(200);
    await new Promise((ok) => setTimeout(ok, 2200));
    expect((await fetch(url)).status).toBe(403);
  });

  it('in AWS: virtual-hosted bucket, SigV4 query string that verifies, minutes not days', async () => {
    const local = process.env.AWS_ENDPOINT_URL_S3;
    delete process.env.AWS_ENDPOINT_URL_S3; // the real endpoint rules, not the emulator's
    const client = new S3Client({ region: 'ap-southeast-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret/key', sessionToken: 'tok' } });
    let url: URL;
    try {
      url = new URL(await presignGet(client, 'reports-bucket', 'uploads/ubnd-ha-noi/Báo cáo (1).pdf', { fileName: 'Báo cáo.pdf', versionId: 'v1', expiresSeconds: 120 }));
    } finally {
      process.env.AWS_ENDPOINT_URL_S3 = local;
    }
    expect(url.origin).toBe('https://reports-bucket.s3.ap-southeast-1.amazonaws.com');
    expect(decodeURIComponent(url.pathname)).toBe('/uploads/ubnd-ha-noi/Báo cáo (1).pdf');
    const q = url.searchParams;
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toMatch(/^AKIAEXAMPLE\/\d{8}\/ap-southeast-1\/s3\/aws4_request$/);
    expect(q.get('X-Amz-Expires')).toBe('120');
    expect(q.get('X-Amz-Security-Token')).toBe('tok');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('versionId')).toBe('v1');
    expect(q.get('response-content-disposition')).toContain('attachment;');
    // S3's own check, done independently here (s3rver does not verify SigV4)
    expect(q.get('X-Amz-Signature')).toBe(sigV4(url, 'secret/key'));
    const other = new URL(url.href.replace('Báo', 'Bao').replace(encodeURIComponent('Báo'), 'Bao'));
    expect(sigV4(other, 'secret/key')).not.toBe(q.get('X-Amz-Signature'));
    await expect(presignGet(client, 'b', 'k', { fileName: 'x', expiresSeconds: 7200 })).rejects.toThrow();
  });
});
