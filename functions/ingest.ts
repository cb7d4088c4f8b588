/**
 * Ingest function: S3 "Object Created" (EventBridge) → SQS → here. Thin wiring only:
 * Powertools batch (partial failures) → zod-parsed EventBridge event → idempotent (Powertools, DynamoDB,
 * keyed on bucket + key + version/ETag) → shared/ingest/process-upload.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3EventNotificationEventBridgeSchema, SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '#shared/config';
import type { Task } from '#shared/domain/task';
import { processUpload, recordDeadLetter, type ObjectRef } from '#shared/ingest/process-upload';
import { defaultStages } from '#shared/ingest/stages';
import { s3Blobs } from '#shared/store/s3';
import { dynamoStore } from '#shared/store/dynamo';
import { sesMailer } from '#shared/mail/ses';
import { receiptHook } from '#shared/receipts/send';
import { idempotencyFor } from './commons/idempotency';
import { logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

const UploadMessage = SqsRecordSchema.extend({ body: JSONStringified(S3EventNotificationEventBridgeSchema) });
/** The batch itself (each record is parsed on its own, so one malformed record fails alone). */
const SqsBatch = z.object({ Records: z.array(z.object({ messageId: z.string().min(1) }).loose()).min(1) });

const processor = new BatchProcessor(EventType.SQS);

const log = {
  info: (msg: string, extra: Record<string, unknown> = {}) => logger.info(msg, extra),
  warn: (msg: string, extra: Record<string, unknown> = {}) => logger.warn(msg, extra),
  error: (msg: string, extra: Record<string, unknown> = {}) => logger.error(msg, extra),
};

/** Everything built from the environment, once per environment (one per cold start in Lambda). */
function wire() {
  const config = loadConfig(process.env);
  const store = dynamoStore(config);
  const blobs = s3Blobs(config);
  const { config: idempotencyConfig, persistenceStore } = idempotencyFor(config);
  const stages = defaultStages();
  // the registry changes rarely: read it again only when an import has changed its version (one GetItem per report)
  let tasks: { version: string; list: Promise<Task[]> } | undefined;
  const loadTasks = async () => {
    const version = await store.registryVersion?.();
    if (version === undefined) return store.listTasks();
    if (tasks?.version !== version) {
      const list = store.listTasks();
      tasks = { version, list };
      list.catch(() => { tasks = undefined; });
    }
    return tasks.list;
  };
  const onProcessed = receiptHook({ store, mailer: sesMailer(config), secretariat: config.secretariatAddress, log: (m, f) => logger.info(m, f) });

  const ingestObject = makeIdempotent(
    async (ref: ObjectRef) => {
      const { report, replayed } = await processUpload(ref, { store, blobs, config, stages: await stages, log, onProcessed, loadTasks });
      metrics.addMetric(replayed ? 'ReportReplayed' : `Report_${report.state}`, MetricUnit.Count, 1);
      return { reportId: report.id, state: report.state };
    },
    { persistenceStore, config: idempotencyConfig },
  );
  return { idempotencyConfig, ingestObject, store };
}

const wiring = perEnvironment(wire);

const recordHandler = async (record: SQSRecord) => {
  const parsed = UploadMessage.safeParse(record);
  if (!parsed.success) {
    logger.error('invalid upload event', { messageId: record?.messageId, issues: parsed.error.issues.map((i) => i.path.join('.')).slice(0, 10) });
    throw new Error('invalid upload event: not an S3 "Object Created" event in an SQS record');
  }
  const { detail } = parsed.data.body;
  // exactly the identity of the object version: the idempotency key is the hash of this
  const ref: ObjectRef = {
    bucket: detail.bucket.name,
    key: detail.object.key,
    ...(detail.object['version-id'] ? { versionId: detail.object['version-id'] } : {}),
    ...(detail.object.etag ? { etag: detail.object.etag } : {}),
  };
  const { ingestObject, store } = wiring();
  try {
    return await ingestObject(ref);
  } catch (err) {
    if ((err as Error)?.name === 'IdempotencyAlreadyInProgressError') {
      // a duplicate delivery while the first is still running: SQS brings it back after the visibility timeout
      logger.info('upload event already in progress elsewhere; left for retry', { messageId: record.messageId });
      throw err;
    }
    // infrastructure errors only reach here (bad documents are recorded, not thrown): their messages carry no document text
    logger.error('upload event failed', {
      messageId: record.messageId, receive: record.attributes.ApproximateReceiveCount,
      error: (err as Error)?.name, reason: String((err as Error)?.message ?? err).slice(0, 300),
    });
    // last receive before the dead-letter queue: keep the reason on the report
    if (Number(record.attributes.ApproximateReceiveCount) >= maxReceives()) {
      await recordDeadLetter({ ...ref, size: detail.object.size }, err, { store, log });
    }
    throw err;
  }
};

/** the queue's maxReceiveCount (the CDK stack and the local stack set INGEST_MAX_RECEIVE_COUNT). */
function maxReceives(): number {
  const n = Number(process.env.INGEST_MAX_RECEIVE_COUNT ?? 3);
  return Number.isInteger(n) && n > 0 ? n : 3;
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  if (!SqsBatch.safeParse(event).success) {
    logger.error('invalid SQS event', { type: Array.isArray(event) ? 'array' : typeof event });
    throw new Error('invalid SQS event: expected { Records: [SQS records] }');
  }
  const { idempotencyConfig } = wiring();
  idempotencyConfig.registerLambdaContext(context);
  metrics.addMetric('UploadEventsReceived', MetricUnit.Count, event.Records.length);
  try {
    const res = await processPartialResponse(event, recordHandler, processor, { context });
    if (res.batchItemFailures.length) metrics.addMetric('UploadEventsFailed', MetricUnit.Count, res.batchItemFailures.length);
    return res;
  } finally {
    // (locally, invocations overlap in one process and share the singleton: one may have flushed for both)
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
