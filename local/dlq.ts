/** The dead-letter port over the embedded stack's dead-letter lists (<data-dir>/dlq.json, OCR jobs in dlq-ocr.json). */
import { describeBody, type DeadLetterQueue, type DlqName } from '#shared/ingest/dead-letters';
import type { LocalStack } from './stack';

export function localDeadLetters(stack: LocalStack, queue: DlqName = 'ingest'): DeadLetterQueue {
  return {
    async list() {
      return stack.deadLetters(queue).map((d) => ({ queue, messageId: d.messageId, receiveCount: d.receiveCount, reason: d.reason, at: d.at, ...describeBody(d.body) }));
    },
    async redrive() {
      const n = stack.redrive(queue);
      await stack.idle();
      return n;
    },
  };
}
