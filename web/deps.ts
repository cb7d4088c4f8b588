/** What the console's routes are given: the store and adapters (ports), the authenticator, the clock. */
import type { Config } from '#shared/config';
import type { Blobs } from '#shared/store/blobs';
import type { Mailer } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';
import type { Authenticator } from './auth';

export interface ConsoleDeps {
  store: Store;
  blobs: Blobs;
  mailer: Mailer;
  config: Config;
  auth: Authenticator;
  /** "today" for the pages (tests pin it); default: the clock. */
  now?: () => Date;
}

export type Deps = ConsoleDeps & { now: () => Date };
