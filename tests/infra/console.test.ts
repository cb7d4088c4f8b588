/**
 * The console's AWS side, from the synthesised template (one synth for the file): who may sign in and how (user
 * pool, groups, the app client's flows, the managed login domain), where (the HTTP API routes to the console
 * function, its callback URLs are the API's), what the function may touch (named actions on our own resources
 * only), what web/cognito.ts is told, and the outputs an operator needs.
 */
import { Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { CognitoEnv } from '#web/cognito';
import { GROUPS } from '#web/auth';
import { synthTestStack } from '#testkit/cdk';
import type { IntakeStack } from '../../infra/stack';

let stack: IntakeStack;
let template: Template;
let json: { Resources: Record<string, { Type: string; Properties: Record<string, any> }>; Outputs: Record<string, { Value: unknown }> };

beforeAll(() => {
  ({ stack, template } = synthTestStack({ consoleDomainPrefix: 'dean06-console-test' }, (app) => Aspects.of(app).add(new AwsSolutionsChecks())));
  json = template.toJSON() as typeof json;
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId((construct.node.defaultChild as never));
const ofType = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const list = <T>(x: T | T[]) => (Array.isArray(x) ? x : [x]);

function consoleStatements(): Statement[] {
  const role = logicalId(stack.console.fn.role);
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe('console: who may sign in', () => {
  it('is a user pool without self sign-up, a strong password policy, optional TOTP and enforced threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 3 } },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      UsernameAttributes: ['email'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
    expect(ofType('AWS::Cognito::UserPool')).toHaveLength(1);
  });

  it('has exactly the groups the console knows (secretariat, viewer)', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName as string).sort();
    expect(groups).toEqual([...GROUPS].sort());
  });

  it('has one public app client: authorization code only (no implicit, no client credentials, no password flows), no secret', () => {
    const clients = ofType('AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(1);
    const c = clients[0]![1].Properties;
    expect(c.AllowedOAuthFlows).toEqual(['code']);
    expect(c.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(c.GenerateSecret).toBe(false); // PKCE is the public client's proof (web/cognito.ts sends S256 every time)
    expect(c.AllowedOAuthScopes.sort()).toEqual(['email', 'openid']);
    expect(c.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(c.PreventUserExistenceErrors).toBe('ENABLED');
    // no direct password flows: only the managed login signs in (refresh tokens stay allowed)
    expect((c.ExplicitAuthFlows ?? []).filter((f: string) => f !== 'ALLOW_REFRESH_TOKEN_AUTH')).toEqual([]);
  });

  it("sends the browser back to the console's own callback and home, on the HTTP API's address", () => {
    const c = ofType('AWS::Cognito::UserPoolClient')[0]![1].Properties;
    const api = logicalId(stack.console.api);
    const text = JSON.stringify({ cb: c.CallbackURLs, out: c.LogoutURLs });
    expect(text).toContain(api);
    expect(JSON.stringify(c.CallbackURLs)).toMatch(/\/auth\/callback"/);
    expect(c.CallbackURLs).toHaveLength(1);
    expect(c.LogoutURLs).toHaveLength(1);
  });

  it('has the managed login domain with the configured prefix, and its branding', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'dean06-console-test', ManagedLoginVersion: 2 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });
});

describe('console: where', () => {
  it('routes every path and the root of the HTTP API to the console function (proxy integration, payload 2.0)', () => {
    const fn = logicalId(stack.console.fn.fn);
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['ANY /', 'ANY /{proxy+}']);
    const integrations = ofType('AWS::ApiGatewayV2::Integration').map(([, i]) => i.Properties);
    expect(integrations).toHaveLength(2);
    for (const i of integrations) {
      expect(i.IntegrationType).toBe('AWS_PROXY');
      expect(i.PayloadFormatVersion).toBe('2.0');
      expect(JSON.stringify(i.IntegrationUri)).toContain(fn);
    }
  });

  it('deploys one throttled, access-logged $default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default', AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
    });
    const format = String(ofType('AWS::ApiGatewayV2::Stage')[0]![1].Properties.AccessLogSettings.Format);
    expect(format).not.toMatch(/querystring|\$context\.path/i); // no login codes or search terms in logs
  });

  it('runs the function on Node.js 22, arm64, and tells it what web/cognito.ts reads (no secret value)', () => {
    const fn = json.Resources[logicalId(stack.console.fn.fn)]!.Properties;
    expect(fn.Runtime).toBe('nodejs22.x');
    expect(fn.Architectures).toEqual(['arm64']);
    const env = fn.Environment.Variables as Record<string, unknown>;
    for (const k of Object.keys(CognitoEnv.shape).filter((k) => k !== 'CONSOLE_SECRET')) expect(env[k], k).toBeDefined();
    expect(env.CONSOLE_SECRET).toBeUndefined();
    expect(JSON.stringify(env.CONSOLE_SECRET_ARN)).toContain(logicalId(stack.console.secret));
    expect(JSON.stringify(env.COGNITO_DOMAIN)).toContain('amazoncognito.com');
    expect(JSON.stringify(env.CONSOLE_URL)).toContain(logicalId(stack.console.api));
    expect(JSON.stringify(fn)).not.toContain('resolve:secretsmanager'); // not even as a dynamic reference
  });
});

