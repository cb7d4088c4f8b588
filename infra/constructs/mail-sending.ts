/**
 * MailSending: mail that other servers trust, and what happens to it recorded.
 *
 *   SES email identity (sending domain): Easy DKIM (2048-bit), custom MAIL FROM `mail.<domain>`
 *   SES configuration set (every message we send uses it): account suppression of bounces and complaints on,
 *     TLS required, reputation metrics
 *     └─ event destination → default EventBridge bus: BOUNCE, COMPLAINT, DELIVERY, REJECT, DELIVERY_DELAY
 *        └─ rule (source aws.ses, those detail-types) → mail-events λ (+DLQ) → recipients' mail health in DynamoDB
 *
 * The DNS records to publish are stack outputs (and in the README): the three DKIM CNAMEs, the MAIL FROM MX and
 * SPF, and a DMARC policy to start from. Permanent bounces and complaints put the address on do-not-send (the
 * guard in shared/recipients drops it from every later mail); soft bounces are retried by SES only.
 */
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { SES_EVENT_DETAIL_TYPES } from '#shared/recipients/ses-events';
import { IntakeFunction } from './intake-function';

export interface MailSendingProps {
  /** the sending domain (the identity SES signs for). */
  domain: string;
  /** the From address of our mail (an address of `domain`). */
  senderAddress: string;
  /** the secretariat: told once when an address can no longer be written to; DMARC reports suggested to it. */
  secretariatAddress: string;
  table: dynamodb.ITable;
  /** the functions' common environment (table, bucket, addresses). */
  environment: Record<string, string>;
  /** MAIL FROM subdomain label (default `mail`). */
  mailFromLabel?: string;
}

export class MailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly events: IntakeFunction;
  readonly deadLetters: sqs.Queue;
  readonly mailFromDomain: string;
  readonly configurationSetArn: string;
  private readonly senderAddress: string;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.senderAddress = props.senderAddress;
    this.mailFromDomain = `${props.mailFromLabel ?? 'mail'}.${props.domain}`;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSetArn = Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [
        ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.REJECT, ses.EmailSendingEvent.DELIVERY_DELAY,
      ],
    });

    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      dkimSigning: true,
      mailFromDomain: this.mailFromDomain,
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
      configurationSet: this.configurationSet,
      feedbackForwarding: false, // bounces and complaints come as events, not as mail to the sender
    });

    this.events = new IntakeFunction(this, 'MailEvents', {
      entry: 'mail-events.ts',
      description: 'Records each SES sending outcome per recipient: bounces and complaints stop further mail',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { ...props.environment, POWERTOOLS_SERVICE_NAME: 'mail-events' },
    });
    // least privilege: the recipient records, the once-markers and the contacts index; one From address
    props.table.grant(this.events.role, 'dynamodb:GetItem', 'dynamodb:PutItem');
    this.events.role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${props.table.tableArn}/index/*`] }));
    this.events.role.addToPolicy(new iam.PolicyStatement({
      sid: 'UnreachableNotice',
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [this.identity.emailIdentityArn, this.configurationSetArn],
      conditions: { StringEquals: { 'ses:FromAddress': props.senderAddress } },
    }));

    this.deadLetters = new sqs.Queue(this, 'Dlq', { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
    new events.Rule(this, 'Outcomes', {
      description: 'SES sending outcomes of the configuration set (bounce, complaint, delivery, reject, delay)',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SES_EVENT_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new eventTargets.LambdaFunction(this.events.fn, { deadLetterQueue: this.deadLetters, retryAttempts: 4, maxEventAge: Duration.hours(6) })],
    });

    // the DNS records to publish at the domain's DNS host
    this.identity.dkimRecords.forEach((r, i) => {
      new CfnOutput(this, `DkimCname${i + 1}`, { description: `DKIM CNAME ${i + 1}: name → value`, value: `${r.name} CNAME ${r.value}` });
    });
    new CfnOutput(this, 'MailFromMx', { description: 'MAIL FROM: MX record', value: `${this.mailFromDomain} MX 10 feedback-smtp.${region}.amazonses.com` });
    new CfnOutput(this, 'MailFromSpf', { description: 'MAIL FROM: SPF record', value: `${this.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"` });
    new CfnOutput(this, 'DmarcSuggestion', {
      description: 'DMARC: start with p=none and reports, move to quarantine once the reports are clean',
      value: `_dmarc.${props.domain} TXT "v=DMARC1; p=none; rua=mailto:${props.secretariatAddress}; adkim=r; aspf=r"`,
    });
    new CfnOutput(this, 'ConfigurationSetName', { value: this.configurationSet.configurationSetName });

    NagSuppressions.addResourceSuppressions(this.events.role, [
      { id: 'AwsSolutions-IAM5', reason: 'Query on index/* of our own table (the contacts index) and the function\'s own log streams.' },
    ], true);
    NagSuppressions.addResourceSuppressions(this.deadLetters, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of the mail-events rule target.' },
    ]);
  }

  /** Every function that sends mail: the configuration set's name in its environment, and the right to use it. */
  usedBy(fn: IntakeFunction): void {
    const sender = this.senderAddress;
    fn.fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    fn.role.addToPolicy(new iam.PolicyStatement({
      sid: 'UseConfigurationSet',
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [this.configurationSetArn],
      conditions: { StringEquals: { 'ses:FromAddress': sender } },
    }));
  }
}
