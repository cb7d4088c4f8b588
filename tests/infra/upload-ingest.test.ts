/** UploadIngest (infra/constructs/upload-ingest.ts) on its own: the shared rule, prefixes and receive count it takes. */
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { INGEST_MAX_RECEIVES, INGEST_RULE, PREFIXES } from '#shared/ingest/prefixes';
import { synthConstructs } from '#testkit/cdk';
import { UploadIngest } from '../../infra/constructs/upload-ingest';

const { template: t } = synthConstructs(({ stack, bucket, fn }) =>
  new UploadIngest(stack, 'UploadIngest', { bucket, fn: fn('Ingest', 'ingest.ts', Duration.minutes(2)) }));

describe('UploadIngest', () => {
  it('routes the shared rule (S3 Object Created under uploads/) of this bucket to the queue', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: [INGEST_RULE.source], 'detail-type': [INGEST_RULE.detailType],
        detail: { bucket: { name: [{ Ref: Match.stringLikeRegexp('^Bucket') }] }, object: { key: [{ prefix: PREFIXES.uploads }] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestQueue'), 'Arn'] } })],
    });
    expect(INGEST_RULE.keyPrefix).toBe(PREFIXES.uploads);
  });
  it('dead-letters after the shared receive count, which the function is told; visibility is 6× its timeout', () => {
    t.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestDlq'), 'Arn'] }, maxReceiveCount: INGEST_MAX_RECEIVES },
      VisibilityTimeout: 720, SqsManagedSseEnabled: true,
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INGEST_MAX_RECEIVE_COUNT: String(INGEST_MAX_RECEIVES) }) },
    });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 5 });
  });
  it('keeps both queues TLS-only', () => {
    const policies = Object.values(t.findResources('AWS::SQS::QueuePolicy')).map((p) => JSON.stringify(p));
    expect(policies.filter((p) => p.includes('aws:SecureTransport')).length).toBeGreaterThanOrEqual(2);
  });
});
