import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizers, buckets, env, routes, signIn, tables, workflow } from '../../functions/contract';
import { buildApp } from '../../infra/app';
import { LAMBDA_NODE_MAJOR } from '../../infra/bundling';
import { deploymentConfig } from '../../infra/config';
import { SignIn } from '../../infra/constructs/sign-in';
import { functions, signInSettings } from '../../infra/definitions';

const root = join(import.meta.dirname, '..', '..');
const stackName = 'OncologySecondOpinion-dev';
const cdkContext = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')).context as Record<
  string,
  unknown
>;

describe('the CDK app (template assertions, bundling skipped)', () => {
  let template: Template;
  let relayTemplate: Template;
  let monitoringTemplate: Template;
  let apiTemplate: Template;
  let built: ReturnType<typeof buildApp>;

  beforeAll(() => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
    built = buildApp(app);
    template = Template.fromStack(built.stack);
    relayTemplate = Template.fromStack(built.relay);
    monitoringTemplate = Template.fromStack(built.monitoring);
    apiTemplate = Template.fromStack(built.api);
  });

  it('alarms on workflow failures and timeouts, every function’s errors and throttles, dead letters, 5xx and overdue reports, to an encrypted topic', () => {
    const topicId = Object.keys(monitoringTemplate.findResources('AWS::SNS::Topic'))[0]!;
    monitoringTemplate.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    monitoringTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: cdkContext.alarmEmail,
    });
    const alarms = Object.values(monitoringTemplate.findResources('AWS::CloudWatch::Alarm'));
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
    const metricNames = alarms.map((alarm) => alarm.Properties.MetricName ?? 'math');
    const count = (name: string) => metricNames.filter((metric) => metric === name).length;
    expect(count('Errors')).toBe(Object.keys(functions).length);
    expect(count('Throttles')).toBe(Object.keys(functions).length);
    for (const name of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ReportsOverdue']) {
      expect(count(name), name).toBe(1);
    }
    // The upload event rule's dead-letter queue and each asynchronously invoked function's.
    const asynchronous = Object.values(functions).filter((definition) => 'asynchronous' in definition);
    expect(asynchronous.length).toBeGreaterThan(0);
    expect(count('ApproximateNumberOfMessagesVisible')).toBe(1 + asynchronous.length);
    expect(
      alarms.some((alarm) =>
        JSON.stringify(alarm.Properties.Metrics ?? []).includes('100 * errors / requests'),
      ),
    ).toBe(true);
    monitoringTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('encrypts every bucket, table and log group with the rotating customer-managed key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const buckets = {
      ...template.findResources('AWS::S3::Bucket'),
      ...relayTemplate.findResources('AWS::S3::Bucket'),
    };
    // Primary: intake, records and their access logs; relay region: relay and its access logs.
    expect(Object.keys(buckets)).toHaveLength(5);
    const kmsBuckets = Object.values(buckets).filter(
      (bucket) =>
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
          .SSEAlgorithm === 'aws:kms',
    );
    expect(kmsBuckets).toHaveLength(3);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toMatchObject({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
    template.resourceCountIs('AWS::DynamoDB::Table', Object.keys(tables).length);
    template.allResourcesProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue() });
  });

  it('puts the relay bucket in its own stack in the relay region, under its own rotating key', () => {
    expect(built.relay.region).toBe(cdkContext.relayRegion);
    expect(built.stack.region).toBe(cdkContext.region);
    relayTemplate.resourceCountIs('AWS::KMS::Key', 1);
    relayTemplate.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const relayKeyId = Object.keys(relayTemplate.findResources('AWS::KMS::Key'))[0];
    relayTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [relayKeyId, 'Arn'] },
            },
          }),
        ],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({ ExpirationInDays: buckets.relay.relayExpiryDays, Status: 'Enabled' }),
        ]),
      },
    });
    // The primary stack reads the relay bucket and key through CDK's cross-region references.
    template.resourceCountIs('Custom::CrossRegionExportReader', 1);
    relayTemplate.resourceCountIs('Custom::CrossRegionExportWriter', 1);
    // Functions that touch the relay sign for its region and are granted its key, not the data key.
    const deliver = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (fn) => fn.Properties.Environment?.Variables?.RELAY_BUCKET && fn.Properties.Handler === 'index.handler',
    );
    expect(deliver?.Properties.Environment.Variables.RELAY_REGION).toBe(cdkContext.relayRegion);
    const policies = JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies).toMatch(/ExportsReader[0-9A-F]+","\/cdk\/exports\/[^"]*RelayKey/);
  });

  it('lets only the configured origins reach the intake bucket and the API from a browser', () => {
    const origins = cdkContext.allowedOrigins as string[];
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({ AllowedOrigins: origins, AllowedMethods: ['PUT'], ExposedHeaders: ['ETag'] }),
        ],
      },
    });
    const corsBuckets = Object.values(template.findResources('AWS::S3::Bucket')).filter(
      (bucket) => bucket.Properties.CorsConfiguration,
    );
    expect(corsBuckets).toHaveLength(1);
    apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: origins }),
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: cdkContext.logRetentionDays });
  });

  it('lets only the hospital portal’s origin use the relay bucket from a browser: GET and HEAD with Range, PUT with Content-Type (presigned report uploads)', () => {
    relayTemplate.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['https://patients.example.org'],
            AllowedMethods: ['GET', 'HEAD'],
            AllowedHeaders: ['Range'],
            ExposedHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag'],
            MaxAge: 3000,
          },
          {
            AllowedOrigins: ['https://patients.example.org'],
            AllowedMethods: ['PUT'],
            AllowedHeaders: ['Content-Type'],
            ExposedHeaders: ['ETag'],
            MaxAge: 3000,
          },
        ],
      },
    });
    const corsBuckets = Object.values(relayTemplate.findResources('AWS::S3::Bucket')).filter(
      (bucket) => bucket.Properties.CorsConfiguration,
    );
    expect(corsBuckets).toHaveLength(1);
  });

  it('serves the patient page from a function that knows the intake bucket by name only and reads its files beside the bundle', () => {
    const pageFunction = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn.Properties.Environment ?? {}).includes('PATIENT_PAGE_DIR'),
    );
    expect(pageFunction?.Properties.Environment.Variables).toMatchObject({
      PATIENT_PAGE_DIR: '/var/task/patient-page',
      INTAKE_BUCKET: { Ref: expect.stringMatching(/^DataIntakeBucket/) },
    });
    const roles = template.findResources('AWS::IAM::Role');
    const roleId = Object.keys(roles).find((id) =>
      id.startsWith(`Functions${functions.patientPage.id}IdentityRole`),
    );
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((candidate) =>
      JSON.stringify(candidate.Properties.Roles).includes(`"${roleId}"`),
    );
    const allowed = (
      (policy?.Properties.PolicyDocument.Statement ?? []) as { Effect: string; Action: string[] }[]
    )
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => statement.Action);
    expect(allowed.sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('refuses a region that is not an AWS region, naming the setting', () => {
    const app = new App({
      context: { ...cdkContext, relayRegion: 'hong kong', 'aws:cdk:bundling-stacks': [] },
    });
    expect(() => buildApp(app)).toThrow(/context "relayRegion" must be an AWS region/);
  });

  it('gives each function a role of its own with one customer-managed policy: no AWS managed policy, no inline policy', () => {
    const roles = template.findResources('AWS::IAM::Role');
    const managed = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    for (const definition of Object.values(functions)) {
      const roleId = Object.keys(roles).find((id) => id.startsWith(`Functions${definition.id}IdentityRole`));
      expect(roleId, definition.id).toBeDefined();
      const role = roles[roleId!]!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
      const attached = managed.filter((policy) =>
        JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`),
      );
      expect(attached, definition.id).toHaveLength(1);
      const statements = JSON.stringify(attached[0]!.Properties.PolicyDocument.Statement);
      expect(statements).toContain('logs:PutLogEvents');
    }
    const inline = Object.values(template.findResources('AWS::IAM::Policy'));
    for (const policy of inline) {
      expect(JSON.stringify(policy.Properties.Roles)).not.toMatch(/IdentityRole/);
    }
  });

  it('creates one arm64 function per handler on a current Node.js runtime with tracing', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Runtime: `nodejs${LAMBDA_NODE_MAJOR}.x`,
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      },
      Object.keys(functions).length,
    );
  });

  it('guards every coordinator route with the coordinator authorizer, each role with its own, and leaves only documentation, the web pages, the booking page’s slots and holds, and the signed Stripe webhook public', () => {
    const created = Object.values(apiTemplate.findResources('AWS::ApiGatewayV2::Route'));
    expect(created.map((route) => route.Properties.RouteKey).sort()).toEqual(
      routes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    // Which authorizer invokes which function (the ARN is imported from the backend stack).
    const authorizerIds = Object.entries(apiTemplate.findResources('AWS::ApiGatewayV2::Authorizer'));
    const authorizerOf = (role: keyof typeof authorizers) => {
      const logicalId = new RegExp(
        `ExportsOutputFnGetAttFunctions${functions[authorizers[role]].id}[0-9A-F]{8}Arn`,
      );
      const found = authorizerIds.filter(([, authorizer]) =>
        logicalId.test(JSON.stringify(authorizer.Properties.AuthorizerUri)),
      );
      expect(found, role).toHaveLength(1);
      return found[0]![0];
    };
    const coordinatorAuthorizer = authorizerOf('coordinator');
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const match = created.find((candidate) => candidate.Properties.RouteKey === key)!;
      if (route.auth === 'public') {
        expect(match.Properties.AuthorizationType, key).toBe('NONE');
        continue;
      }
      expect(match.Properties, key).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: authorizerOf(route.auth) },
      });
    }
    const coordinatorRoutes = created.filter(
      (route) =>
        JSON.stringify(route.Properties.AuthorizerId) === JSON.stringify({ Ref: coordinatorAuthorizer }),
    );
    expect(coordinatorRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      routes
        .filter((route) => route.auth === 'coordinator')
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    );
    // Named here, not read from the route table: a new public route has to be added on purpose.
    expect(
      created
        .filter((route) => route.Properties.AuthorizationType !== 'CUSTOM')
        .map((route) => route.Properties.RouteKey)
        .sort(),
    ).toEqual(
      [
        'GET /console',
        'GET /console/{asset}',
        'GET /hospital',
        'GET /hospital/{asset}',
        'GET /relay/openapi.json',
        'GET /upload',
        'GET /upload/{asset}',
        // Stripe's webhook: no token, trusted only once its signature verifies in the handler.
        'POST /payments/stripe/webhook',
        // The public booking page and its free slots and holds (no account: the visitor books).
        'GET /book',
        'GET /book/{asset}',
        'GET /booking/slots',
        'POST /booking/holds',
        'POST /booking/manage',
        'POST /booking/manage/cancel',
        'POST /booking/manage/reschedule',
        'POST /booking/manage/checkout',
      ].sort(),
    );
    expect(JSON.stringify(apiTemplate.toJSON())).not.toContain('AWS_IAM');
    apiTemplate.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 3);
    // API Gateway may invoke the coordinator authorizer.
    apiTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: {
        'Fn::ImportValue': Match.stringLikeRegexp(
          `Functions${functions.coordinatorAuthorizer.id}[0-9A-F]{8}Arn`,
        ),
      },
    });
    const stage = Object.values(apiTemplate.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(
      routes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    expect(stage.Properties.RouteSettings['GET /relay/cases']).toEqual({
      ThrottlingRateLimit: 25,
      ThrottlingBurstLimit: 50,
    });
    // Every patient's browser loads the page: its routes are throttled as a page, not as the public document.
    expect(stage.Properties.RouteSettings['GET /upload/{asset}']).toEqual({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
    expect(stage.Properties.RouteSettings['GET /relay/openapi.json'].ThrottlingRateLimit).toBe(5);
    apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('caches no authorizer result, so a revoked token, a cancelled link or a removed member stops at once', () => {
    const found = Object.values(apiTemplate.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(found).toHaveLength(3);
    for (const authorizer of found) {
      expect(authorizer.Properties).toMatchObject({
        AuthorizerType: 'REQUEST',
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: 0,
      });
    }
  });

  it('signs people in to a pool nobody can sign up to: TOTP required, threat protection enforced, a strong password', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0]!;
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: {
        AdvancedSecurityMode: 'ENFORCED',
        AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'ENFORCED' },
      },
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 1,
        },
      },
    });
    expect(pool.DeletionPolicy).toBe('Retain');
    // No SMS anywhere: no SMS role, no SMS second factor.
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      AccountTakeoverRiskConfiguration: {
        Actions: Match.objectLike({ HighAction: { EventAction: 'BLOCK', Notify: false } }),
      },
    });
    // Coordinators are a group; hospital staff groups are made by coordinators, one per hospital.
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));
    expect(groups.map((group) => group.Properties.GroupName)).toEqual([signIn.coordinatorGroup]);
  });

  it('gives the console a public client: the code grant only, openid and email, consoleUrl and the hospital portal as callbacks, an hour’s tokens', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(2);
    const consoleClient = clients.find((client) => client.Properties.AllowedOAuthFlows?.includes('code'))!;
    expect(consoleClient.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      // Hospital staff sign in to the portal with the same client (consoleUrl's origin + /hospital by default).
      CallbackURLs: [cdkContext.consoleUrl, 'https://patients.example.org/hospital'],
      LogoutURLs: [cdkContext.consoleUrl, 'https://patients.example.org/hospital'],
      SupportedIdentityProviders: ['COGNITO'],
      AccessTokenValidity: signIn.accessTokenMinutes,
      IdTokenValidity: signIn.accessTokenMinutes,
      RefreshTokenValidity: 12 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect([...consoleClient.Properties.AllowedOAuthScopes].sort()).toEqual(['email', 'openid']);
    expect([...consoleClient.Properties.ExplicitAuthFlows].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
  });

  it('gives automation a machine client: client credentials only, with the automation scope of the API’s resource server', () => {
    const [serverId, server] = Object.entries(
      template.findResources('AWS::Cognito::UserPoolResourceServer'),
    )[0]!;
    expect(server.Properties).toMatchObject({
      Identifier: signIn.resourceServer,
      Scopes: [{ ScopeName: signIn.automationScope.split('/')[1] }],
    });
    const machine = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).find(
      (client) => client.Properties.GenerateSecret === true,
    )!;
    expect(machine.Properties).toMatchObject({
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [signIn.automationScope],
      AccessTokenValidity: signIn.accessTokenMinutes,
      TokenValidityUnits: { AccessToken: 'minutes' },
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(machine.Properties.CallbackURLs).toBeUndefined();
    expect(machine.DependsOn).toContain(serverId);
  });

  it('signs in on Cognito’s managed login pages (the newer version, styled for the console client) at the prefix domain', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'oncology-second-opinions-dev',
      ManagedLoginVersion: 2,
    });
    const consoleClientId = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(
      ([, client]) => client.Properties.AllowedOAuthFlows?.includes('code'),
    )![0];
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: consoleClientId },
      UseCognitoProvidedValues: true,
    });
    const outputs = Object.keys(template.toJSON().Outputs);
    for (const name of ['UserPoolId', 'Issuer', 'ConsoleClientId', 'MachineClientId', 'SignInUrl']) {
      expect(
        outputs.some((output) => output.startsWith(`SignIn${name}`)),
        name,
      ).toBe(true);
    }
  });

  it('tells the authorizers and the console page, and no other function, where tokens come from', () => {
    const [poolId] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    const [domainId] = Object.keys(template.findResources('AWS::Cognito::UserPoolDomain'));
    const clientIds = Object.fromEntries(
      Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).map(([id, client]) => [
        client.Properties.GenerateSecret ? 'machine' : 'console',
        id,
      ]),
    );
    const expected: Record<string, unknown> = {
      [env.authIssuer]: { 'Fn::GetAtt': [poolId, 'ProviderURL'] },
      [env.authConsoleClientId]: { Ref: clientIds.console },
      [env.authMachineClientId]: { Ref: clientIds.machine },
      [env.authOauthUrl]: {
        'Fn::Join': ['', ['https://', { Ref: domainId }, `.auth.${cdkContext.region}.amazoncognito.com`]],
      },
    };
    const lambdas = Object.entries(template.findResources('AWS::Lambda::Function'));
    for (const [key, definition] of Object.entries(functions)) {
      const [, fn] = lambdas.find(([id]) => new RegExp(`^Functions${definition.id}[0-9A-F]{8}$`).test(id))!;
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      const names = ((signInSettings as Record<string, readonly (keyof typeof env)[]>)[key] ?? []).map(
        (name) => env[name],
      );
      const given = Object.keys(variables).filter((name) => name.startsWith('AUTH_'));
      expect(given.sort(), key).toEqual([...names].sort());
      for (const name of names) expect(variables[name], `${key} ${name}`).toEqual(expected[name]);
    }
  });

  it('deploys the workflow from the ASL file with every placeholder substituted', () => {
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0]!;
    expect(Object.keys(machine.Properties.DefinitionSubstitutions).sort()).toEqual(
      Object.keys(workflow.substitutions).sort(),
    );
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('scans every intake object with GuardDuty and routes the verdict to the gate', () => {
    const intake = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) =>
      id.includes('IntakeBucket'),
    );
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { BucketName: { Ref: intake } } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Malware Protection Object Scan Result'],
      }),
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue() })],
    });
    // In AWS every function waits for the verdict.
    const ours = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith('Functions'),
    );
    for (const [, fn] of ours) expect(fn.Properties.Environment.Variables.MALWARE_SCAN).toBe('guardduty');
  });

  it('sends email in an SES configuration set that suppresses bounces and complaints and reports them', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint', 'reject'] }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    for (const topic of Object.values(template.findResources('AWS::SNS::Topic'))) {
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    }
  });

  it('sends intake object-created events to the upload processor with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.s3'], 'detail-type': ['Object Created'] }),
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() })],
    });
  });

  it('lets functions only append to the audit table and grants no data action on a wildcard resource', () => {
    const policies = [
      ...Object.values(template.findResources('AWS::IAM::Policy')),
      ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')),
    ];
    // Every function's grants are in its managed policy: the check below sees them all.
    expect(policies.length).toBeGreaterThanOrEqual(Object.keys(functions).length);
    const auditArn = Object.keys(template.findResources('AWS::DynamoDB::Table')).find((id) =>
      id.includes('Audit'),
    );
    for (const policy of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement as {
        Effect: string;
        Action: string | string[];
        Resource: unknown;
      }[]) {
        const actions = ([] as string[]).concat(statement.Action);
        const resources = ([] as unknown[]).concat(statement.Resource);
        if (actions.some((action) => /^(dynamodb|s3|kms):/.test(action)))
          expect(resources).not.toContain('*');
        if (statement.Effect === 'Allow' && JSON.stringify(resources).includes(`"${auditArn}"`))
          expect(actions).toEqual(['dynamodb:PutItem']);
        expect(actions).not.toContain('dynamodb:Scan');
      }
    }
    // And every function role is explicitly denied changing or deleting audit events.
    const functionPolicies = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(
      ([id]) => id.startsWith('Functions'),
    );
    expect(functionPolicies).toHaveLength(Object.keys(functions).length);
    for (const [, policy] of functionPolicies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
        Effect: 'Deny',
        Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        Resource: { 'Fn::GetAtt': [auditArn, 'Arn'] },
      });
    }
  });

  it('keeps logs under a key of their own and expires the quarantine', () => {
    const keys = Object.keys(template.findResources('AWS::KMS::Key'));
    const logsKey = keys.find((id) => id.includes('LogsKey'));
    expect(logsKey).toBeDefined();
    template.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [logsKey, 'Arn'] } });
    // The API's access logs, in the API stack, under the same key (imported from the backend stack).
    apiTemplate.resourceCountIs('AWS::Logs::LogGroup', 1);
    apiTemplate.allResourcesProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('LogsKey') },
      RetentionInDays: cdkContext.logRetentionDays,
    });
    // Every stack stays inside CloudFormation's 500 resources. The backend holds every function
    // (about four resources each: role, policy, log group, function) and stands at 405 with the
    // quotes, payments and bookings: the next functions go to a stack of their own (as the API
    // went, 442 → 297), before this guard's 450.
    for (const stack of [template, apiTemplate, monitoringTemplate, relayTemplate]) {
      expect(Object.keys(stack.toJSON().Resources).length).toBeLessThan(450);
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: Match.anyValue(),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: buckets.intake.quarantineExpiryDays })]),
      },
    });
  });
});

describe('the sign-in on a domain of your own', () => {
  it('serves managed login at signInDomain with its certificate, and tells the functions that URL', () => {
    const config = deploymentConfig((name) =>
      name === 'signInDomain'
        ? 'sign-in.your.org'
        : name === 'signInCertificateArn'
          ? 'arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0'
          : cdkContext[name],
    );
    const stack = new Stack(new App(), 'SignInOnly', { env: { region: 'eu-west-1' } });
    const signInConstruct = new SignIn(stack, 'SignIn', { config });
    const signInTemplate = Template.fromStack(stack);
    signInTemplate.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'sign-in.your.org',
      CustomDomainConfig: { CertificateArn: config.signInCertificateArn },
      ManagedLoginVersion: 2,
    });
    // The domain resource's Ref is the domain name itself.
    const [domainId] = Object.keys(signInTemplate.findResources('AWS::Cognito::UserPoolDomain'));
    expect(stack.resolve(signInConstruct.settings.authOauthUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: domainId }]],
    });
    // The issuer is the pool's, in the stack's region, whatever the domain.
    expect(stack.resolve(signInConstruct.settings.authIssuer)).toEqual({
      'Fn::GetAtt': [
        stack.getLogicalId(signInConstruct.userPool.node.defaultChild as CfnElement),
        'ProviderURL',
      ],
    });
  });
});

describe('npm run synth (cdk synth, offline, with bundling and cdk-nag)', () => {
  let outdir: string;
  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'cdk-out-'));
  });
  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it('synthesizes with no open cdk-nag finding', async () => {
    const run = promisify(execFile);
    await run('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
      cwd: root,
      // No credentials at all: synth must work offline.
      env: Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !/^(AWS_|CDK_DEFAULT_)/.test(name)),
      ),
      // About 70 functions bundled on two shared cores: minutes when the machine is busy.
      timeout: 600_000,
    });
    const report = JSON.parse(await readFile(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
    };
    // A plugin with no open finding may be left out of the report; one with a finding never is.
    for (const plugin of report.pluginReports) {
      expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({
        plugin: plugin.pluginName,
        violations: [],
      });
    }
    const metadata = await readFile(join(outdir, `${stackName}.metadata.json`), 'utf8');
    expect(metadata).toContain('aws:cdk:acknowledged-rules');
  }, 600_000);
});

describe('cdk-nag wiring', () => {
  it('fails the synth on a finding nobody acknowledged', () => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
    const { stack } = buildApp(app);
    // An unencrypted, unlogged bucket must be caught by both packs.
    new s3.CfnBucket(stack, 'UnreviewedBucket');
    expect(() => app.synth({ force: true })).toThrow(
      /AwsSolutions-S10[\s\S]*HIPAA.Security-S3BucketSSLRequestsOnly/,
    );
  });
});
