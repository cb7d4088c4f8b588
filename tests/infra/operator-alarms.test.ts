/**
 * OperatorAlarms (infra/constructs/operator-alarms.ts) on its own, one stack holding two: one without an operator
 * address (a synth warning, no subscription), one with an address and alarms on a DLQ and a function's errors.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthConstructs } from '#testkit/cdk';
import { DailyDigest } from '../../infra/constructs/daily-digest';
import { NO_OPERATOR_WARNING, OperatorAlarms } from '../../infra/constructs/operator-alarms';

const { stack, template: t } = synthConstructs(({ stack, fn }) => {
  new OperatorAlarms(stack, 'Unwatched', { operatorEmail: '' });
  const alarms = new OperatorAlarms(stack, 'OperatorAlarms', { operatorEmail: 'ops@test.gov.vn' });
  const { deadLetters } = new DailyDigest(stack, 'DailyDigest', { fn: fn('Digest', 'digest.ts') });
  alarms.deadLetters('Schedule', deadLetters);
  alarms.errors(fn('Other', 'ingest.ts'));
});
const warnings = (path: string) => Annotations.fromStack(stack).findWarning(path, Match.stringLikeRegexp('operatorEmail is empty'));

describe('OperatorAlarms', () => {
  it('warns at synth when no operator address is set, and subscribes none', () => {
    expect(warnings('/T/Unwatched')).toHaveLength(1);
    expect(NO_OPERATOR_WARNING).toMatch(/reach nobody/);
  });
  it('with an address: an e-mail subscription, no warning; alarms on dead letters and function errors go to the topic', () => {
    expect(warnings('/T/OperatorAlarms')).toHaveLength(0);
    t.resourceCountIs('AWS::SNS::Subscription', 1);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@test.gov.vn' });
    const all = Object.values(t.findResources('AWS::CloudWatch::Alarm')) as Array<{ Properties: { MetricName: string; Threshold: number; AlarmActions: unknown } }>;
    expect(all.map((a) => a.Properties.MetricName).sort()).toEqual(['ApproximateNumberOfMessagesVisible', 'Errors']);
    for (const a of all) {
      expect(a.Properties.Threshold).toBe(0);
      expect(JSON.stringify(a.Properties.AlarmActions)).toContain('OperatorAlarmsTopic');
    }
  });
});
