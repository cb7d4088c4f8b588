/** The OCR queue port over SQS (OCR_QUEUE_URL). */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { OcrJob, OcrQueue } from '#shared/ingest/ocr-queue';

export function sqsOcrQueue(queueUrl: string, region: string, client = new SQSClient({ region })): OcrQueue {
  return {
    async send(job: OcrJob) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(job) }));
    },
  };
}
