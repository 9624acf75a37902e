import { type CfnElement, type Stack, Token, Validations } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { type BucketName, type FunctionKey, workflow as workflowDefinition } from '../functions/contract';
import type { CaseWorkflow } from './constructs/case-workflow';
import type { DataStore, PrimaryBucketName } from './constructs/data-store';
import type { Functions } from './constructs/functions';
import type { CaseHttpApi } from './constructs/http-api';
import type { MalwareProtection } from './constructs/malware-protection';
import { functions as functionDefinitions } from './definitions';

export interface NagScope {
  readonly terminology: IConstruct;
  readonly data: DataStore;
  readonly functions: Functions;
  readonly uploadEventsDlq: sqs.Queue;
  readonly workflow: CaseWorkflow;
  /** The relay bucket as this stack sees it (a cross-region reference). */
  readonly relayBucket: s3.IBucket;
  readonly malwareProtection: MalwareProtection;
}

const acknowledge = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

/**
 * For a finding whose resource is a cross-region reference: CDK names the reference (an
 * ExportsReader attribute) only when it resolves references at synth, after construction, so
 * the acknowledgement is made then, in a construct validation, for exactly that resource.
 */
const acknowledgeOnceResolved = (scope: IConstruct, id: () => string, reason: string) =>
  scope.node.addValidation({
    validate: () => {
      acknowledge(scope, id(), reason);
      return [];
    },
  });

/** How cdk-nag writes a resolved CloudFormation value in a finding id: `<logicalId.attribute>`. */
function nagRendering(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if (Array.isArray(object['Fn::GetAtt'])) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
  if (typeof object.Ref === 'string') return `<${object.Ref}>`;
  if (Array.isArray(object['Fn::Join'])) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(nagRendering).join(separator);
  }
  throw new Error(`no cdk-nag rendering for ${JSON.stringify(value)}`);
}

/**
 * cdk-nag findings this version does not fix yet, each acknowledged at the narrowest scope
 * with its reason. Issue 7 works this list down; a test lists what remains.
 */
