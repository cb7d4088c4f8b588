/**
 * Each flow's construct on its own, in a bare stack: what it builds and the shared constants it takes
 * (prefixes, the rule pattern, receive counts, the schedule input, the time zone).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { TIME_ZONE } from '#shared/domain/dates';
import { INGEST_MAX_RECEIVES, INGEST_RULE, PREFIXES } from '#shared/ingest/prefixes';
import { DAILY_RUN_INPUT, DigestEvent } from '#shared/meetings/event';
import { DailyDigest } from '../../infra/constructs/daily-digest';
import { EmailIntake } from '../../infra/constructs/email-intake';
import { IntakeFunction } from '../../infra/constructs/intake-function';
import { NO_OPERATOR_WARNING, OperatorAlarms } from '../../infra/constructs/operator-alarms';
import { UploadIngest } from '../../infra/constructs/upload-ingest';

function bare() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'T', { env: { account: '111111111111', region: 'ap-southeast-1' } });
  const bucket = new s3.Bucket(stack, 'Bucket');
  const fn = (id: string, entry: string, timeout = Duration.minutes(5)) =>
    new IntakeFunction(stack, id, { entry, description: id, memorySize: 512, timeout, environment: {} });
  return { stack, bucket, fn };
}

describe('UploadIngest', () => {
  const { stack, bucket, fn } = bare();
  const ingest = fn('Ingest', 'ingest.ts', Duration.minutes(2));
  new UploadIngest(stack, 'UploadIngest', { bucket, fn: ingest });
  const t = Template.fromStack(stack);

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

describe('OperatorAlarms', () => {
  it('warns at synth when no operator address is set, and subscribes none', () => {
    const { stack } = bare();
    new OperatorAlarms(stack, 'OperatorAlarms', { operatorEmail: '' });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('operatorEmail is empty'))).toHaveLength(1);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Subscription', 0);
    expect(NO_OPERATOR_WARNING).toMatch(/reach nobody/);
  });
  it('with an address: an e-mail subscription, no warning; alarms on dead letters and function errors go to the topic', () => {
    const { stack, fn } = bare();
    const alarms = new OperatorAlarms(stack, 'OperatorAlarms', { operatorEmail: 'ops@test.gov.vn' });
    const { deadLetters } = new DailyDigest(stack, 'DailyDigest', { fn: fn('Digest', 'digest.ts') });
    alarms.deadLetters('Schedule', deadLetters);
    alarms.errors(fn('Other', 'ingest.ts'));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('operatorEmail is empty'))).toHaveLength(0);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@test.gov.vn' });
    const all = Object.values(t.findResources('AWS::CloudWatch::Alarm')) as Array<{ Properties: { MetricName: string; Threshold: number; AlarmActions: unknown } }>;
    expect(all.map((a) => a.Properties.MetricName).sort()).toEqual(['ApproximateNumberOfMessagesVisible', 'Errors']);
    for (const a of all) {
      expect(a.Properties.Threshold).toBe(0);
      expect(JSON.stringify(a.Properties.AlarmActions)).toContain('OperatorAlarmsTopic');
    }
  });
});

describe('DailyDigest', () => {
  const { stack, fn } = bare();
  new DailyDigest(stack, 'DailyDigest', { fn: fn('Digest', 'digest.ts'), cron: 'cron(0 7 * * ? *)' });
  const t = Template.fromStack(stack);

  it('runs daily in Việt Nam time with the input the handler accepts, retried, then a DLQ', () => {
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)', ScheduleExpressionTimezone: TIME_ZONE,
      Target: Match.objectLike({
        Input: JSON.stringify(DAILY_RUN_INPUT),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ScheduleDlq'), 'Arn'] } },
      }),
    });
    expect(DigestEvent.safeParse(DAILY_RUN_INPUT).success).toBe(true);
  });
});

describe('EmailIntake', () => {
  it('stores mail under inbound/ then invokes the function asynchronously (scan on, TLS required), with a DLQ', () => {
    const { stack, bucket, fn } = bare();
    const inbound = fn('Inbound', 'inbound-email.ts');
    new EmailIntake(stack, 'EmailIntake', { bucket, fn: inbound, recipients: ['baocao@baocao.test.gov.vn'], activate: false });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['baocao@baocao.test.gov.vn'], ScanEnabled: true, TlsPolicy: 'Require',
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: PREFIXES.inbound }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('InboundDlq'), 'Arn'] } } },
    });
    t.resourceCountIs('Custom::AWS', 0);
  });
  it('activates its rule set only when asked', () => {
    const { stack, bucket, fn } = bare();
    new EmailIntake(stack, 'EmailIntake', { bucket, fn: fn('Inbound', 'inbound-email.ts'), recipients: ['a@b.vn'], activate: true });
    Template.fromStack(stack).resourceCountIs('Custom::AWS', 1);
  });
});
