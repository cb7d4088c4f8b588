/**
 * The event the ingest function receives: an S3 "Object Created" EventBridge event (rule INGEST_RULE) carried in
 * an SQS record. Parsed with zod (Powertools' schemas); each record on its own, so one malformed record fails alone.
 */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3EventNotificationEventBridgeSchema, SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import type { FailedReceive } from './dead-letters';
import type { ObjectRef } from './process-upload';

export const UploadMessage = SqsRecordSchema.extend({ body: JSONStringified(S3EventNotificationEventBridgeSchema) });
export type UploadMessage = z.infer<typeof UploadMessage>;

/** The batch itself: at least one record with a message id. */
export const SqsBatch = z.object({ Records: z.array(z.object({ messageId: z.string().min(1) }).loose()).min(1) });

/** Exactly the identity of the object version: the idempotency key is the hash of this (so no size here). */
export function objectRefOf(message: UploadMessage): ObjectRef {
  const { detail } = message.body;
  return {
    bucket: detail.bucket.name,
    key: detail.object.key,
    ...(detail.object['version-id'] ? { versionId: detail.object['version-id'] } : {}),
    ...(detail.object.etag ? { etag: detail.object.etag } : {}),
  };
}

interface Log { error(msg: string, extra?: Record<string, unknown>): void }

/** The record as an upload message; a malformed one is logged (paths only, no content) and thrown (it fails alone). */
export function parseUploadMessage(record: { messageId?: string }, log: Log): UploadMessage {
  const parsed = UploadMessage.safeParse(record);
  if (parsed.success) return parsed.data;
  log.error('invalid upload event', { messageId: record?.messageId, issues: parsed.error.issues.map((i) => i.path.join('.')).slice(0, 10) });
  throw new Error('invalid upload event: not an S3 "Object Created" event in an SQS record');
}

/** The whole batch must be an SQS event; otherwise nothing is processed (logged and thrown). */
export function checkBatch(event: unknown, log: Log): void {
  if (SqsBatch.safeParse(event).success) return;
  log.error('invalid SQS event', { type: Array.isArray(event) ? 'array' : typeof event });
  throw new Error('invalid SQS event: expected { Records: [SQS records] }');
}

/** The failed delivery of this message, as the dead-letter policy needs it (the object's size included). */
export function receiveOf(message: UploadMessage, maxReceives: number): FailedReceive {
  return {
    ref: { ...objectRefOf(message), size: message.body.detail.object.size }, messageId: message.messageId,
    receiveCount: Number(message.attributes.ApproximateReceiveCount), maxReceives,
  };
}
