/** DailyDigest (infra/constructs/daily-digest.ts) on its own: the schedule in Việt Nam time and the input the handler accepts. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TIME_ZONE } from '#shared/domain/dates';
import { DAILY_RUN_INPUT, DigestEvent } from '#shared/meetings/event';
import { synthConstructs } from '#testkit/cdk';
import { DailyDigest } from '../../infra/constructs/daily-digest';

const { template: t } = synthConstructs(({ stack, fn }) =>
  new DailyDigest(stack, 'DailyDigest', { fn: fn('Digest', 'digest.ts'), cron: 'cron(0 7 * * ? *)' }));

describe('DailyDigest', () => {
  it('runs daily in Việt Nam time with the input the handler accepts, retried, then a DLQ', () => {
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)', ScheduleExpressionTimezone: TIME_ZONE,
      Target: Match.objectLike({
        Input: JSON.stringify(DAILY_RUN_INPUT),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ScheduleDlq'), 'Arn'] } },
      }),
    });
    expect(DigestEvent.safeParse(DAILY_RUN_INPUT).success).toBe(true);
  });
});
