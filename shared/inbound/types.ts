/** The shapes of shared/inbound/receive: its dependencies, its input, and what it decided. */
import type { Mailer } from '#shared/mail/mailer';
import type { Blobs } from '#shared/store/blobs';
import type { Store } from '#shared/store/records';
import type { InboundLimits, InboundReason } from './limits';
import type { Problem } from './notices';
import type { SesReceipt } from './verdicts';

export interface InboundDeps {
  store: Pick<Store, 'listContacts' | 'createReport' | 'bumpCounter' | 'claimOnce' | 'getRecipient' | 'putRecipient'>;
  blobs: Pick<Blobs, 'put' | 'bucket'>;
  mailer?: Mailer;
  /** the secretariat's address (SECRETARIAT_ADDRESS): told of held and refused messages. */
  secretariat?: string;
  /** domains whose Message-IDs are ours (the sender address's domain): a bounce about them marks the recipient. */
  ourDomains?: string[];
  limits?: Partial<InboundLimits>;
  /** logs codes and counts only — never names, subjects or addresses. */
  log?: (event: string, fields: Record<string, string | number | boolean | undefined>) => void;
}

export interface InboundInput {
  raw: Uint8Array;
  /** where the raw message is kept (SES put it there, or `intake receive` did). */
  rawKey: string;
  /** SES's receipt (verdicts); absent for a message fed locally. */
  receipt?: SesReceipt;
  /** SES's envelope sender (`mail.source`); empty for a bounce. */
  envelopeFrom?: string;
  /** SES timestamp, or now. */
  receivedAt?: string;
  /** secretariat override for a held message: process it as from this agency. */
  agencyId?: string;
}

export interface SavedFile {
  key: string;
  fileName: string;
  type: string;
  from: 'attachment' | 'archive' | 'body';
}

export type InboundState = 'accepted' | 'quarantined' | 'held' | 'rejected' | 'automatic';

export interface InboundOutcome {
  state: InboundState;
  reason?: InboundReason;
  reasonVi?: string;
  messageId?: string;
  sender?: string;
  agencyId?: string;
  /** a machine-written message: its class (bounce, complaint, read_receipt, auto_reply, bulk, automatic). */
  automatic?: string;
  /** addresses whose mail health this message changed (a bounce or complaint about our mail, an away notice). */
  recipientsNoted?: string[];
  saved: SavedFile[];
  problems: Problem[];
  /** report records written for what was refused or held. */
  records: string[];
  notified: string[];
}
