/**
 * The synthesised template, property by property: what each assertion protects is named in its title.
 * Bundling is skipped here (`aws:cdk:bundling-stacks: []`); `.ci/run` runs a full `cdk synth` that bundles.
 */
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IntakeStack } from '../../infra/stack';
import { synthTestStack, TEST_CONTEXT } from '#testkit/cdk';
import { readConfig } from '../../infra/config';

let stack: IntakeStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = synthTestStack({}, (app) => Aspects.of(app).add(new AwsSolutionsChecks())));
});

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };

/** every statement of every inline policy attached to the given role. */
function statementsOf(role: { node: { defaultChild?: unknown } } & { roleName: string }, logicalPrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const out: Statement[] = [];
  for (const [, p] of Object.entries(policies)) {
    const roles = JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles);
    if (!roles.includes(logicalPrefix)) continue;
    out.push(...(p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
  }
  return out;
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourceText = (s: Statement) => JSON.stringify(s.Resource);
function roleLogicalId(fnId: 'Ingest' | 'Inbound' | 'Digest'): string {
  const roles = template.findResources('AWS::IAM::Role');
  const id = Object.keys(roles).find((k) => k.startsWith(`${fnId}Role`));
  if (!id) throw new Error(`no role for ${fnId}`);
  return id;
}
function grants(fnId: 'Ingest' | 'Inbound' | 'Digest') {
  return statementsOf({ node: {}, roleName: fnId }, roleLogicalId(fnId));
}
function canDo(fnId: 'Ingest' | 'Inbound' | 'Digest', action: string, resourceFragment: string): boolean {
  return grants(fnId).some((s) => s.Effect === 'Allow' && actions(s).some((a) => a === action || (a.endsWith('*') && action.startsWith(a.slice(0, -1)))) && resourceText(s).includes(resourceFragment));
}

describe('reports bucket', () => {
  it('blocks every kind of public access, encrypts, versions and sends events to EventBridge', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: Match.stringLikeRegexp('^Reports') },
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });
  it('has lifecycle rules for old versions, raw email, quarantine, outbound and staged appendices', () => {
    const buckets = template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } });
    const rules = (Object.values(buckets)[0] as { Properties: { LifecycleConfiguration: { Rules: Array<{ Id: string; Prefix?: string }> } } })
      .Properties.LifecycleConfiguration.Rules;
    expect(rules.map((r) => r.Id).sort()).toEqual(['abort-multipart', 'old-versions', 'outbound-expiry', 'quarantine-expiry', 'raw-email-to-ia', 'registry-staging-expiry', 'uploads-to-ia']);
    expect(rules.find((r) => r.Id === 'quarantine-expiry')?.Prefix).toBe('quarantine/');
    expect(rules.find((r) => r.Id === 'registry-staging-expiry')?.Prefix).toBe('registry/');
  });
  it('denies any request not made over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]) },
    });
  });
  it('is kept when the stack is deleted', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    for (const b of Object.values(buckets)) expect((b as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
  });
});

describe('ingest path', () => {
  it('routes Object Created events under uploads/ of this bucket to the ingest queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'], 'detail-type': ['Object Created'],
        detail: { object: { key: [{ prefix: 'uploads/' }] }, bucket: { name: [Match.anyValue()] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestQueue'), 'Arn'] } })],
    });
  });
  it('has a dead-letter queue after 3 receives, and both queues refuse plain HTTP', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestDlq'), 'Arn'] }, maxReceiveCount: 3 },
    });
    const policies = template.findResources('AWS::SQS::QueuePolicy');
    const sslDenies = Object.values(policies).filter((p) => JSON.stringify(p).includes('aws:SecureTransport'));
    expect(sslDenies.length).toBeGreaterThanOrEqual(2);
  });
  it('tells the ingest function the same receive count as the queue\'s redrive policy (dead-letter reasons)', () => {
    const fns = Object.values(ourFunctions()) as Array<{ Properties: { Environment: { Variables: Record<string, string> } } }>;
    const ingest = fns.find((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'ingest');
    expect(ingest?.Properties.Environment.Variables.INGEST_MAX_RECEIVE_COUNT).toBe('3');
  });
  it('reports partial batch failures from SQS', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestQueue'), 'Arn'] },
    });
  });
});

/** our three functions (CDK's own singleton functions carry no POWERTOOLS_SERVICE_NAME). */
const ourFunctions = () => template.findResources('AWS::Lambda::Function', {
  Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: Match.anyValue() } } },
});

describe('functions', () => {
  it('all run Node.js 22 on arm64 with their own log group', () => {
    const fns = ourFunctions();
    expect(Object.keys(fns)).toHaveLength(6); // ingest, inbound, digest, mail-events, ocr, console
    for (const f of Object.values(fns)) {
      const p = (f as { Properties: Record<string, unknown> }).Properties;
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.LoggingConfig).toBeDefined();
    }
  });
  it('are configured only by environment: table, bucket and sender names', () => {
    const fns = ourFunctions();
    for (const f of Object.values(fns)) {
      const env = (f as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
      for (const k of ['TABLE_NAME', 'IDEMPOTENCY_TABLE_NAME', 'BUCKET_NAME', 'SENDER_ADDRESS', 'POWERTOOLS_SERVICE_NAME']) expect(env).toHaveProperty(k);
    }
  });
});

