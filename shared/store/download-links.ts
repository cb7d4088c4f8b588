/**
 * The DownloadLinks port: a short-lived link to one stored object (a report's original file), for a browser that
 * has no AWS credentials. In AWS it is a presigned S3 GET (./presign.ts): it names one key and version, expires
 * within minutes and makes the browser save the file under its own name. Locally the console serves the bytes itself.
 */
import { z } from 'zod';

export const DownloadLinkOptions = z.object({
  versionId: z.string().min(1).optional(),
  /** the name the browser saves the file under (any Unicode; sent as RFC 5987 filename*). */
  fileName: z.string().min(1).max(512),
  /** seconds; short on purpose: the link is minted when the user clicks, not when the page is drawn. */
  expiresSeconds: z.number().int().positive().max(3600).default(300),
});
export type DownloadLinkOptions = z.input<typeof DownloadLinkOptions>;

export interface DownloadLinks {
  url(key: string, options: DownloadLinkOptions): Promise<string>;
}

/** A file name safe for Content-Disposition: an ASCII fallback plus the UTF-8 name (RFC 6266/5987). */
export function attachmentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
