import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type BucketName,
  buckets,
  env,
  type FunctionKey,
  packageAssets,
  type TableName,
  tables,
  workflow,
} from '../../functions/contract';
import { builtinAliases, bundling } from '../bundling';
import type { DeploymentConfig } from '../config';
import {
  type BucketAccess,
  type FunctionDefinition,
  functions,
  type SignInSetting,
  signInSettings,
} from '../definitions';
import type { DataStore } from './data-store';
import { grantBucket, grantDerivedWrites, grantTable, type PolicySink } from './grants';

/** A bucket with the key that encrypts it (the relay bucket has its own, in its own region). */
export interface KeyedBucket {
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
}

export interface FunctionsProps {
  readonly projectRoot: string;
  readonly data: DataStore;
  /** Every bucket of the definitions, primary and relay. */
  readonly buckets: Record<BucketName, KeyedBucket>;
  readonly relayRegion: string;
  /** The workflow's ARN, formatted from its fixed name so that no dependency cycle arises. */
  readonly workflowArn: string;
  /** Every execution of the workflow (executions are named <caseId>-<submission>). */
  readonly executionArnPattern: string;
  readonly config: DeploymentConfig;
  /** The SES configuration set notifications are sent in (suppression, feedback). */
  readonly emailConfigurationSet: string;
  /** The Amazon Translate custom terminology the translating functions use. */
  readonly terminologyName: string;
  /** The sign-in's issuer, clients and OAuth endpoints, given to the functions signInSettings names. */
  readonly signIn: Record<SignInSetting, string>;
}

/**
 * One NodejsFunction per handler in the shared definitions, bundled by the local esbuild
 * (no Docker), each with exactly the grants its definition declares.
 */
export class Functions extends Construct {
  readonly byKey: Record<FunctionKey, nodejs.NodejsFunction>;
  /**
   * Each function's identity: its role (no AWS managed policy, no inline policy) and the one
   * customer-managed policy that says everything it may do.
   */
  readonly identities: Record<FunctionKey, Construct>;
  /** Dead-letter queues of the asynchronously invoked functions. */
  readonly deadLetterQueues: sqs.Queue[] = [];
  /**
   * Stripe's API key and webhook signing secret, `{"apiKey": "sk_…", "webhookSecret": "whsec_…"}`,
   * put in by the operator (never in the template); read by the functions that take card payments.
   */
  readonly stripeSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { data } = props;
    const stack = Stack.of(this);

