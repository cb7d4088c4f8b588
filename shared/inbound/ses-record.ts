/**
 * One record of SES's Lambda action, handled: where SES's S3 action put the raw message (the SES key rule), that
 * message read and passed through receiveMessage, and a plain-JSON summary of the outcome (the idempotency record).
 * A missing raw message is an operator problem (SES writes the object before invoking us): it throws, to retry.
 */
import { PREFIXES } from '#shared/ingest/prefixes';
import type { Blobs } from '#shared/store/blobs';
import { receiveMessage } from './receive';
import type { InboundDeps, InboundState } from './types';
import type { InboundReason } from './limits';
import type { SesEvent } from './verdicts';

export type SesRecord = SesEvent['Records'][number];

export interface SesRecordOutcome {
  state: InboundState;
  reason?: InboundReason;
  saved: number;
  problems: string[];
}

export class RawMessageMissing extends Error {
  override readonly name = 'RawMessageMissing';
}

/** The object key SES's S3 action used: its own objectKey when the event carries one, else inbound/<messageId>. */
export function rawKeyOf(record: SesRecord): string {
  const action = record.ses.receipt.action as { type?: string; objectKey?: string } | undefined;
  if (action?.type === 'S3' && typeof action.objectKey === 'string' && action.objectKey.startsWith(PREFIXES.inbound)) return action.objectKey;
  return `${PREFIXES.inbound}${record.ses.mail.messageId}`;
}

export async function receiveSesRecord(record: SesRecord, deps: InboundDeps & { blobs: Pick<Blobs, 'get'> }): Promise<SesRecordOutcome> {
  const rawKey = rawKeyOf(record);
  const blob = await deps.blobs.get(rawKey);
  if (!blob) throw new RawMessageMissing('raw message not found in bucket');
  const outcome = await receiveMessage(
    { raw: blob.bytes, rawKey, receipt: record.ses.receipt, receivedAt: record.ses.mail.timestamp, envelopeFrom: record.ses.mail.source },
    deps,
  );
  // stored as the idempotency record: plain JSON, no undefined values
  return {
    state: outcome.state, ...(outcome.reason ? { reason: outcome.reason } : {}),
    saved: outcome.saved.length, problems: outcome.problems.map((p) => p.code),
  };
}
