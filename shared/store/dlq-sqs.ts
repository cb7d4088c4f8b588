/**
 * The dead-letter port over an SQS DLQ (INGEST_DLQ_URL, OCR_DLQ_URL) and SQS's own message-move task back to the
 * source queue.
 */
import {
  GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { describeBody, type DeadLetterQueue, type DeadLetterView, type DlqName } from '#shared/ingest/dead-letters';

export function sqsDeadLetters(dlqUrl: string, region: string, client = new SQSClient({ region }), queue: DlqName = 'ingest'): DeadLetterQueue {
  return {
    async list() {
      // peek: received messages become visible again after a short timeout
      const seen = new Map<string, DeadLetterView>();
      for (let round = 0; round < 10; round++) {
        const res = await client.send(new ReceiveMessageCommand({
          QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 5, WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }));
        const msgs = res.Messages ?? [];
        if (!msgs.length) break;
        for (const m of msgs) {
          if (!m.MessageId || seen.has(m.MessageId)) continue;
          seen.set(m.MessageId, {
            queue,
            messageId: m.MessageId,
            receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
            at: m.Attributes?.SentTimestamp ? new Date(Number(m.Attributes.SentTimestamp)).toISOString() : undefined,
            ...describeBody(m.Body ?? ''),
          });
        }
      }
      return [...seen.values()];
    },
    async redrive() {
      const attrs = await client.send(new GetQueueAttributesCommand({
        QueueUrl: dlqUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
      }));
      await client.send(new StartMessageMoveTaskCommand({ SourceArn: attrs.Attributes!.QueueArn! }));
      return Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0);
    },
  };
}
