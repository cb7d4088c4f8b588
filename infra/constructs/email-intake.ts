/**
 * EmailIntake: the SES receipt rule set (recipients, spam/virus scan, TLS required) → S3 inbound/ → the inbound
 * function, invoked asynchronously (2 retries, then a DLQ), and the rule set made active by a custom resource
 * (SES has one active set per region; `activate: false` leaves an existing one alone). Receiving only: the
 * sending side (identity, configuration set) is MailSending.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { PREFIXES } from '#shared/ingest/prefixes';
import { deadLetterQueue } from './defaults';
import type { IntakeFunction } from './intake-function';

export interface EmailIntakeProps {
  bucket: s3.IBucket;
  fn: IntakeFunction;
  recipients: string[];
  activate: boolean;
}

export class EmailIntake extends Construct {
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: EmailIntakeProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'InboundDlq', "the inbound function's async on-failure destination");
    const dlq = this.deadLetters;
    new lambda.EventInvokeConfig(this, 'InboundAsync', {
      function: props.fn.fn,
      retryAttempts: 2,
      onFailure: { bind: () => ({ destination: dlq.queueArn }) },
    });
    dlq.grantSendMessages(props.fn.role);
    this.ruleSet = new ses.ReceiptRuleSet(this, 'ReceiptRules', {
      rules: [{
        recipients: props.recipients,
        scanEnabled: true,
        tlsPolicy: ses.TlsPolicy.REQUIRE,
        actions: [
          new sesActions.S3({ bucket: props.bucket, objectKeyPrefix: PREFIXES.inbound }),
          new sesActions.Lambda({ function: props.fn.fn, invocationType: sesActions.LambdaInvocationType.EVENT }),
        ],
      }],
    });
    if (props.activate) {
      const name = this.ruleSet.receiptRuleSetName;
      const call = (ruleSetName?: string): cr.AwsSdkCall => ({
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: ruleSetName ? { RuleSetName: ruleSetName } : {},
        physicalResourceId: cr.PhysicalResourceId.of(`active-receipt-rule-set-${name}`),
      });
      new cr.AwsCustomResource(this, 'ActivateReceiptRules', {
        onCreate: call(name), onUpdate: call(name), onDelete: call(),
        installLatestAwsSdk: false,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
        ]),
      });
    }
  }
}
