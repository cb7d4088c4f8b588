/**
 * The sending side (#20): an SES identity with Easy DKIM and a custom MAIL FROM, a configuration set used by every
 * function that sends, its events routed to the mail-events function, least-privilege grants, and the DNS records
 * to publish as outputs.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthTestStack } from '#testkit/cdk';
import { SES_EVENT_DETAIL_TYPES } from '#shared/recipients/ses-events';

let template: Template;
beforeAll(() => {
  ({ template } = synthTestStack({ stackName: 'MailIntake', secretariatAddress: 'thuky@baocao.test.gov.vn', operatorEmail: '' }));
});

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const policiesOf = (rolePrefix: string): Statement[] => Object.values(template.findResources('AWS::IAM::Policy'))
  .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(rolePrefix))
  .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
const acts = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('mail that other servers trust', () => {
  it('an identity for the sending domain: Easy DKIM 2048, MAIL FROM mail.<domain>, with the configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'baocao.test.gov.vn',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: 'mail.baocao.test.gov.vn', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
      FeedbackAttributes: { EmailForwardingEnabled: false },
    });
  });

  it('a configuration set: bounces and complaints suppressed, TLS required; events to EventBridge', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'delivery', 'reject']),
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      },
    });
  });

  it('a rule routes those outcomes (only this configuration set) to the mail-events function, with a dead-letter queue', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as Array<{ Properties: { EventPattern: Record<string, unknown>; Targets: Array<{ DeadLetterConfig?: unknown; Arn: unknown }> } }>;
    const rule = rules.find((r) => JSON.stringify(r.Properties.EventPattern.source) === '["aws.ses"]');
    expect(rule).toBeDefined();
    expect(rule!.Properties.EventPattern['detail-type']).toEqual([...SES_EVENT_DETAIL_TYPES]);
    expect(JSON.stringify(rule!.Properties.EventPattern.detail)).toContain('ses:configuration-set');
    expect(JSON.stringify(rule!.Properties.Targets[0].Arn)).toContain('MailEvents');
    expect(rule!.Properties.Targets[0].DeadLetterConfig).toBeDefined();
  });

  it('every function that sends mail uses the configuration set, and may send only as the configured sender', () => {
    const fns = Object.entries(template.findResources('AWS::Lambda::Function')) as Array<[string, { Properties: { Environment?: { Variables?: Record<string, unknown> } } }]>;
    for (const prefix of ['Ingest', 'Inbound', 'Digest']) {
      const [, fn] = fns.find(([id]) => id.startsWith(prefix))!;
      expect(fn.Properties.Environment?.Variables?.SES_CONFIGURATION_SET).toBeDefined();
      const mail = policiesOf(`${prefix}Role`).filter((s) => acts(s).some((a) => a.startsWith('ses:Send')));
      expect(JSON.stringify(mail.map((s) => s.Resource))).toContain('configuration-set');
      for (const s of mail) expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'to-cong-tac@baocao.test.gov.vn' } });
    }
  });

  it('the mail-events function may only get and put items, query the indexes and send as the sender: no scans, no deletes, no S3', () => {
    const statements = policiesOf('MailSendingMailEventsRole');
    const all = statements.flatMap(acts);
    expect(all).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']));
    expect(all.filter((a) => /dynamodb:(Scan|DeleteItem|BatchWriteItem|\*)|^s3:/.test(a))).toEqual([]);
  });

  it('the DNS records to publish are outputs: three DKIM CNAMEs, MAIL FROM MX and SPF, a DMARC suggestion', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const keys = Object.keys(outputs);
    expect(keys.filter((k) => /DkimCname[123]/.test(k))).toHaveLength(3);
    const text = (re: RegExp) => JSON.stringify(outputs[keys.find((k) => re.test(k))!].Value);
    expect(text(/MailFromMx/)).toContain('mail.baocao.test.gov.vn MX 10 feedback-smtp.ap-southeast-1.amazonses.com');
    expect(text(/MailFromSpf/)).toContain('v=spf1 include:amazonses.com ~all');
    expect(text(/DmarcSuggestion/)).toContain('_dmarc.baocao.test.gov.vn TXT \\"v=DMARC1; p=none; rua=mailto:thuky@baocao.test.gov.vn');
  });
});
