/**
 * Least privilege beyond tests/infra (which checks the S3 prefixes each function writes, the sender condition on
 * mail, no deletes and no "*" actions, and cdk-nag): who may read the raw email and the quarantine (personal data),
 * who may touch the idempotency table, who may invoke the functions, what the functions are told to log, and
 * that every cdk-nag suppression says why.
 */
import { Aspects } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthTestStack } from '#testkit/cdk';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };
type Fn = 'Ingest' | 'Inbound' | 'Digest';
const FNS: Fn[] = ['Ingest', 'Inbound', 'Digest'];
let template: Template;
let json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };

beforeAll(() => {
  ({ template } = synthTestStack({ stackName: 'SecIntake' }, (app) => Aspects.of(app).add(new AwsSolutionsChecks())));
  json = template.toJSON() as typeof json;
});

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
function roleId(fn: Fn): string {
  const id = Object.keys(json.Resources).find((k) => json.Resources[k]!.Type === 'AWS::IAM::Role' && k.startsWith(`${fn}Role`));
  if (!id) throw new Error(`no role for ${fn}`);
  return id;
}
function grants(fn: Fn): Statement[] {
  const id = roleId(fn);
  return Object.values(json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!.Roles).includes(id))
    .flatMap((r) => (r.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
}
const allows = (fn: Fn, action: RegExp, resource: RegExp) =>
  grants(fn).some((s) => s.Effect === 'Allow' && actions(s).some((a) => action.test(a)) && resource.test(JSON.stringify(s.Resource)));

describe('personal data at rest', () => {
  it('only the inbound function reads raw email (inbound/); nobody reads quarantine/ or outbound/', () => {
    expect(allows('Inbound', /^s3:GetObject/, /inbound\/\*/)).toBe(true);
    for (const fn of ['Ingest', 'Digest'] as const) expect(allows(fn, /^s3:(GetObject|\*)/, /inbound\/\*/), fn).toBe(false);
    for (const fn of FNS) {
      expect(allows(fn, /^s3:GetObject/, /quarantine\/\*/), fn).toBe(false);
      expect(allows(fn, /^s3:GetObject/, /outbound\/\*/), fn).toBe(false);
    }
  });

  it('no function may read the whole bucket (every object grant names a prefix)', () => {
    for (const fn of FNS) {
      for (const s of grants(fn).filter((x) => actions(x).some((a) => /^s3:(Get|Put)Object/.test(a)))) {
        expect(JSON.stringify(s.Resource), fn).toMatch(/(uploads|inbound|quarantine|outbound)\/\*/);
        expect(JSON.stringify(s.Resource), fn).not.toMatch(/"\/\*"|Arn"\]\},"\/\*"/);
      }
    }
  });
});

describe('tables', () => {
  it('the digest function cannot touch the idempotency table (ingest and inbound keep their records there)', () => {
    const idem = Object.keys(json.Resources).find((k) => json.Resources[k]!.Type === 'AWS::DynamoDB::Table' && /Idempotency/i.test(k));
    expect(idem).toBeDefined();
    expect(allows('Ingest', /^dynamodb:/, new RegExp(idem!))).toBe(true);
    expect(allows('Digest', /^dynamodb:/, new RegExp(idem!))).toBe(false);
  });

  it('no function may delete or re-create a table or its backups', () => {
    for (const fn of FNS) expect(allows(fn, /^dynamodb:(DeleteTable|CreateTable|UpdateTable|DeleteBackup|RestoreTable|\*)/, /./), fn).toBe(false);
  });
});

describe('invocation and logging', () => {
  it('no function can be invoked by anyone but its own trigger (SES only from this account)', () => {
    for (const [, r] of Object.entries(json.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Permission')) {
      const p = r.Properties as { Principal: string; SourceAccount?: unknown; SourceArn?: unknown };
      expect(p.Principal).not.toBe('*');
      if (p.Principal === 'ses.amazonaws.com') expect(p.SourceAccount ?? p.SourceArn).toBeDefined();
    }
    const urls = Object.values(json.Resources).filter((r) => r.Type === 'AWS::Lambda::Url');
    expect(urls).toEqual([]);
  });

  it('functions are not told to log events or debug output, and hold no secret in their environment', () => {
    const fns = Object.values(json.Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties).includes('POWERTOOLS_SERVICE_NAME'));
    const services = fns.map((f) => String(((f.Properties!.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {}).POWERTOOLS_SERVICE_NAME)).sort();
    expect(services).toEqual(['console', 'digest', 'inbound-email', 'ingest', 'mail-events', 'ocr']);
    for (const f of fns) {
      const vars = ((f.Properties!.Environment as { Variables?: Record<string, unknown> })?.Variables) ?? {};
      expect(String(vars.POWERTOOLS_LOGGER_LOG_EVENT ?? 'false')).toBe('false');
      expect(String(vars.POWERTOOLS_LOG_LEVEL ?? 'INFO')).not.toMatch(/DEBUG|TRACE/i);
      expect(Number(vars.POWERTOOLS_LOGGER_SAMPLE_RATE ?? 0)).toBe(0);
      for (const [k, v] of Object.entries(vars)) {
        if (!/(^|_)(SECRET|PASSWORD|ACCESS_KEY|TOKEN)(_|$)/i.test(k)) continue;
        // only where to read a secret (a Secrets Manager ARN, a reference resolved by CloudFormation), never its value
        expect(k, k).toMatch(/_SECRET_ARN$/);
        expect(typeof v, k).toBe('object');
      }
    }
  });
});

describe('cdk-nag', () => {
  it('every suppression carries a written reason', () => {
    const suppressions = Object.values(json.Resources).flatMap((r) => ((r.Metadata?.cdk_nag as { rules_to_suppress?: Array<{ id: string; reason: string }> })?.rules_to_suppress) ?? []);
    const stackLevel = JSON.stringify(template.toJSON().Metadata ?? {});
    expect(suppressions.length + (stackLevel.includes('rules_to_suppress') ? 1 : 0)).toBeGreaterThan(0);
    for (const s of suppressions) expect(s.reason?.length ?? 0, s.id).toBeGreaterThanOrEqual(30);
    for (const m of stackLevel.matchAll(/"reason":"([^"]*)"/g)) expect(m[1]!.length).toBeGreaterThanOrEqual(30);
  });
});
