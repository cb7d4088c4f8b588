/**
 * DailyDigest: EventBridge Scheduler, daily in Việt Nam's time zone → the digest function (digests, then the
 * reporting rounds' reminders), retried 3 times, then a DLQ. Its input is the shared DAILY_RUN_INPUT the handler
 * parses; the time zone is the one every date of the domain uses (shared/domain/dates TIME_ZONE).
 */
import { TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TIME_ZONE } from '#shared/domain/dates';
import { DAILY_RUN_INPUT } from '#shared/meetings/event';
import { deadLetterQueue } from './defaults';
import type { IntakeFunction } from './intake-function';

export interface DailyDigestProps {
  fn: IntakeFunction;
  /** EventBridge Scheduler cron, in Việt Nam time (default 07:00 every day). */
  cron?: string;
}

export class DailyDigest extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: DailyDigestProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'ScheduleDlq', "the digest schedule's failed invocations");
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Daily run: sends the digest of every meeting whose send day has come, then due reminders',
      schedule: scheduler.ScheduleExpression.expression(props.cron ?? 'cron(0 7 * * ? *)', TimeZone.of(TIME_ZONE)),
      target: new schedulerTargets.LambdaInvoke(props.fn.fn, {
        input: scheduler.ScheduleTargetInput.fromObject(DAILY_RUN_INPUT),
        deadLetterQueue: this.deadLetters,
        retryAttempts: 3,
      }),
    });
  }
}