    const sesIdentityArn = stack.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: props.config.senderEmail,
    });

    this.stripeSecret = new secretsmanager.Secret(this, 'StripeSecret', {
      description:
        'Stripe API key and webhook signing secret (JSON: apiKey, webhookSecret), set by the operator',
      encryptionKey: data.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stripeSecret = this.stripeSecret;

    const identities = {} as Record<FunctionKey, Construct>;
    const build = (key: FunctionKey, definition: FunctionDefinition) => {
      const identity = new Construct(this, `${definition.id}Identity`);
      identities[key] = identity;
      const role = new iam.Role(identity, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Runs ${definition.id}; its only policy is ${definition.id}Identity/Policy`,
      });
      const policy = new iam.ManagedPolicy(identity, 'Policy', {
        description: `Everything ${definition.id} may do, from the shared definitions`,
        roles: [role],
      });
      const sink: PolicySink = (statement) => policy.addStatements(statement);
      const logGroup = new logs.LogGroup(this, `${definition.id}Logs`, {
        retention: props.config.logRetentionDays as logs.RetentionDays,
        encryptionKey: data.logsKey,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const environment: Record<string, string> = {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'oncology-second-opinion',
        [env.senderEmail]: props.config.senderEmail,
        [env.coordinatorEmail]: props.config.coordinatorEmail,
        [env.patientPortalUrl]: props.config.patientPortalUrl,
        // Where the relay bucket is: its clients sign for that region; hospitals are checked against it.
        [env.relayRegion]: props.relayRegion,
        // Uploads are promoted only on GuardDuty Malware Protection's clean verdict.
        [env.malwareScan]: 'guardduty',
        [env.sesConfigurationSet]: props.emailConfigurationSet,
        [env.paymentProvider]: props.config.paymentProvider,
        [env.strategyCallPrice]: props.config.strategyCallPrice,
        // Receipts, quotes and bank transfers (optional settings: unset, receipts cannot be issued).
        ...Object.fromEntries(
          (
            [
              'providerLegalName',
              'providerAddress',
              'coordinationFees',
              'bankTransferDetails',
              'strategyCallMeetingUrl',
            ] as const
          )
            .filter((name) => props.config[name] !== undefined)
            .map((name) => [env[name], props.config[name] as string]),
        ),
      };
      for (const table of Object.keys(definition.tables) as TableName[]) {
        environment[tables[table].envVar] = data.tables[table].tableName;
      }
      for (const bucket of [
        ...Object.keys(definition.buckets),
        ...(definition.bucketNames ?? []),
      ] as BucketName[]) {
        environment[buckets[bucket].envVar] = props.buckets[bucket].bucket.bucketName;
      }
      if (definition.workflow === 'start' || definition.workflow === 'stop') {
        environment[workflow.envVar] = props.workflowArn;
      }
      if (definition.cardPayments) environment[env.stripeSecretArn] = stripeSecret.secretArn;
      if (definition.translates) {
        environment[env.translator] = 'amazon-translate';
        environment[env.terminologyName] = props.terminologyName;
      }
      const signInNames: readonly SignInSetting[] =
        (signInSettings as Partial<Record<FunctionKey, readonly SignInSetting[]>>)[key] ?? [];
      for (const name of signInNames) {
        environment[env[name]] = props.signIn[name];
      }
      for (const name of definition.assets ?? []) {
        environment[packageAssets[name].envVar] = `/var/task/${packageAssets[name].bundlePath}`;
      }

      // Its own log group only (the AWS managed basic execution role would allow every group).
      sink(
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      );
      // The audit trail is append-only for every function, whatever else its policy says.
      sink(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          resources: [data.tables.audit.tableArn],
        }),
      );
      // X-Ray has no resource-level permissions.
      sink(
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      );
      let deadLetterQueue: sqs.Queue | undefined;
      if (definition.asynchronous) {
        deadLetterQueue = new sqs.Queue(identity, 'DeadLetters', {
          encryption: sqs.QueueEncryption.KMS,
          encryptionMasterKey: data.key,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        });
        this.deadLetterQueues.push(deadLetterQueue);
        sink(
          new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }),
        );
        sink(
          new iam.PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [data.key.keyArn],
          }),
        );
      }
      const fn = new nodejs.NodejsFunction(this, definition.id, {
        ...(deadLetterQueue ? { deadLetterQueue, retryAttempts: 2 } : {}),
        // Immutable here: CDK's own additions (tracing) are already in the managed policy.
        role: role.withoutPolicyUpdates(),
        entry: join(props.projectRoot, definition.entry),
        handler: 'handler',
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: definition.memoryMb ?? 256,
        timeout: Duration.seconds(definition.timeoutSeconds ?? 30),
        tracing: lambda.Tracing.ACTIVE,
        logGroup,
        environment,
        bundling: {
          format: nodejs.OutputFormat.ESM,
          target: bundling.target,
          minify: bundling.minify,
          sourceMap: bundling.sourcemap,
          mainFields: [...bundling.mainFields],
          banner: bundling.banner,
          externalModules: [...bundling.externalModules],
          esbuildArgs: Object.fromEntries(
            Object.entries(builtinAliases(props.projectRoot)).map(([name, shim]) => [
              `--alias:${name}`,
              shim,
            ]),
          ),
          // Data files the function reads at run time go beside the bundle.
          ...(definition.assets?.length
            ? {
                commandHooks: {
                  beforeBundling: () => [],
                  beforeInstall: () => [],
                  afterBundling: (inputDir: string, outputDir: string) =>
                    (definition.assets ?? []).flatMap((name) => {
                      const asset = packageAssets[name];
                      const target = `${outputDir}/${asset.bundlePath}`;
                      return [
                        `mkdir -p "$(dirname "${target}")"`,
                        `cp -R "${inputDir}/${asset.source}" "${target}"`,
                      ];
                    }),
                },
              }
            : {}),
        },
      });

      if (definition.schedule) {
        // The tick's `time` is the instant the function works for (as the local clock gives it).
        new events.Rule(identity, 'Schedule', {
          description: `Runs ${definition.id} every ${definition.schedule.everyMinutes} minutes`,
          schedule: events.Schedule.rate(Duration.minutes(definition.schedule.everyMinutes)),
          targets: [
            new targets.LambdaFunction(fn, {
              ...(deadLetterQueue ? { deadLetterQueue } : {}),
              retryAttempts: 2,
              maxEventAge: Duration.minutes(definition.schedule.everyMinutes),
            }),
          ],
        });
      }
      for (const [table, access] of Object.entries(definition.tables) as [TableName, 'read' | 'write'][]) {
        grantTable(sink, data.tables[table], tables[table], access, data.key);
      }
      for (const [bucket, access] of Object.entries(definition.buckets) as [BucketName, BucketAccess][]) {
        grantBucket(
          sink,
          props.buckets[bucket].bucket,
          access,
          props.buckets[bucket].key,
          definition.versionReads?.includes(bucket) ?? false,
        );
      }
      const derivedWrites = Object.entries(definition.derivedWrites ?? {}) as [
        BucketName,
        readonly string[],
      ][];
      for (const [bucket, patterns] of derivedWrites) {
        for (const pattern of patterns) {
          grantDerivedWrites(sink, props.buckets[bucket].bucket, pattern, props.buckets[bucket].key);
        }
      }
      if (definition.workflow === 'start') {
        sink(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [props.workflowArn] }));
      }
      if (definition.workflow === 'stop') {
        // Executions are named <caseId>-<submission> under the workflow's fixed name.
        sink(
          new iam.PolicyStatement({
            actions: ['states:StopExecution'],
            resources: [props.executionArnPattern],
          }),
        );
      }
      if (definition.workflow === 'callback') {
        sink(
          new iam.PolicyStatement({
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
            resources: [props.workflowArn],
          }),
        );
      }
      if (definition.translates) {
        // TranslateText has no resource-level permissions; the terminology it reads does.
        sink(new iam.PolicyStatement({ actions: ['translate:TranslateText'], resources: ['*'] }));
        sink(
          new iam.PolicyStatement({
            actions: ['translate:GetTerminology'],
            resources: [
              stack.formatArn({
                service: 'translate',
                resource: 'terminology',
                resourceName: props.terminologyName,
              }),
            ],
          }),
        );
      }
      if (definition.cardPayments) {
        sink(
          new iam.PolicyStatement({
            actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            resources: [stripeSecret.secretArn],
          }),
        );
        sink(
          new iam.PolicyStatement({
            actions: ['kms:Decrypt'],
            resources: [data.key.keyArn],
            conditions: {
              StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` },
            },
          }),
        );
      }
      if (definition.notifies) {
        sink(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [
              sesIdentityArn,
              stack.formatArn({
                service: 'ses',
                resource: 'configuration-set',
                resourceName: props.emailConfigurationSet,
              }),
            ],
          }),
        );
      }
      // The policy exists before the function is created and first invoked.
      fn.node.addDependency(policy);
      return fn;
    };

    this.byKey = Object.fromEntries(
      (Object.entries(functions) as [FunctionKey, FunctionDefinition][]).map(([key, definition]) => [
        key,
        build(key, definition),
      ]),
    ) as Record<FunctionKey, nodejs.NodejsFunction>;
    this.identities = identities;
  }
}