describe('DynamoDB', () => {
  it('is on demand, with point-in-time recovery, retained on delete', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables).length).toBe(2);
    for (const t of Object.values(tables)) {
      const tt = t as { DeletionPolicy: string; Properties: Record<string, unknown> };
      expect(tt.DeletionPolicy).toBe('Retain');
      expect(tt.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(tt.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });
});

describe('SES inbound', () => {
  it('stores the raw message under inbound/ then invokes the inbound function asynchronously, with scanning', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['baocao@baocao.test.gov.vn'],
        ScanEnabled: true,
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
  });
  it('activates the rule set with a custom resource calling SetActiveReceiptRuleSet', () => {
    const crs = template.findResources('Custom::AWS');
    expect(JSON.stringify(crs)).toContain('setActiveReceiptRuleSet');
  });
  it('lets only SES of this account write inbound/', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Reports'), 'Arn'] }, '/inbound/*']] },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      })]) },
    });
  });
});

describe('digest schedule and alarms', () => {
  it('runs daily in Asia/Ho_Chi_Minh time, targeting the digest function', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DigestFn'), 'Arn'] } }),
    });
  });
  it('alarms operators on dead letters and on function errors', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Array<{ Properties: { MetricName: string; AlarmActions: unknown[] } }>;
    expect(alarms.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(5);
    expect(alarms.filter((a) => a.Properties.MetricName === 'Errors')).toHaveLength(6); // the five above and the console
    for (const a of alarms) expect(JSON.stringify(a.Properties.AlarmActions)).toContain('OperatorAlarms');
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@test.gov.vn' });
  });
});

describe('least privilege', () => {
  it('ingest reads uploads/ and writes only quarantine/', () => {
    expect(canDo('Ingest', 's3:GetObject', 'uploads/*')).toBe(true);
    expect(canDo('Ingest', 's3:PutObject', 'quarantine/*')).toBe(true);
    expect(canDo('Ingest', 's3:PutObject', 'uploads/*')).toBe(false);
    expect(canDo('Ingest', 's3:GetObject', 'inbound/*')).toBe(false);
  });
  it('digest cannot write or read uploads, and writes only outbound/', () => {
    expect(canDo('Digest', 's3:PutObject', 'uploads/*')).toBe(false);
    expect(canDo('Digest', 's3:GetObject', 'uploads/*')).toBe(false);
    expect(canDo('Digest', 's3:PutObject', 'outbound/*')).toBe(true);
  });
  it('inbound reads only inbound/ and writes uploads/ and quarantine/', () => {
    expect(canDo('Inbound', 's3:GetObject', 'inbound/*')).toBe(true);
    expect(canDo('Inbound', 's3:GetObject', 'uploads/*')).toBe(false);
    expect(canDo('Inbound', 's3:PutObject', 'uploads/*')).toBe(true);
  });
  it('the functions that must act once per event (ingest, inbound) reach the idempotency table; digest does not', () => {
    expect(canDo('Ingest', 'dynamodb:PutItem', 'Idempotency')).toBe(true);
    expect(canDo('Inbound', 'dynamodb:PutItem', 'Idempotency')).toBe(true);
    expect(canDo('Digest', 'dynamodb:PutItem', 'Idempotency')).toBe(false);
  });
  it('every mail permission is tied to the configured sender address', () => {
    for (const fn of ['Ingest', 'Inbound', 'Digest'] as const) {
      const mail = grants(fn).filter((s) => actions(s).some((a) => a.startsWith('ses:')));
      expect(mail.length).toBeGreaterThan(0);
      for (const s of mail) expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'to-cong-tac@baocao.test.gov.vn' } });
    }
  });
  it('no function may delete objects or touch the bucket policy, and none holds a "*" action', () => {
    for (const fn of ['Ingest', 'Inbound', 'Digest'] as const) {
      for (const s of grants(fn)) {
        for (const a of actions(s)) {
          expect(a).not.toBe('*');
          expect(a).not.toMatch(/^s3:(Delete|PutBucket|\*)/);
        }
      }
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unsuppressed errors or warnings', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const show = (xs: Array<{ id: string; entry: { data?: unknown } }>) => xs.map((x) => `${x.id}: ${String(x.entry.data).slice(0, 160)}`);
    expect(show(errors)).toEqual([]);
    expect(show(warnings)).toEqual([]);
  });
});

describe('outputs', () => {
  it('declares every output `intake --aws` reads its names from', async () => {
    const { OUTPUT_ENV } = await import('#shared/store/stack-outputs');
    const outputs = template.findOutputs('*');
    for (const key of Object.keys(OUTPUT_ENV)) expect(outputs).toHaveProperty(key);
  });
});

describe('configuration', () => {
  it('refuses a context without a valid sender address', () => {
    const app = new App({ context: { ...TEST_CONTEXT, senderAddress: 'not-an-address' } });
    expect(() => readConfig(app.node)).toThrow(/senderAddress/);
  });
});
