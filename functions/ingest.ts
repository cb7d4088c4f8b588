/**
 * Ingest function: S3 "Object Created" (EventBridge) → SQS → here. Wiring only: Powertools batch → upload event
 * (shared/ingest/upload-event) → idempotent on the object version → process-upload; failures → dead-letters.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadConfig } from '#shared/config';
import { onFailedReceive } from '#shared/ingest/dead-letters';
import { processUpload, type ObjectRef } from '#shared/ingest/process-upload';
import { defaultStages } from '#shared/ingest/stages';
import { checkBatch, objectRefOf, parseUploadMessage, receiveOf } from '#shared/ingest/upload-event';
import { sesMailer } from '#shared/mail/ses';
import { guardMailer } from '#shared/recipients/guard';
import { receiptHook } from '#shared/receipts/send';
import { cachedRegistry } from '#shared/registry/cache';
import { dynamoStore } from '#shared/store/dynamo';
import { s3Blobs } from '#shared/store/s3';
import { idempotencyFor } from './commons/idempotency';
import { ocrQueueFor } from './commons/ocr-queue';
import { flushMetrics, log, logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

const wiring = perEnvironment(() => {
  const config = loadConfig(process.env);
  const store = dynamoStore(config);
  const idempotency = idempotencyFor(config);
  const deps = {
    store, blobs: s3Blobs(config), config, log, stages: defaultStages(), loadTasks: cachedRegistry(store), ocr: ocrQueueFor(config),
    onProcessed: receiptHook({ store, mailer: guardMailer(sesMailer(config), store), secretariat: config.secretariatAddress, log: (m, f) => logger.info(m, f) }),
  };
  const ingestObject = makeIdempotent(async (ref: ObjectRef) => {
    const { report, replayed } = await processUpload(ref, { ...deps, stages: await deps.stages });
    metrics.addMetric(replayed ? 'ReportReplayed' : `Report_${report.state}`, MetricUnit.Count, 1);
    return { reportId: report.id, state: report.state };
  }, idempotency);
  return { config, store, idempotencyConfig: idempotency.config, ingestObject };
});

const recordHandler = async (record: SQSRecord) => {
  const message = parseUploadMessage(record, log);
  const { config, store, ingestObject } = wiring();
  try {
    return await ingestObject(objectRefOf(message));
  } catch (err) {
    await onFailedReceive(receiveOf(message, config.ingestMaxReceives), err, { store, log });
    throw err;
  }
};

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  checkBatch(event, log);
  wiring().idempotencyConfig.registerLambdaContext(context);
  metrics.addMetric('UploadEventsReceived', MetricUnit.Count, event.Records.length);
  try {
    const res = await processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context });
    if (res.batchItemFailures.length) metrics.addMetric('UploadEventsFailed', MetricUnit.Count, res.batchItemFailures.length);
    return res;
  } finally {
    flushMetrics();
  }
};
