/**
 * The stack synthesised for assertion tests, bundling skipped (`.ci/run`'s `cdk synth` bundles): one test context
 * (a test domain, sender and operator), extended per test file where it needs other settings.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readConfig } from '../infra/config';
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