describe('console: what it may touch', () => {
  it('has no wildcard action, and its table and bucket actions are named ones', () => {
    const statements = consoleStatements();
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      for (const a of list(s.Action)) expect(a, JSON.stringify(s)).not.toMatch(/\*/);
      expect(JSON.stringify(s.Resource)).not.toBe('"*"');
    }
  });

  it('reads and writes single items of its own table (no Scan, no table admin) and its indexes only by Query', () => {
    const table = logicalId(stack.table);
    const onTable = consoleStatements().filter((s) => JSON.stringify(s.Resource).includes(table));
    const acts = new Set(onTable.flatMap((s) => list(s.Action)));
    for (const needed of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) expect(acts).toContain(needed);
    for (const never of ['dynamodb:Scan', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:CreateBackup']) expect(acts).not.toContain(never);
    // the idempotency table is not the console's
    expect(JSON.stringify(consoleStatements())).not.toContain(logicalId(stack.idempotencyTable));
  });

  it('reads report originals only under uploads/ (presigned GETs), puts only under uploads/ (the agency page\'s presigned POSTs) and outbound/ (digests), stages appendices only under registry/', () => {
    const bucket = logicalId(stack.bucket);
    const onBucket = consoleStatements().filter((s) => JSON.stringify(s.Resource).includes(bucket));
    expect(onBucket.length).toBeGreaterThan(0);
    for (const s of onBucket) {
      const res = JSON.stringify(s.Resource);
      const acts = list(s.Action);
      if (res.includes('/registry/*')) {
        expect(acts.sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
        continue;
      }
      if (acts.some((a) => a.startsWith('s3:Get'))) {
        expect(acts.sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
        expect(res).toContain('/uploads/*');
      } else {
        expect(acts).toEqual(['s3:PutObject']);
        expect(res.includes('/outbound/*') || res.includes('/uploads/*')).toBe(true);
      }
      expect(acts).not.toContain('s3:DeleteObject');
    }
  });

  it('may read its CSRF key and the round links\' key, and no other secret', () => {
    const secretStatements = consoleStatements().filter((s) => list(s.Action).some((a) => a.startsWith('secretsmanager:')));
    expect(secretStatements).toHaveLength(2);
    for (const s of secretStatements) expect(list(s.Action).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    const on = secretStatements.map((s) => JSON.stringify(s.Resource));
    expect(on.filter((r) => r.includes(logicalId(stack.console.secret)))).toHaveLength(1);
    expect(on.filter((r) => r.includes(logicalId(stack.console.linkSecret)))).toHaveLength(1);
  });
});

/** every IAM statement of a function's role. */
function statementsOf(role: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe('agency page per round (#16): the link key and the page address', () => {
  const linkKey = () => logicalId(stack.console.linkSecret);

  it('is a generated Secrets Manager secret, its value in neither the template nor any environment', () => {
    const secret = json.Resources[linkKey()]!;
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32); // shared/rounds/link.ts needs ≥ 32
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(linkKey()).not.toBe(logicalId(stack.console.secret)); // not the CSRF key
    for (const [, f] of ofType('AWS::Lambda::Function')) {
      const env = (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
      expect(env.AGENCY_LINK_SECRET).toBeUndefined();
      expect(JSON.stringify(env)).not.toContain('resolve:secretsmanager');
    }
  });

  it('the console and the digest (reminders) functions get its ARN and the HTTP API\'s URL, and nobody else does', () => {
    const signers = [logicalId(stack.console.fn.fn), logicalId(stack.digest.fn)];
    for (const [id, f] of ofType('AWS::Lambda::Function')) {
      const env = (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
      if (signers.includes(id)) {
        expect(JSON.stringify(env.AGENCY_LINK_SECRET_ARN), id).toContain(linkKey());
        expect(env.WEB_BASE_URL, id).toEqual({ 'Fn::GetAtt': [logicalId(stack.console.api), 'ApiEndpoint'] }); // the console's own address
      } else {
        expect(env.AGENCY_LINK_SECRET_ARN, id).toBeUndefined();
      }
    }
  });

  it('both may only GetSecretValue/DescribeSecret on it; no other role may read it', () => {
    const readers = [logicalId(stack.console.fn.role), logicalId(stack.digest.role)];
    for (const role of readers) {
      const onKey = statementsOf(role).filter((s) => JSON.stringify(s.Resource).includes(linkKey()));
      expect(onKey, role).toHaveLength(1);
      expect(list(onKey[0]!.Action).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    }
    const others = ofType('AWS::IAM::Policy').filter(([, p]) => !readers.some((r) => JSON.stringify(p.Properties.Roles).includes(r)));
    for (const [id, p] of others) expect(JSON.stringify(p.Properties.PolicyDocument), id).not.toContain(linkKey());
    // the digest function reads no other secret (the CSRF key is the console's alone)
    expect(JSON.stringify(statementsOf(logicalId(stack.digest.role)))).not.toContain(logicalId(stack.console.secret));
  });

  it('leaves /dot-bao-cao/* to the app: no authorizer on any route', () => {
    expect(ofType('AWS::ApiGatewayV2::Authorizer')).toEqual([]);
    for (const [, r] of ofType('AWS::ApiGatewayV2::Route')) {
      expect(r.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      expect(r.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('outputs its ARN, under the key `intake --aws` reads AGENCY_LINK_SECRET_ARN from', async () => {
    const { OUTPUT_ENV } = await import('#shared/store/stack-outputs');
    expect(OUTPUT_ENV.AgencyLinkSecretArn).toBe('AGENCY_LINK_SECRET_ARN');
    expect(JSON.stringify(json.Outputs.AgencyLinkSecretArn!.Value)).toContain(linkKey());
    expect(OUTPUT_ENV.ConsoleUrl).toBe('WEB_BASE_URL');
  });
});

describe('console: outputs and checks', () => {
  it('outputs the console URL, the login URL and the user pool id', () => {
    for (const k of ['ConsoleUrl', 'ConsoleLoginUrl', 'ConsoleLoginDomain', 'ConsoleUserPoolId']) expect(json.Outputs[k], k).toBeDefined();
    expect(JSON.stringify(json.Outputs.ConsoleUrl!.Value)).toContain(logicalId(stack.console.api));
    expect(JSON.stringify(json.Outputs.ConsoleLoginUrl!.Value)).toContain('/dang-nhap');
  });

  it('passes cdk-nag (AwsSolutions) with every suppression written down', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).slice(0, 80)}`)).toEqual([]);
  });
});
