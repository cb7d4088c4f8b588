/**
 * The event shapes of the deployed path S3 → EventBridge ("Object Created") → SQS → Lambda, built locally from
 * s3rver's in-process notifications so the real ingest handler receives exactly what it gets in AWS.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

export const LOCAL_ACCOUNT = '000000000000';

export interface ObjectCreated {
  bucket: string;
  key: string;
  size: number;
  etag?: string;
  versionId?: string;
  /** PutObject, CopyObject, CompleteMultipartUpload, PostObject */
  reason?: string;
}

export interface S3ObjectCreatedEventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': 'Object Created';
  source: 'aws.s3';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    version: '0';
    bucket: { name: string };
    object: { key: string; size: number; etag?: string; 'version-id'?: string; sequencer: string };
    'request-id': string;
    requester: string;
    'source-ip-address': string;
    reason: string;
  };
}

/** The EventBridge event S3 emits for a created object (keys are not URL-encoded in EventBridge events). */
export function objectCreatedEvent(o: ObjectCreated, region: string, time = new Date()): S3ObjectCreatedEventBridgeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: LOCAL_ACCOUNT,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:s3:::${o.bucket}`],
    detail: {
      version: '0',
      bucket: { name: o.bucket },
      object: {
        key: o.key, size: o.size,
        ...(o.etag ? { etag: o.etag } : {}),
        ...(o.versionId ? { 'version-id': o.versionId } : {}),
        sequencer: time.getTime().toString(16).toUpperCase().padStart(18, '0'),
      },
      'request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
      requester: LOCAL_ACCOUNT,
      'source-ip-address': '127.0.0.1',
      reason: o.reason ?? 'PutObject',
    },
  };
}

export interface QueuedMessage {
  messageId: string;
  body: string;
  sentAt: number;
  firstReceiveAt?: number;
  receiveCount: number;
}

export function newMessage(body: unknown): QueuedMessage {
  return { messageId: randomUUID(), body: typeof body === 'string' ? body : JSON.stringify(body), sentAt: Date.now(), receiveCount: 0 };
}

/** An SQS record as Lambda's event source mapping delivers it. */
export function sqsRecord(m: QueuedMessage, queueArn: string, region: string): SQSRecord {
  return {
    messageId: m.messageId,
    receiptHandle: `${m.messageId}#${m.receiveCount}`,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: 'AROAEVENTBRIDGE:events.amazonaws.com',
      ApproximateFirstReceiveTimestamp: String(m.firstReceiveAt ?? Date.now()),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(m.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

export function sqsEvent(messages: QueuedMessage[], queueArn: string, region: string): SQSEvent {
  return { Records: messages.map((m) => sqsRecord(m, queueArn, region)) };
}
