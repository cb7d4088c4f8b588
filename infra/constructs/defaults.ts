/**
 * Secure defaults, one place: every queue TLS-only and encrypted; a dead-letter queue kept 14 days (and told to
 * cdk-nag it is one); an alarm fires on the first datum over zero and stays quiet without data.
 * Functions' defaults (runtime, arch, own role and log group, bundling) are in ./intake-function.ts and ./bundling.ts.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

export const QUEUE_DEFAULTS = { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED } as const;

export function deadLetterQueue(scope: Construct, id: string, why: string): sqs.Queue {
  const q = new sqs.Queue(scope, id, { ...QUEUE_DEFAULTS, retentionPeriod: Duration.days(14) });
  NagSuppressions.addResourceSuppressions(q, [{ id: 'AwsSolutions-SQS3', reason: `A dead-letter queue itself: ${why}.` }]);
  return q;
}

/** "more than zero in five minutes" — every alarm of the stack is this shape. */
export const ALARM_DEFAULTS = {
  threshold: 0,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  evaluationPeriods: 1,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const;
export const ALARM_PERIOD = Duration.minutes(5);
