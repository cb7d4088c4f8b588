/**
 * The stack synthesised for assertion tests, bundling skipped (`.ci/run`'s `cdk synth` bundles): one test context
 * (a test domain, sender and operator), extended per test file where it needs other settings. A flow's construct is
 * tested on its own in a bare stack (`synthConstructs`): a fraction of the whole stack's synth time.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { readConfig } from '../infra/config';
import { IntakeFunction } from '../infra/constructs/intake-function';
import { IntakeStack } from '../infra/stack';

export const TEST_CONTEXT = {
  'aws:cdk:bundling-stacks': [],
  stackName: 'TestIntake',
  inboundDomain: 'baocao.test.gov.vn',
  inboundRecipients: ['baocao@baocao.test.gov.vn'],
  senderAddress: 'to-cong-tac@baocao.test.gov.vn',
  operatorEmail: 'ops@test.gov.vn',
};

export function synthTestStack(extra: Record<string, unknown> = {}, prepare?: (app: App) => void): { app: App; stack: IntakeStack; template: Template } {
  const app = new App({ context: { ...TEST_CONTEXT, ...extra } });
  const stack = new IntakeStack(app, String(extra.stackName ?? TEST_CONTEXT.stackName), { config: readConfig(app.node), env: { account: '111111111111', region: 'ap-southeast-1' } });
  prepare?.(app);
  return { app, stack, template: Template.fromStack(stack) };
}

export interface ConstructKit {
  stack: Stack;
  bucket: s3.Bucket;
  /** a function of the stack (bundling skipped), `entry` a file of functions/. */
  fn(id: string, entry: string, timeout?: Duration): IntakeFunction;
}

/** A bare stack holding a bucket and what `build` adds (one flow's constructs), synthesised once. */
export function synthConstructs<T>(build: (kit: ConstructKit) => T): { stack: Stack; template: Template; built: T } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'T', { env: { account: '111111111111', region: 'ap-southeast-1' } });
  const bucket = new s3.Bucket(stack, 'Bucket');
  const fn = (id: string, entry: string, timeout = Duration.minutes(5)) =>
    new IntakeFunction(stack, id, { entry, description: id, memorySize: 512, timeout, environment: {} });
  const built = build({ stack, bucket, fn });
  return { stack, template: Template.fromStack(stack), built };
}