export function acknowledgeFindings(
  stack: Stack,
  { data, functions, uploadEventsDlq, workflow, terminology, relayBucket, malwareProtection }: NagScope,
): void {
  acknowledge(
    malwareProtection.policy,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:${Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region}:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]`,
    'GuardDuty names the EventBridge rule it manages for the plan; the documented prefix is the narrowest scope.',
  );
  acknowledge(
    malwareProtection.policy,
    `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(data.buckets.intake.node.defaultChild as CfnElement)}.Arn>/*]`,
    'GuardDuty scans and tags every object the intake bucket receives.',
  );
  // Stripe issues and rolls its own keys (Dashboard, API keys; webhook endpoint, roll secret):
  // Secrets Manager has no rotation Lambda that could create a Stripe key. Rotate there, then
  // put the new values in the secret; the functions read it again within five minutes.
  const stripeRotation =
    'Stripe keys are rotated in Stripe (roll key), then written to this secret; no Lambda can mint them.';
  acknowledge(functions.stripeSecret, 'AwsSolutions-SMG4', stripeRotation);
  acknowledge(functions.stripeSecret, 'HIPAA.Security-SecretsManagerRotationEnabled', stripeRotation);
  for (const [key, fn] of Object.entries(functions.byKey) as [
    FunctionKey,
    Functions['byKey'][FunctionKey],
  ][]) {
    const definition = functionDefinitions[key];
    const identity = functions.identities[key];
    acknowledge(
      identity,
      'AwsSolutions-IAM5[Resource::*]',
      definition.translates
        ? 'X-Ray PutTraceSegments/PutTelemetryRecords and translate:TranslateText have no resource-level permissions.'
        : 'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions.',
    );
    acknowledge(
      fn,
      'HIPAA.Security-LambdaInsideVPC',
      'Decided: no VPC. The functions call only AWS APIs (DynamoDB, S3, Step Functions, SES, Translate, KMS) over TLS with SigV4, and no resource lives in a VPC; a VPC would add NAT or seven interface endpoints per AZ and cold-start cost without narrowing any data path, which IAM policies and KMS key policies already scope.',
    );
    acknowledge(
      fn,
      'HIPAA.Security-LambdaConcurrency',
      'Reserved concurrency would fail deploys into new accounts (default limit 10); API Gateway stage throttling bounds load instead.',
    );
    if (!definition.asynchronous) {
      acknowledge(
        fn,
        'HIPAA.Security-LambdaDLQ',
        'Invoked synchronously (API Gateway or Step Functions, which retries): there is no asynchronous event to dead-letter.',
      );
    }
    const objectsReason =
      'Object keys are per-case and per-upload ids, created at run time; the bucket’s objects are the narrowest fixed scope.';
    for (const bucket of Object.keys(definition.buckets) as BucketName[]) {
      if (bucket === 'relay') {
        acknowledgeOnceResolved(
          identity,
          () => `AwsSolutions-IAM5[Resource::${nagRendering(stack.resolve(relayBucket.bucketArn))}/*]`,
          objectsReason,
        );
      } else {
        acknowledge(
          identity,
          `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(data.buckets[bucket].node.defaultChild as CfnElement)}.Arn>/*]`,
          objectsReason,
        );
      }
    }
    const derivedWrites = Object.entries(definition.derivedWrites ?? {}) as [
      PrimaryBucketName,
      readonly string[],
    ][];
    for (const [bucket, patterns] of derivedWrites) {
      for (const pattern of patterns) {
        acknowledge(
          identity,
          `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(data.buckets[bucket].node.defaultChild as CfnElement)}.Arn>/${pattern}]`,
          'Writes only under key patterns of per-case ids (a disarmed PDF or a Part 10 wrapped DICOM beside its original), narrower than the bucket’s objects.',
        );
      }
    }
  }
  for (const key of new Set(Object.values(workflowDefinition.substitutions))) {
    acknowledge(
      workflow.policy,
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(functions.byKey[key].node.defaultChild as CfnElement)}.Arn>:*]`,
      'Versions and aliases (`<function arn>:*`) of exactly the functions the workflow names.',
    );
  }
  acknowledge(
    workflow.policy,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing and CloudWatch Logs delivery actions of Step Functions have no resource-level permissions.',
  );
  acknowledge(
    data,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'AWS Backup’s own service policy is the documented way to let it back up the tables.',
  );
  acknowledge(
    uploadEventsDlq,
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter queue of the upload event rule.',
  );
  for (const queue of functions.deadLetterQueues) {
    acknowledge(queue, 'AwsSolutions-SQS3', 'This queue is itself a function’s dead-letter queue.');
  }
  for (const bucket of [data.accessLogs, ...Object.values(data.buckets)]) {
    acknowledge(
      bucket,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'Decided: not replicated. A second copy of patient records in a third region would widen where PHI lives for a durability S3 already gives (three AZs); versioning keeps every version, the buckets are retained on stack deletion, and the tables have PITR and AWS Backup.',
    );
  }
  acknowledge(
    data.accessLogs,
    'HIPAA.Security-S3DefaultEncryptionKMS',
    'S3 server access logs can only be delivered to a bucket with SSE-S3 encryption.',
  );
  const notificationsHandler = stack.node.tryFindChild(
    'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
  );
  if (notificationsHandler) {
    acknowledge(
      notificationsHandler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK’s own custom resource that turns on EventBridge notifications for the intake bucket.',
    );
    acknowledge(
      notificationsHandler,
      'HIPAA.Security-IAMNoInlinePolicy',
      'CDK’s own custom resource policy for bucket notifications.',
    );
  }
  acknowledge(
    data.buckets.intake,
    'HIPAA.Security-IAMNoInlinePolicy',
    'CDK’s bucket-notification handler policy, attached under the intake bucket.',
  );
  // CDK's singleton function behind AwsCustomResource (the terminology import at deploy time).
  const customResourceFunction = stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
  if (customResourceFunction) {
    const deployTimeOnly =
      'CDK’s AwsCustomResource function: it runs only during deployment to import the terminology, never on patient data.';
    for (const id of [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'HIPAA.Security-LambdaInsideVPC',
      'HIPAA.Security-LambdaDLQ',
      'HIPAA.Security-LambdaConcurrency',
    ]) {
      acknowledge(customResourceFunction, id, deployTimeOnly);
    }
  }
  acknowledge(
    terminology,
    'HIPAA.Security-IAMNoInlinePolicy',
    'The AwsCustomResource policy CDK generates, scoped to the one terminology it imports.',
  );
  // Executions are named <caseId>-<submission> at run time: the workflow's executions are the narrowest scope.
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const workflowName = `${stack.stackName}-${workflowDefinition.id}`;
  for (const [key, definition] of Object.entries(functionDefinitions)) {
    if (definition.workflow !== 'stop') continue;
    acknowledge(
      functions.identities[key as FunctionKey],
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:<AWS::AccountId>:execution:${workflowName}:*]`,
      'StopExecution on this workflow’s executions only; their names (<caseId>-<submission>) exist only at run time.',
    );
  }
}

/** The relay stack's findings, acknowledged on its own resources. */
export function acknowledgeRelayFindings({
  accessLogs,
  bucket,
}: {
  accessLogs: IConstruct;
  bucket: IConstruct;
}): void {
  for (const target of [accessLogs, bucket]) {
    acknowledge(
      target,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'The relay holds only transient copies of packages whose originals are in the primary region’s records bucket; replicating them would spread PHI to a third region for no recovery benefit.',
    );
  }
  acknowledge(
    accessLogs,
    'HIPAA.Security-S3DefaultEncryptionKMS',
    'S3 server access logs can only be delivered to a bucket with SSE-S3 encryption.',
  );
}

/**
 * The API stack's findings: its public routes. Every other route has a Lambda authorizer (the
 * coordinator, patient or hospital one); these carry no data, so there is nothing to authorize.
 */
export function acknowledgeApiFindings(http: CaseHttpApi): void {
  for (const { route, httpRoute } of http.publicRoutes) {
    acknowledge(
      httpRoute,
      'AwsSolutions-APIG4',
      route.handler === 'relayOpenapi'
        ? 'Public on purpose: the relay API’s OpenAPI document describes routes, never data.'
        : 'Public on purpose: a web page’s HTML, script and stylesheet, never data; the page signs in (the console) or asks for the patient’s token (the upload page) before it calls any data route, and every data route has an authorizer.',
    );
  }
}
