/**
 * OCR function: the OCR queue (jobs from ingest and from itself) → here. Wiring only: Powertools batch → OcrJob
 * → shared/ingest/ocr-job (a bounded batch of pages per job, the rest re-queued, then the report's normal path).
 * The engine (tesseract.js, two workers) is made on first use and kept warm across invocations.
 * Batch size 1 (CDK): one scan per invocation; a batch stops between pages when less than a minute is left.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadConfig } from '#shared/config';
import type { OcrEngine } from '#shared/extract/ocr/engine';
import { processOcrJob } from '#shared/ingest/ocr-job';
import { ocrJobBody } from '#shared/ingest/ocr-queue';
import { checkBatch } from '#shared/ingest/upload-event';
import { ingestDeps } from './commons/ingest-deps';
import { ocrQueueFor } from './commons/ocr-queue';
import { flushMetrics, log, logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

let engine: Promise<OcrEngine> | undefined;
const getEngine = (): Promise<OcrEngine> => {
  engine ??= import('#shared/extract/ocr/engine').then((m) => m.createOcrEngine({ workers: 2 }));
  engine.catch(() => { engine = undefined; });
  return engine;
};

/** Stops the engine's workers (the embedded stack calls this on stop; Lambda just freezes). */
export async function shutdown(): Promise<void> {
  const e = engine;
  engine = undefined;
  if (e) await (await e).close();
}

const wiring = perEnvironment(() => {
  const config = loadConfig(process.env);
  const deps = ingestDeps(config);
  return { config, store: deps.store, queue: ocrQueueFor(config), deps };
});

const handle = (context: Context) => async (record: SQSRecord) => {
  const { config, queue, deps } = wiring();
  if (!queue) throw new Error('OCR_QUEUE_URL is not set: the OCR function cannot re-queue the rest of a scan');
  const outcome = await processOcrJob(ocrJobBody(record.body), {
    ...deps, stages: await deps.stages, engine: getEngine, queue, pagesPerRun: config.ocr.pagesPerRun,
    shouldStop: () => context.getRemainingTimeInMillis() < 60_000,
  });
  metrics.addMetric(`Ocr_${outcome.kind}`, MetricUnit.Count, 1);
  return outcome.kind;
};

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  checkBatch(event, log);
  try {
    return await processPartialResponse(event, handle(context), new BatchProcessor(EventType.SQS), { context });
  } finally {
    flushMetrics();
  }
};
