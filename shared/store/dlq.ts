/**
 * The ingest dead-letter queue, for operators: list what failed for good, and send it back (redrive).
 * In AWS: the SQS DLQ (INGEST_DLQ_URL) and SQS's own message-move task back to the source queue.
 * Locally: the embedded stack's dead-letter list (kept in <data-dir>/dlq.json).
 */
import {
  GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { reportIdFor } from '#shared/ingest/process-upload';
import type { LocalStack } from '#local/stack';
import type { Store } from './records';

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

function describeBody(body: string): Pick<DeadLetterView, 'bucket' | 'key' | 'reportId'> {
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

export function localDeadLetters(stack: LocalStack): DeadLetterQueue {
  return {
    async list() {
      return stack.deadLetters().map((d) => ({ messageId: d.messageId, receiveCount: d.receiveCount, reason: d.reason, at: d.at, ...describeBody(d.body) }));
    },
    async redrive() {
      const n = stack.redrive();
      await stack.idle();
      return n;
    },
  };
}

export function sqsDeadLetters(dlqUrl: string, region: string, client = new SQSClient({ region })): DeadLetterQueue {
  return {
    async list() {
      // peek: received messages become visible again after a short timeout
      const seen = new Map<string, DeadLetterView>();
      for (let round = 0; round < 10; round++) {
        const res = await client.send(new ReceiveMessageCommand({
          QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 5, WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }));
        const msgs = res.Messages ?? [];
        if (!msgs.length) break;
        for (const m of msgs) {
          if (!m.MessageId || seen.has(m.MessageId)) continue;
          seen.set(m.MessageId, {
            messageId: m.MessageId,
            receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
            at: m.Attributes?.SentTimestamp ? new Date(Number(m.Attributes.SentTimestamp)).toISOString() : undefined,
            ...describeBody(m.Body ?? ''),
          });
        }
      }
      return [...seen.values()];
    },
    async redrive() {
      const attrs = await client.send(new GetQueueAttributesCommand({
        QueueUrl: dlqUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
      }));
      await client.send(new StartMessageMoveTaskCommand({ SourceArn: attrs.Attributes!.QueueArn! }));
      return Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0);
    },
  };
}
