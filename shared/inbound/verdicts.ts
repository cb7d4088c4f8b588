/**
 * The SES receipt (Lambda action event) and what its verdicts mean for us:
 * spam or virus FAIL → quarantined (never processed); SPF/DKIM/DMARC FAIL → held for the secretariat.
 */
import { z } from 'zod';

const Verdict = z.object({ status: z.string() });

export const SesReceipt = z.object({
  timestamp: z.string(),
  recipients: z.array(z.string()).default([]),
  spamVerdict: Verdict.optional(),
  virusVerdict: Verdict.optional(),
  spfVerdict: Verdict.optional(),
  dkimVerdict: Verdict.optional(),
  dmarcVerdict: Verdict.optional(),
  dmarcPolicy: z.string().optional(),
  action: z.object({ type: z.string() }).passthrough().optional(),
}).passthrough();
export type SesReceipt = z.infer<typeof SesReceipt>;

export const SesMail = z.object({
  timestamp: z.string(),
  source: z.string(),
  /** SES's id of the message: the S3 action stores the raw message under <prefix><messageId>. */
  messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'unexpected SES message id'),
  destination: z.array(z.string()).default([]),
  commonHeaders: z.object({
    from: z.array(z.string()).optional(),
    subject: z.string().optional(),
    messageId: z.string().optional(),
    date: z.string().optional(),
  }).passthrough().optional(),
}).passthrough();
export type SesMail = z.infer<typeof SesMail>;

export const SesEvent = z.object({
  Records: z.array(z.object({
    eventSource: z.literal('aws:ses'),
    eventVersion: z.string().optional(),
    ses: z.object({ mail: SesMail, receipt: SesReceipt }),
  })).min(1),
});
export type SesEvent = z.infer<typeof SesEvent>;

export type VerdictDecision =
  | { action: 'process' }
  | { action: 'quarantine'; reason: 'spam' | 'virus'; failed: string[] }
  | { action: 'hold'; reason: 'auth_failed' | 'virus_unscanned'; failed: string[] };

/** No receipt (a message fed locally with `intake receive`) → process. */
export function judgeVerdicts(receipt?: SesReceipt): VerdictDecision {
  if (!receipt) return { action: 'process' };
  const fail = (v?: { status: string }) => v?.status?.toUpperCase() === 'FAIL';
  if (fail(receipt.virusVerdict)) return { action: 'quarantine', reason: 'virus', failed: ['virus'] };
  if (fail(receipt.spamVerdict)) return { action: 'quarantine', reason: 'spam', failed: ['spam'] };
  // the virus scan could not decide (GRAY, PROCESSING_FAILED): nobody opens the files until the secretariat looks
  const virus = receipt.virusVerdict?.status?.toUpperCase();
  if (virus && virus !== 'PASS' && virus !== 'DISABLED') return { action: 'hold', reason: 'virus_unscanned', failed: ['virus'] };
  const failed = (['spf', 'dkim', 'dmarc'] as const).filter((k) => fail(receipt[`${k}Verdict`]));
  if (failed.length > 0) return { action: 'hold', reason: 'auth_failed', failed };
  return { action: 'process' };
}
