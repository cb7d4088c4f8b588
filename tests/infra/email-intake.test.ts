/**
 * EmailIntake (infra/constructs/email-intake.ts) on its own, one stack holding two: one that leaves the active rule
 * set alone, one that activates its own.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PREFIXES } from '#shared/ingest/prefixes';
import { synthConstructs } from '#testkit/cdk';
import { EmailIntake } from '../../infra/constructs/email-intake';

const { template: t } = synthConstructs(({ stack, bucket, fn }) => {
  new EmailIntake(stack, 'EmailIntake', { bucket, fn: fn('Inbound', 'inbound-email.ts'), recipients: ['baocao@baocao.test.gov.vn'], activate: false });
  new EmailIntake(stack, 'Activated', { bucket, fn: fn('Inbound2', 'inbound-email.ts'), recipients: ['a@b.vn'], activate: true });
});
const inside = (prefix: string, type: string) => Object.keys(t.findResources(type)).filter((id) => id.startsWith(prefix));

describe('EmailIntake', () => {
  it('stores mail under inbound/ then invokes the function asynchronously (scan on, TLS required), with a DLQ', () => {
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
  });
  it('activates its rule set only when asked', () => {
    expect(inside('EmailIntake', 'Custom::AWS')).toHaveLength(0);
    expect(inside('Activated', 'Custom::AWS')).toHaveLength(1);
  });
});
