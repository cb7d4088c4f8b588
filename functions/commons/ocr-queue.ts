/** The OCR step's queue for a handler: the embedded stack's in-process queue, else SQS when OCR_QUEUE_URL is set. */
import type { Config } from '#shared/config';
import { localOcrQueue, type OcrQueue } from '#shared/ingest/ocr-queue';
import { sqsOcrQueue } from '#shared/store/ocr-sqs';

export function ocrQueueFor(config: Config): OcrQueue | undefined {
  const local = localOcrQueue();
  if (local) return local;
  return config.ocr.queueUrl ? sqsOcrQueue(config.ocr.queueUrl, config.region) : undefined;
}
