/**
 * The whole deployment, one stack:
 *
 *   agency upload ─► S3 uploads/ ─► EventBridge rule ─► SQS (+DLQ) ─► ingest λ ─► DynamoDB
 *   agency email  ─► SES receipt rule ─► S3 inbound/ ─► inbound λ ─► S3 uploads/ (same path as above)
 *   EventBridge Scheduler (daily, Asia/Ho_Chi_Minh) ─► digest λ ─► SES (digest email), S3 outbound/
 *   DLQ depth, function errors ─► CloudWatch alarms ─► SNS (operators)
 *   secretariat's browser ─► HTTP API ─► console λ (Cognito managed login; ./constructs/console.ts)
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { PREFIXES as PREFIX } from '#shared/ingest/prefixes';
import type { StackConfig } from './config';
import { Console } from './constructs/console';
import { DailyDigest } from './constructs/daily-digest';
import { EmailIntake } from './constructs/email-intake';
import { IntakeFunction } from './constructs/intake-function';
import { MailSending } from './constructs/mail-sending';
import { OcrStep } from './constructs/ocr-step';
import { OperatorAlarms } from './constructs/operator-alarms';
import { UploadIngest } from './constructs/upload-ingest';
import { tableDefinitions } from './tables';

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
  readonly uploads: UploadIngest;
  readonly email: EmailIntake;
  readonly daily: DailyDigest;
  readonly alarms: OperatorAlarms;
  readonly ocr: OcrStep;
  readonly console: Console;

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
        // appendices uploaded in the console and never confirmed
        { id: 'registry-staging-expiry', prefix: PREFIX.registry, expiration: Duration.days(2) },
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

    // ── operators' alarms (warns at synth when operatorEmail is empty) ──────────────────────────────────
    this.alarms = new OperatorAlarms(this, 'OperatorAlarms', { operatorEmail: config.operatorEmail });

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
    this.ingest = new IntakeFunction(this, 'Ingest', {
      entry: 'ingest.ts',
      description: 'Reads an uploaded report, matches its rows to tasks, stores status, sends the receipt',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: { ...baseEnv, POWERTOOLS_SERVICE_NAME: 'ingest' },
    });
    this.uploads = new UploadIngest(this, 'UploadIngest', { bucket: this.bucket, fn: this.ingest });
    allow(this.ingest, ['s3:GetObject', 's3:GetObjectVersion'], [objects(PREFIX.uploads)]);
    allow(this.ingest, ['s3:PutObject'], [objects(PREFIX.quarantine)]);
    this.table.grantReadWriteData(this.ingest.role);
    this.idempotencyTable.grantReadWriteData(this.ingest.role);
    sendMailAs(this.ingest, 'Receipts');

    // ── OCR of scanned reports: ingest → OCR queue (+DLQ) → ocr λ (bounded pages per job, the rest re-queued) ──
    this.ocr = new OcrStep(this, 'Ocr', { environment: baseEnv });
    this.ocr.allowSend(this.ingest.role);
    this.ingest.fn.addEnvironment('OCR_QUEUE_URL', this.ocr.queue.queueUrl);
    const ocrFn = this.ocr.fn;
    allow(ocrFn, ['s3:GetObject', 's3:GetObjectVersion'], [objects(PREFIX.uploads)]);
    allow(ocrFn, ['s3:GetObject', 's3:PutObject'], [objects(PREFIX.ocr)]);
    allow(ocrFn, ['s3:PutObject'], [objects(PREFIX.quarantine)]);
    ocrFn.role.addToPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${PREFIX.ocr}*`] } },
    }));
    this.table.grantReadWriteData(ocrFn.role);
    sendMailAs(ocrFn, 'OcrReceipts');

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
    this.email = new EmailIntake(this, 'EmailIntake', {
      bucket: this.bucket, fn: this.inbound, recipients: config.inboundRecipients, activate: config.activateReceiptRuleSet,
    });

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
    this.daily = new DailyDigest(this, 'DailyDigest', { fn: this.digest, cron: config.digestScheduleCron });

    // ── sending: identity (DKIM, MAIL FROM), configuration set, outcomes → mail-events λ ──────────────────
    this.sending = new MailSending(this, 'MailSending', {
      domain: config.inboundDomain, senderAddress: config.senderAddress, secretariatAddress: secretariat,
      table: this.table, environment: baseEnv,
    });

    // ── console: HTTP API → λ, Cognito managed login (code + PKCE), groups secretariat / viewer ──────────────
    this.console = new Console(this, 'Console', {
      table: this.table, bucket: this.bucket, environment: baseEnv,
      domainPrefix: config.consoleDomainPrefix ?? `${config.stackName.toLowerCase()}-console`,
    });
    sendMailAs(this.console.fn, 'DigestSendNow');
    // the daily run's reminders carry each agency's round link (the console's own function gets it in Console)
    this.console.signsAgencyLinks(this.digest);
    for (const f of [this.ingest, this.inbound, this.digest, this.ocr.fn, this.console.fn]) this.sending.usedBy(f);

    // ── alarms ────────────────────────────────────────────────────────────────────────────────────────────
    const dlqs = [['Ingest', this.uploads.deadLetters], ['Inbound', this.email.deadLetters], ['Schedule', this.daily.deadLetters], ['MailEvents', this.sending.deadLetters], ['Ocr', this.ocr.deadLetters]] as const;
    for (const [name, queue] of dlqs) this.alarms.deadLetters(name, queue);
    for (const f of [this.ingest, this.inbound, this.digest, this.sending.events, this.ocr.fn, this.console.fn]) this.alarms.errors(f);

    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'IdempotencyTableName', { value: this.idempotencyTable.tableName });
    new CfnOutput(this, 'IngestDlqUrl', { value: this.uploads.deadLetters.queueUrl });
    new CfnOutput(this, 'OcrDlqUrl', { value: this.ocr.deadLetters.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });

    this.suppressNagFindings();
  }

  /** Every cdk-nag finding we accept, each with its reason. */
  private suppressNagFindings(): void {
    const fnRoles = [this.ingest, this.inbound, this.digest, this.ocr.fn].map((f) => f.role);
    NagSuppressions.addResourceSuppressions(fnRoles, [
      { id: 'AwsSolutions-IAM5', reason: 'Object-level grants are scoped to one prefix of the reports bucket (uploads/*, inbound/*, quarantine/*, outbound/*), log streams to the function\'s own log group, and DynamoDB index/* of our own tables (grantReadWriteData).' },
    ], true);
    NagSuppressions.addStackSuppressions(this, [
      { id: 'AwsSolutions-L1', reason: 'Pinned to NODEJS_22_X on purpose: the runtime the code is tested against (Node 20/22); upgrades are deliberate.' },
      { id: 'AwsSolutions-IAM4', reason: 'Only CDK-managed singleton functions (custom resource provider, log retention, bucket notifications) use AWSLambdaBasicExecutionRole; our functions have their own minimal roles.' },
      { id: 'AwsSolutions-IAM5', reason: 'CDK-managed singleton functions need wildcard resources: SES SetActiveReceiptRuleSet has no resource-level permissions.' },
    ]);
  }
}
