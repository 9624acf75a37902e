import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * Bounce and complaint handling for SES: notifications are sent in a configuration set that
 * requires TLS and suppresses bounced and complaining addresses, and whose bounce, complaint
 * and reject events reach a function (through an encrypted topic) that tells the coordinator.
 */
export class EmailFeedback extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: { key: kms.Key }) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'FeedbackTopic', {
      displayName: 'SES bounces and complaints',
      masterKey: props.key,
      enforceSSL: true,
    });
    // SES publishes to the encrypted topic.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });
  }

  /** The function that records undelivered notifications; failed deliveries go to the queue. */
  deliverTo(handler: lambda.IFunction, deadLetterQueue: sqs.IQueue): void {
    this.topic.addSubscription(new subscriptions.LambdaSubscription(handler, { deadLetterQueue }));
  }
}
