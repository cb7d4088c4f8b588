/**
 * OperatorAlarms: an SNS topic for the operators (KMS-encrypted, TLS only, e-mail subscription when an address is
 * given) and the alarms on it: any message in a dead-letter queue, any function error. Without an operator address
 * the alarms reach nobody: synth says so (a warning on this construct).
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ALARM_DEFAULTS, ALARM_PERIOD } from './defaults';
import type { IntakeFunction } from './intake-function';

export const NO_OPERATOR_WARNING = 'operatorEmail is empty: the alarms (dead letters, function errors) reach nobody. Set -c operatorEmail=…';

export class OperatorAlarms extends Construct {
  readonly topic: sns.Topic;
  private readonly action: cwActions.SnsAction;

  constructor(scope: Construct, id: string, props: { operatorEmail?: string }) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Đề án 06 intake — cảnh báo vận hành',
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    if (props.operatorEmail) this.topic.addSubscription(new snsSubs.EmailSubscription(props.operatorEmail));
    else Annotations.of(this).addWarningV2('intake:no-operator-email', NO_OPERATOR_WARNING);
    this.action = new cwActions.SnsAction(this.topic);
  }

  /** alarms when the dead-letter queue holds anything. */
  deadLetters(name: string, queue: sqs.IQueue): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${name}DlqNotEmpty`, {
      ...ALARM_DEFAULTS,
      alarmDescription: `${name}: messages in the dead-letter queue (intake dlq list)`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD }),
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }

  /** alarms on any error of the function. */
  errors(f: IntakeFunction): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${f.node.id}Errors`, {
      ...ALARM_DEFAULTS,
      alarmDescription: `${f.node.id}: function errors`,
      metric: f.fn.metricErrors({ period: ALARM_PERIOD }),
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
