/** The dead-letter port over the embedded stack's dead-letter list (kept in <data-dir>/dlq.json). */
import { describeBody, type DeadLetterQueue } from '#shared/ingest/dead-letters';
import type { LocalStack } from './stack';

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

