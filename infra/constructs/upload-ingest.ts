/**
 * UploadIngest: S3 uploads/ → EventBridge rule → SQS (+ DLQ after INGEST_MAX_RECEIVES receives) → the ingest function
 * (partial batch failures). The rule's pattern and the receive count come from shared/ingest/prefixes, the same
 * constants the local stack and the handler use.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INGEST_MAX_RECEIVES, INGEST_RULE } from '#shared/ingest/prefixes';
import { deadLetterQueue, QUEUE_DEFAULTS } from './defaults';
import type { IntakeFunction } from './intake-function';

export interface UploadIngestProps {
  bucket: s3.IBucket;
  /** the ingest function (its timeout sets the queue's visibility timeout: six times it, as AWS advises). */
  fn: IntakeFunction;
  batchSize?: number;
  maxConcurrency?: number;
}

export class UploadIngest extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: UploadIngestProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'IngestDlq', 'upload events that failed every receive (intake dlq list / redrive)');
    const timeout = props.fn.fn.timeout ?? Duration.minutes(5);
    this.queue = new sqs.Queue(this, 'IngestQueue', {
      ...QUEUE_DEFAULTS,
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: INGEST_MAX_RECEIVES },
    });
    this.rule = new events.Rule(this, 'UploadCreated', {
      description: `Agency report files put under ${INGEST_RULE.keyPrefix}`,
      eventPattern: {
        source: [INGEST_RULE.source],
        detailType: [INGEST_RULE.detailType],
        detail: { bucket: { name: [props.bucket.bucketName] }, object: { key: [{ prefix: INGEST_RULE.keyPrefix }] } },
      },
      targets: [new eventTargets.SqsQueue(this.queue)],
    });
    // the handler keeps the failure reason on the report at the last receive before the DLQ
    props.fn.fn.addEnvironment('INGEST_MAX_RECEIVE_COUNT', String(INGEST_MAX_RECEIVES));
    props.fn.fn.addEventSource(new SqsEventSource(this.queue, {
      batchSize: props.batchSize ?? 5, reportBatchItemFailures: true, maxConcurrency: props.maxConcurrency ?? 10,
    }));
  }
}
