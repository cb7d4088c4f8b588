/** What the console's routes are given: the store and adapters (ports), the authenticator, the clock. */
import type { Config } from '#shared/config';
import type { Blobs } from '#shared/store/blobs';
import type { Mailer } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';
import type { UploadLinks } from '#shared/store/upload-links';
import type { Report } from '#shared/domain/report';
import type { Authenticator } from './auth';

export interface ConsoleDeps {
  store: Store;
  blobs: Blobs;
  mailer: Mailer;
  config: Config;
  auth: Authenticator;
  /** "today" for the pages (tests pin it); default: the clock. */
  now?: () => Date;
  /**
   * Where the original file of a report is downloaded from, asked when the user clicks "tải tệp gốc": in AWS a
   * short-lived presigned S3 GET (functions/web.ts; Lambda cannot return large files); undefined → the console
   * sends the bytes itself (locally, and the default).
   */
  originalUrl?: (report: Report) => Promise<string | undefined>;
  /**
   * Presigned S3 POSTs for the agency page's uploads (functions/web.ts: a Lambda body is capped near 6 MB, the ingest
   * takes 40 MB): the browser sends the file straight to S3 under the agency's uploads/<agency>/web/ folder.
   * Undefined → the page posts the file to the console, which stores it (locally, and the default).
   */
  uploadLinks?: UploadLinks;
}

export type Deps = ConsoleDeps & { now: () => Date };
