import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE } from '../../functions/adapters/metrics';
import type { FunctionKey } from '../../functions/contract';
import type { DeploymentConfig } from '../config';

export interface MonitoringStackProps extends StackProps {
  readonly config: DeploymentConfig;
  readonly functions: Record<FunctionKey, lambda.IFunction>;
  readonly stateMachine: sfn.IStateMachine;
  readonly api: apigw.IHttpApi;
  readonly deadLetterQueues: readonly sqs.IQueue[];
}

/**
 * Alarms and a dashboard, in a stack of their own (the backend stack is near CloudFormation's
 * 500-resource limit): workflow failures and timeouts, every function's errors and throttles,
 * dead-letter queue depth, the API's 5xx rate and overdue reports, all to an encrypted topic
 * that mails the alarm address.
 */
export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'AlarmsKey', {
      description: 'Encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch publishes alarms to the encrypted topic.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Oncology second opinions: alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.config.alarmEmail));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (id: string, metric: cloudwatch.IMetric, description: string, threshold = 1) => {
      const created = new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    alarm(
      'WorkflowFailed',
      props.stateMachine.metricFailed(fiveMinutes),
      'A case workflow execution failed.',
    );
    alarm(
      'WorkflowTimedOut',
      props.stateMachine.metricTimedOut(fiveMinutes),
      'A case workflow execution timed out.',
    );
    for (const [index, queue] of props.deadLetterQueues.entries()) {
      alarm(
        `DeadLetters${index}`,
        queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        'Events that could not be processed are waiting in a dead-letter queue.',
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      const id = name.charAt(0).toUpperCase() + name.slice(1);
      alarm(`${id}Errors`, fn.metricErrors(fiveMinutes), `${id} raised errors.`);
      alarm(`${id}Throttles`, fn.metricThrottles(fiveMinutes), `${id} was throttled.`);
    }
    const apiMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.api.apiId, Stage: '$default' },
        ...fiveMinutes,
      });
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { errors: apiMetric('5xx'), requests: apiMetric('Count') },
      period: Duration.minutes(5),
      label: 'API 5xx rate (%)',
    });
    alarm('Api5xxRate', serverErrorRate, 'More than 1% of API requests failed with a 5xx.', 1);
    const overdue = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'ReportsOverdue',
      dimensionsMap: { service: SERVICE },
      period: Duration.hours(1),
      statistic: cloudwatch.Stats.SUM,
    });
    alarm('ReportsOverdue', overdue, 'A hospital report is overdue (a follow-up was sent).');

    new cloudwatch.Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Case workflow',
            left: [
              props.stateMachine.metricStarted(fiveMinutes),
              props.stateMachine.metricSucceeded(fiveMinutes),
              props.stateMachine.metricFailed(fiveMinutes),
              props.stateMachine.metricTimedOut(fiveMinutes),
            ],
          }),
          new cloudwatch.GraphWidget({ title: 'API', left: [apiMetric('Count')], right: [serverErrorRate] }),
          new cloudwatch.GraphWidget({ title: 'Overdue reports', left: [overdue] }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }
}
