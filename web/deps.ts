/** What the console's routes are given: the store and adapters (ports), the authenticator, the clock. */
import type { Config } from '#shared/config';
import type { Blobs } from '#shared/store/blobs';
import type { Mailer } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';
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
}

export type Deps = ConsoleDeps & { now: () => Date };
