/**
 * The whole deployment, one stack:
 *
 *   agency upload ─► S3 uploads/ ─► EventBridge rule ─► SQS (+DLQ) ─► ingest λ ─► DynamoDB
 *   agency email  ─► SES receipt rule ─► S3 inbound/ ─► inbound λ ─► S3 uploads/ (same path as above)
 *   EventBridge Scheduler (daily, Asia/Ho_Chi_Minh) ─► digest λ ─► SES (digest email), S3 outbound/
 *   DLQ depth, function errors ─► CloudWatch alarms ─► SNS (operators)
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { StackConfig } from './config';
import { IntakeFunction } from './constructs/intake-function';
import { MailSending } from './constructs/mail-sending';
import { tableDefinitions } from './tables';

export const PREFIX = { uploads: 'uploads/', inbound: 'inbound/', quarantine: 'quarantine/', outbound: 'outbound/' } as const;

/** receives of an upload event before it moves to the dead-letter queue. */
const INGEST_MAX_RECEIVES = 3;

export interface IntakeStackProps extends StackProps {
  config: StackConfig;
}

export class IntakeStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.Table;
  readonly idempotencyTable: dynamodb.Table;
  readonly ingest: IntakeFunction;
  readonly inbound: IntakeFunction;
  readonly digest: IntakeFunction;
  readonly sending: MailSending;
  private readonly inboundDlq: sqs.Queue;
  private readonly scheduleDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: IntakeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const secretariat = config.secretariatAddress ?? config.senderAddress;

    // ── storage ───────────────────────────────────────────────────────────────────────────────────────────
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Reports', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      eventBridgeEnabled: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'abort-multipart', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(90) },
        {
          id: 'raw-email-to-ia', prefix: PREFIX.inbound,
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
        },
        {
          id: 'uploads-to-ia', prefix: PREFIX.uploads,
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
        { id: 'quarantine-expiry', prefix: PREFIX.quarantine, expiration: Duration.days(365) },
        { id: 'outbound-expiry', prefix: PREFIX.outbound, expiration: Duration.days(180) },
      ],
    });

    const defs = tableDefinitions();
    this.table = new dynamodb.Table(this, 'Data', {
      partitionKey: defs.main.partitionKey,
      sortKey: defs.main.sortKey,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const gsi of defs.main.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({ ...gsi, projectionType: dynamodb.ProjectionType.ALL });
    }
    this.idempotencyTable = new dynamodb.Table(this, 'Idempotency', {
      partitionKey: defs.idempotency.partitionKey,
      timeToLiveAttribute: defs.idempotency.timeToLiveAttribute,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ── operators' alarms ─────────────────────────────────────────────────────────────────────────────────
    const alarmTopic = new sns.Topic(this, 'OperatorAlarms', {
      displayName: 'Đề án 06 intake — cảnh báo vận hành',
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    if (config.operatorEmail) alarmTopic.addSubscription(new snsSubs.EmailSubscription(config.operatorEmail));
    const alarmAction = new cwActions.SnsAction(alarmTopic);

    // ── common environment of the functions (the same names the local stack sets) ─────────────────────────
    const baseEnv = {
      TABLE_NAME: this.table.tableName,
      IDEMPOTENCY_TABLE_NAME: this.idempotencyTable.tableName,
      BUCKET_NAME: this.bucket.bucketName,
      SENDER_ADDRESS: config.senderAddress,
      SECRETARIAT_ADDRESS: secretariat,
      INBOUND_ADDRESS: config.inboundRecipients[0]!,
    };
    const sesIdentityArn = this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.inboundDomain });
    const sendMailAs = (fn: IntakeFunction, why: string) =>
      fn.role.addToPolicy(new iam.PolicyStatement({
        sid: why,
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [sesIdentityArn],
        conditions: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
      }));
    const objects = (prefix: string) => this.bucket.arnForObjects(`${prefix}*`);
    const allow = (fn: IntakeFunction, actions: string[], resources: string[]) =>
      fn.role.addToPolicy(new iam.PolicyStatement({ actions, resources }));

    // ── ingest: uploads/ → EventBridge → SQS (+DLQ) → λ ──────────────────────────────────────────────────
    const ingestDlq = this.deadLetterQueue('IngestDlq');
    const ingestTimeout = Duration.minutes(5);
    const ingestQueue = new sqs.Queue(this, 'IngestQueue', {
      visibilityTimeout: Duration.seconds(ingestTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: ingestDlq, maxReceiveCount: INGEST_MAX_RECEIVES },
    });
    new events.Rule(this, 'UploadCreated', {
      description: 'Agency report files put under uploads/',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.bucket.bucketName] }, object: { key: [{ prefix: PREFIX.uploads }] } },
      },
      targets: [new eventTargets.SqsQueue(ingestQueue)],
    });

    this.ingest = new IntakeFunction(this, 'Ingest', {
      entry: 'ingest.ts',
      description: 'Reads an uploaded report, matches its rows to tasks, stores status, sends the receipt',
      memorySize: 1024,
      timeout: ingestTimeout,
      // the handler keeps the failure reason on the report at the last receive before the DLQ
      environment: { ...baseEnv, POWERTOOLS_SERVICE_NAME: 'ingest', INGEST_MAX_RECEIVE_COUNT: String(INGEST_MAX_RECEIVES) },
    });
    this.ingest.fn.addEventSource(new SqsEventSource(ingestQueue, {
      batchSize: 5,
      reportBatchItemFailures: true,
      maxConcurrency: 10,
    }));
    allow(this.ingest, ['s3:GetObject', 's3:GetObjectVersion'], [objects(PREFIX.uploads)]);
    allow(this.ingest, ['s3:PutObject'], [objects(PREFIX.quarantine)]);
    this.table.grantReadWriteData(this.ingest.role);
    this.idempotencyTable.grantReadWriteData(this.ingest.role);
    sendMailAs(this.ingest, 'Receipts');

    // ── inbound email: SES → S3 inbound/ → λ (async) ─────────────────────────────────────────────────────
    this.inbound = new IntakeFunction(this, 'Inbound', {
      entry: 'inbound-email.ts',
      description: 'Parses a received email, checks verdicts and sender, saves attachments under uploads/',
      memorySize: 1024,
      timeout: Duration.minutes(2),
      environment: { ...baseEnv, POWERTOOLS_SERVICE_NAME: 'inbound-email' },
    });
    allow(this.inbound, ['s3:GetObject'], [objects(PREFIX.inbound)]);
    allow(this.inbound, ['s3:PutObject'], [objects(PREFIX.uploads), objects(PREFIX.quarantine)]);
    this.table.grantReadWriteData(this.inbound.role);
    this.idempotencyTable.grantReadWriteData(this.inbound.role);
    sendMailAs(this.inbound, 'HeldMessageNotices');
    const inboundDlq = this.inboundDlq = this.deadLetterQueue('InboundDlq');
    new lambda.EventInvokeConfig(this, 'InboundAsync', {
      function: this.inbound.fn,
      retryAttempts: 2,
      onFailure: { bind: () => ({ destination: inboundDlq.queueArn }) },
    });
    inboundDlq.grantSendMessages(this.inbound.role);

    const ruleSet = new ses.ReceiptRuleSet(this, 'ReceiptRules', {
      rules: [{
        recipients: config.inboundRecipients,
        scanEnabled: true,
        tlsPolicy: ses.TlsPolicy.REQUIRE,
        actions: [
          new sesActions.S3({ bucket: this.bucket, objectKeyPrefix: PREFIX.inbound }),
          new sesActions.Lambda({ function: this.inbound.fn, invocationType: sesActions.LambdaInvocationType.EVENT }),
        ],
      }],
    });
    if (config.activateReceiptRuleSet) {
      const call = (ruleSetName?: string): cr.AwsSdkCall => ({
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: ruleSetName ? { RuleSetName: ruleSetName } : {},
        physicalResourceId: cr.PhysicalResourceId.of(`active-receipt-rule-set-${ruleSet.receiptRuleSetName}`),
      });
      new cr.AwsCustomResource(this, 'ActivateReceiptRules', {
        onCreate: call(ruleSet.receiptRuleSetName),
        onUpdate: call(ruleSet.receiptRuleSetName),
        onDelete: call(),
        installLatestAwsSdk: false,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
        ]),
      });
    }

    // ── digest: Scheduler (daily, Asia/Ho_Chi_Minh) → λ → SES + S3 outbound/ ─────────────────────────────
    this.digest = new IntakeFunction(this, 'Digest', {
      entry: 'digest.ts',
      description: 'Sends each review meeting its consolidated status digest, once, N days before it',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: { ...baseEnv, POWERTOOLS_SERVICE_NAME: 'digest' },
      reservedConcurrentExecutions: 1,
    });
    this.table.grantReadWriteData(this.digest.role);
    allow(this.digest, ['s3:PutObject'], [objects(PREFIX.outbound)]);
    sendMailAs(this.digest, 'DigestMail');
    const scheduleDlq = this.scheduleDlq = this.deadLetterQueue('ScheduleDlq');
    new scheduler.Schedule(this, 'DailyDigest', {
      description: 'Daily run: sends the digest of every meeting whose send day has come',
      schedule: scheduler.ScheduleExpression.expression(config.digestScheduleCron, TimeZone.of(config.digestTimeZone)),
      target: new schedulerTargets.LambdaInvoke(this.digest.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ source: 'scheduler', kind: 'daily-digest' }),
        deadLetterQueue: scheduleDlq,
        retryAttempts: 3,
      }),
    });

    // ── sending: identity (DKIM, MAIL FROM), configuration set, outcomes → mail-events λ ──────────────────
    this.sending = new MailSending(this, 'MailSending', {
      domain: config.inboundDomain, senderAddress: config.senderAddress, secretariatAddress: secretariat,
      table: this.table, environment: baseEnv,
    });
    for (const f of [this.ingest, this.inbound, this.digest]) this.sending.usedBy(f);

    // ── alarms ────────────────────────────────────────────────────────────────────────────────────────────
    for (const [name, queue] of [['Ingest', ingestDlq], ['Inbound', inboundDlq], ['Schedule', scheduleDlq], ['MailEvents', this.sending.deadLetters]] as const) {
      new cloudwatch.Alarm(this, `${name}DlqNotEmpty`, {
        alarmDescription: `${name}: messages in the dead-letter queue (intake dlq list)`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
    }
    for (const f of [this.ingest, this.inbound, this.digest, this.sending.events]) {
      new cloudwatch.Alarm(this, `${f.node.id}Errors`, {
        alarmDescription: `${f.node.id}: function errors`,
        metric: f.fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
    }

    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'IdempotencyTableName', { value: this.idempotencyTable.tableName });
    new CfnOutput(this, 'IngestDlqUrl', { value: ingestDlq.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });

    this.suppressNagFindings();
  }

  /** A dead-letter queue: TLS only, encrypted, kept 14 days (alarmed on depth below). */
  private deadLetterQueue(id: string): sqs.Queue {
    return new sqs.Queue(this, id, {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
  }

  /** Every cdk-nag finding we accept, each with its reason. */
  private suppressNagFindings(): void {
    const fnRoles = [this.ingest, this.inbound, this.digest].map((f) => f.role);
    NagSuppressions.addResourceSuppressions(fnRoles, [
      { id: 'AwsSolutions-IAM5', reason: 'Object-level grants are scoped to one prefix of the reports bucket (uploads/*, inbound/*, quarantine/*, outbound/*), log streams to the function\'s own log group, and DynamoDB index/* of our own tables (grantReadWriteData).' },
    ], true);
    NagSuppressions.addResourceSuppressions([this.inboundDlq, this.scheduleDlq], [
      { id: 'AwsSolutions-SQS3', reason: 'These queues are dead-letter queues themselves: the inbound function\'s async on-failure destination and the digest schedule\'s DLQ.' },
    ]);
    NagSuppressions.addStackSuppressions(this, [
      { id: 'AwsSolutions-L1', reason: 'Pinned to NODEJS_22_X on purpose: the runtime the code is tested against (Node 20/22); upgrades are deliberate.' },
      { id: 'AwsSolutions-IAM4', reason: 'Only CDK-managed singleton functions (custom resource provider, log retention, bucket notifications) use AWSLambdaBasicExecutionRole; our functions have their own minimal roles.' },
      { id: 'AwsSolutions-IAM5', reason: 'CDK-managed singleton functions need wildcard resources: SES SetActiveReceiptRuleSet has no resource-level permissions.' },
    ]);
  }
}
