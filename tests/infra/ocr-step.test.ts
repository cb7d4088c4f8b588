/**
 * The OCR step in the synthesised template: its queue and DLQ, the function's size (two vCPUs, 15 minutes, arm64,
 * one job per invocation), who may send to the queue, what the function may touch, and the pruned packages it
 * carries. Bundling is skipped here, as in stack.test.ts.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOcrPackages, ocrPackages } from '../../infra/constructs/ocr-step';
import type { IntakeStack } from '../../infra/stack';
import { synthTestStack } from '#testkit/cdk';

let stack: IntakeStack;
let template: Template;
beforeAll(() => {
  ({ stack, template } = synthTestStack());
});

const ref = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId((c.node.defaultChild ?? c) as never);
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
function statements(roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(roleLogicalId))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}
const actions = (s: Statement) => ([] as string[]).concat(s.Action);

describe('OCR step', () => {
  it('has its own queue with a dead-letter queue, TLS only, visible again only after the function timed out', () => {
    const queueId = ref(stack.ocr.queue);
    const q = template.toJSON().Resources[queueId].Properties;
    expect(q.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [ref(stack.ocr.deadLetters), 'Arn'] }, maxReceiveCount: 3 });
    expect(q.VisibilityTimeout).toBeGreaterThanOrEqual(900);
    expect(q.SqsManagedSseEnabled).toBe(true);
  });

  it('runs on arm64 with two vCPUs of memory for 15 minutes, one job per invocation', () => {
    const fn = template.toJSON().Resources[ref(stack.ocr.fn.fn)].Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 3584, Timeout: 900 });
    expect(fn.Environment.Variables.OCR_QUEUE_URL).toEqual({ Ref: ref(stack.ocr.queue) });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ref(stack.ocr.fn.fn) }, BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('ingest may hand scans over (send to the OCR queue, whose URL it is given); nothing else may', () => {
    const ingestEnv = template.toJSON().Resources[ref(stack.ingest.fn)].Properties.Environment.Variables;
    expect(ingestEnv.OCR_QUEUE_URL).toEqual({ Ref: ref(stack.ocr.queue) });
    const sends = (roleId: string) => statements(roleId).some((s) => actions(s).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(ref(stack.ocr.queue)));
    expect(sends(ref(stack.ingest.role))).toBe(true);
    expect(sends(ref(stack.ocr.fn.role))).toBe(true); // the rest of a long scan
    expect(sends(ref(stack.inbound.role))).toBe(false);
    expect(sends(ref(stack.digest.role))).toBe(false);
  });

  it('reads uploads/, keeps its pages under ocr/ (listing only that prefix), writes quarantine/, deletes nothing', () => {
    const st = statements(ref(stack.ocr.fn.role));
    const s3 = st.filter((s) => actions(s).some((a) => a.startsWith('s3:')));
    const on = (prefix: string) => s3.filter((s) => JSON.stringify(s.Resource).includes(`/${prefix}*`)).flatMap(actions);
    expect(on('uploads/')).toEqual(expect.arrayContaining(['s3:GetObject']));
    expect(on('uploads/')).not.toContain('s3:PutObject');
    expect(on('ocr/')).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
    expect(on('quarantine/')).toEqual(['s3:PutObject']);
    const list = s3.find((s) => actions(s).includes('s3:ListBucket'))!;
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['ocr/*'] } });
    expect(s3.flatMap(actions).some((a) => /Delete|\*/.test(a))).toBe(false);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: Match.arrayWith([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ref(stack.ocr.deadLetters), 'QueueName'] } }]) });
  });

  it('ships tesseract.js and the Vietnamese model outside the bundle, pruned to the LSTM engine and best_int model', () => {
    const pkgs = ocrPackages();
    expect(pkgs).toEqual(expect.arrayContaining(['tesseract.js', 'tesseract.js-core', '@tesseract.js-data/vie']));
    expect(pkgs).not.toContain('tesseract.js-data'); // only what the engine depends on
    const cmds = copyOcrPackages('/in', '/out', pkgs).join('\n');
    expect(cmds).toContain('cp -R "/in/node_modules/tesseract.js/." "/out/node_modules/tesseract.js/"');
    expect(cmds).toContain("! -name '*lstm*' -delete");
    expect(cmds).toContain('rm -rf "/out/node_modules/@tesseract.js-data/vie/4.0.0"');
  });
});
