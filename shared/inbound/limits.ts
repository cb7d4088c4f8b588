/**
 * Limits checked on a raw message before it is parsed, and on archives before they are expanded.
 * All configurable (env INTAKE_INBOUND_*, read in #shared/config, or options); defaults follow SES (40 MB per message).
 */
import { z } from 'zod';
import { FAILURES, type FailureCode } from '#shared/domain/failures';
import { inboundLimitsEnv, type InboundLimitsEnv } from '#shared/config';

export const InboundLimits = z.object({
  /** SES S3 action stores at most 40 MB per message. */
  maxMessageBytes: z.number().int().positive().default(40 * 1024 * 1024),
  /** multipart / message/rfc822 nesting depth. */
  maxDepth: z.number().int().positive().default(10),
  /** MIME parts in the whole message, nested ones included. */
  maxParts: z.number().int().positive().default(300),
  /** attachments saved from one message (after archive expansion). */
  maxAttachments: z.number().int().positive().default(60),
  /** ZIP archives: entries, total uncompressed bytes, per-entry ratio, nesting of archives in archives. */
  maxZipEntries: z.number().int().positive().default(200),
  maxZipUncompressedBytes: z.number().int().positive().default(200 * 1024 * 1024),
  maxZipRatio: z.number().positive().default(200),
  maxZipDepth: z.number().int().nonnegative().default(1),
  /** replies (receipts, notices) to one address in one day (Việt Nam); past it messages are held (loop breaker). */
  maxRepliesPerDay: z.number().int().positive().default(5),
});
export type InboundLimits = z.infer<typeof InboundLimits>;

/** Defaults ← environment (#shared/config) ← options, validated. */
export function inboundLimits(overrides: Partial<InboundLimits> = {}, fromEnv: InboundLimitsEnv = inboundLimitsEnv()): InboundLimits {
  return InboundLimits.parse({ ...fromEnv, ...overrides });
}

/** The codes the inbound path gives a message or an attachment it did not process (worded in #shared/domain/failures). */
export const INBOUND_REASON_CODES = [
  'too_large', 'mime_too_deep', 'mime_too_many_parts', 'too_many_attachments', 'malformed', 'spam', 'virus', 'auth_failed',
  'virus_unscanned', 'unknown_sender', 'no_report', 'zip_bomb', 'encrypted', 'unsupported_type', 'type_mismatch',
  'unsafe_name', 'corrupt', 'html_script', 'automatic', 'reply_limit',
] as const satisfies readonly FailureCode[];

/** Why a message or an attachment was not processed: what the sender / secretariat read (the catalogue's `what`). */
export const INBOUND_REASONS = Object.fromEntries(INBOUND_REASON_CODES.map((c) => [c, FAILURES[c].what])) as
  { readonly [K in (typeof INBOUND_REASON_CODES)[number]]: (typeof FAILURES)[K]['what'] };
export type InboundReason = keyof typeof INBOUND_REASONS;

export class InboundError extends Error {
  override readonly name = 'InboundError';
  constructor(readonly code: InboundReason, message: string, readonly details: Record<string, string | number> = {}) {
    super(message);
  }
  get messageVi(): string {
    return INBOUND_REASONS[this.code];
  }
}
