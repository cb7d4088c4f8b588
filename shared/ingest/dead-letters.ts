/**
 * The dead-letter queue port (ingest's and the OCR step's), for operators: list what failed for good, and send it
 * back (redrive).
 * Implementations: the SQS DLQ (shared/store/dlq-sqs.ts) and the embedded stack's dead-letter list (local/dlq.ts).
 */
import type { Store } from '#shared/store/records';
import { OcrJob } from './ocr-queue';
import { recordDeadLetter, reportIdFor, type IngestLog, type ObjectRef } from './process-upload';

/** The queues whose dead letters operators see: the upload events (ingest) and the OCR jobs of scanned reports. */
export const DLQ_NAMES = ['ingest', 'ocr'] as const;
export type DlqName = (typeof DLQ_NAMES)[number];

export interface DeadLetterView {
  /** which queue it fell out of */
  queue?: DlqName;
  messageId: string;
  receiveCount: number;
  /** the object the event named, when it is an upload event. */
  bucket?: string;
  key?: string;
  /** the report the event names (its id: bucket + key + version/ETag), where the failure reason is recorded. */
  reportId?: string;
  reason?: string;
  at?: string;
}

export interface DeadLetterQueue {
  list(): Promise<DeadLetterView[]>;
  /** moves every dead letter back to the queue; returns how many (AWS: an estimate, the move is asynchronous). */
  redrive(): Promise<number>;
}

/** What an upload event or an OCR job names (bucket, key, report id); empty for anything else. */
export function describeBody(body: string): Pick<DeadLetterView, 'bucket' | 'key' | 'reportId'> {
  try {
    const e = JSON.parse(body) as { detail?: { bucket?: { name?: string }; object?: { key?: string; etag?: string; 'version-id'?: string } } };
    const job = OcrJob.safeParse(e);
    if (job.success) return { bucket: job.data.bucket, key: job.data.key, reportId: job.data.reportId };
    const bucket = e.detail?.bucket?.name;
    const key = e.detail?.object?.key;
    const reportId = bucket && key
      ? reportIdFor({ bucket, key, versionId: e.detail?.object?.['version-id'], etag: e.detail?.object?.etag })
      : undefined;
    return { bucket, key, ...(reportId ? { reportId } : {}) };
  } catch {
    return {};
  }
}

/**
 * The queue holds only the event; the ingest path records why it failed on the report (error code
 * `dead_lettered`). Puts that reason on each dead letter whose report has one.
 */
export async function withReasons(letters: DeadLetterView[], store: Pick<Store, 'getReport'>): Promise<DeadLetterView[]> {
  return Promise.all(letters.map(async (d) => {
    const report = d.reportId ? await store.getReport(d.reportId).catch(() => undefined) : undefined;
    return report?.error ? { ...d, reason: report.error.message } : d;
  }));
}


/** A receive of an upload event that failed with an infrastructure error (bad documents are recorded, not thrown). */
export interface FailedReceive {
  ref: ObjectRef;
  messageId: string;
  /** SQS ApproximateReceiveCount of this delivery. */
  receiveCount: number;
  /** the queue's maxReceiveCount. */
  maxReceives: number;
}

/**
 * What a failed receive leaves behind: a duplicate delivery of an event still in progress elsewhere is only noted
 * (SQS brings it back after the visibility timeout); any other error is logged (name and message only, which carry
 * no document text), and on the last receive before the dead-letter queue its reason is kept on the report.
 * The caller rethrows the error, so the message is retried or dead-lettered as SQS decides.
 */
export async function onFailedReceive(r: FailedReceive, err: unknown, deps: { store: Store; log: IngestLog }): Promise<'in_progress' | 'retried' | 'dead_lettered'> {
  const e = err as Error | undefined;
  if (e?.name === 'IdempotencyAlreadyInProgressError') {
    deps.log.info('upload event already in progress elsewhere; left for retry', { messageId: r.messageId });
    return 'in_progress';
  }
  deps.log.error('upload event failed', {
    messageId: r.messageId, receive: r.receiveCount, error: e?.name, reason: String(e?.message ?? err).slice(0, 300),
  });
  if (r.receiveCount < r.maxReceives) return 'retried';
  await recordDeadLetter(r.ref, err, deps);
  return 'dead_lettered';
}
