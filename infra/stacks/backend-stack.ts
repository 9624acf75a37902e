import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { workflow } from '../../functions/contract';
import type { DeploymentConfig } from '../config';
import { CaseWorkflow } from '../constructs/case-workflow';
import { DataStore } from '../constructs/data-store';
import { EmailFeedback } from '../constructs/email-feedback';
import { Functions } from '../constructs/functions';
import { MalwareProtection } from '../constructs/malware-protection';
import { SignIn } from '../constructs/sign-in';
import { OncologyTerminology } from '../constructs/terminology';
import { acknowledgeFindings } from '../nag-acknowledgements';
import type { RelayStack } from './relay-stack';

export interface BackendStackProps extends StackProps {
  readonly projectRoot: string;
  /** The relay stack (its own region); its bucket and key reach this stack as cross-region references. */
  readonly relay: RelayStack;
  readonly config: DeploymentConfig;
}

/** The backend in the primary region: data, functions, API and workflow. The relay bucket is the relay stack's. */
export class BackendStack extends Stack {
  readonly functions: Functions;
  readonly workflow: CaseWorkflow;
  readonly data: DataStore;
  readonly uploadEventsDlq: sqs.Queue;
  readonly signIn: SignIn;

  constructor(scope: Construct, id: string, props: BackendStackProps) {
    super(scope, id, props);
    const data = new DataStore(this, 'Data', { config: props.config });

    // A fixed name lets functions that call the workflow hold its ARN without a dependency cycle.
    const stateMachineName = `${this.stackName}-${workflow.id}`;
    const workflowArn = this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    // Imported by ARN so grants go on the function roles here and nothing points back at the relay stack.
    const relayBucket = s3.Bucket.fromBucketAttributes(this, 'RelayBucket', {
      bucketArn: props.relay.bucket.bucketArn,
      bucketName: props.relay.bucket.bucketName,
    });
    const relayKey = kms.Key.fromKeyArn(this, 'RelayKey', props.relay.key.keyArn);

    const email = new EmailFeedback(this, 'Email', { key: data.key });

    // Here, beside the functions that are given its ids: the pool refers to nothing of theirs (no
    // triggers) and its callback is the consoleUrl setting, not the API stack's URL, so neither this
    // stack nor the API stack (which refers to this one) ever has to refer back.
    const signIn = new SignIn(this, 'SignIn', { config: props.config });

    const terminology = new OncologyTerminology(this, 'Terminology', { projectRoot: props.projectRoot });
    const functions = new Functions(this, 'Functions', {
      terminologyName: terminology.name,
      projectRoot: props.projectRoot,
      data,
      buckets: {
        intake: { bucket: data.buckets.intake, key: data.key },
        records: { bucket: data.buckets.records, key: data.key },
        relay: { bucket: relayBucket, key: relayKey },
      },
      relayRegion: props.relay.region,
      emailConfigurationSet: email.configurationSet.configurationSetName,
      workflowArn,
      executionArnPattern: this.formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${stateMachineName}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      config: props.config,
      signIn: signIn.settings,
    });
    const caseWorkflow = new CaseWorkflow(this, 'Workflow', {
      projectRoot: props.projectRoot,
      stateMachineName,
      functions,
      logKey: data.logsKey,
      logRetentionDays: props.config.logRetentionDays,
    });
    // S3 -> EventBridge -> upload processor, with retries and a dead-letter queue so no upload
    // event is lost when validation fails.
    const uploadEventsDlq = new sqs.Queue(this, 'UploadEventsDlq', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: data.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    new events.Rule(this, 'IntakeObjectCreated', {
      description: 'Validate every object that lands in the intake bucket',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [data.buckets.intake.bucketName] } },
      },
      targets: [
        new targets.LambdaFunction(functions.byKey.uploadProcessor, {
          deadLetterQueue: uploadEventsDlq,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });

    email.deliverTo(functions.byKey.emailFeedbackProcessor, uploadEventsDlq);

    const malwareProtection = new MalwareProtection(this, 'MalwareProtection', {
      bucket: data.buckets.intake,
      key: data.key,
      resultHandler: functions.byKey.scanResultProcessor,
      deadLetterQueue: uploadEventsDlq,
    });

    this.functions = functions;
    this.workflow = caseWorkflow;
    this.data = data;
    this.uploadEventsDlq = uploadEventsDlq;
    this.signIn = signIn;

    new CfnOutput(this, 'StateMachineArn', { value: caseWorkflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'IntakeBucketName', { value: data.buckets.intake.bucketName });
    new CfnOutput(this, 'RelayBucketName', { value: relayBucket.bucketName });

    acknowledgeFindings(this, {
      data,
      functions,
      uploadEventsDlq,
      workflow: caseWorkflow,
      terminology,
      relayBucket,
      malwareProtection,
    });
  }
}
