/**
 * The ingest dead-letter queue port, for operators: list what failed for good, and send it back (redrive).
 * Implementations: the SQS DLQ (shared/store/dlq-sqs.ts) and the embedded stack's dead-letter list (local/dlq.ts).
 */
import type { Store } from '#shared/store/records';
import { reportIdFor } from './process-upload';

export interface DeadLetterView {
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

/** What an upload event names (bucket, key, report id); empty for anything else. */
export function describeBody(body: string): Pick<DeadLetterView, 'bucket' | 'key' | 'reportId'> {
  try {
    const e = JSON.parse(body) as { detail?: { bucket?: { name?: string }; object?: { key?: string; etag?: string; 'version-id'?: string } } };
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

