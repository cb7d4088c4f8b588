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
import { checkBatch, objectRefOf, parseUploadMessage, receiveOf } from '#shared/ingest/upload-event';
import { idempotencyFor } from './commons/idempotency';
import { ingestDeps } from './commons/ingest-deps';
import { ocrQueueFor } from './commons/ocr-queue';
import { flushMetrics, log, logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

const wiring = perEnvironment(() => {
  const config = loadConfig(process.env);
  const idempotency = idempotencyFor(config);
  const deps = { ...ingestDeps(config), ocr: ocrQueueFor(config) };
  const ingestObject = makeIdempotent(async (ref: ObjectRef) => {
    const { report, replayed } = await processUpload(ref, { ...deps, stages: await deps.stages });
    metrics.addMetric(replayed ? 'ReportReplayed' : `Report_${report.state}`, MetricUnit.Count, 1);
    return { reportId: report.id, state: report.state };
  }, idempotency);
  return { config, store: deps.store, idempotencyConfig: idempotency.config, ingestObject };
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
