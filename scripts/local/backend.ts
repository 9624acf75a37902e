import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { resetClients } from '../../functions/adapters/aws-clients';
import { relistCase } from '../../functions/adapters/case-store';
import { putHospital } from '../../functions/adapters/hospital-directory';
import { logger } from '../../functions/adapters/logger';
import { resetMalwareGate } from '../../functions/adapters/malware-gate';
import { issueToken, revokeSubject, subjects } from '../../functions/adapters/token-store';
import { resetTranslator } from '../../functions/adapters/translator';
import {
  type BucketDefinition,
  buckets,
  env,
  type FunctionKey,
  packageAssets,
  type TableDefinition,
  tables,
  workflow,
} from '../../functions/contract';
import { functions } from '../../infra/definitions';
import { buildBookingPage, buildConsolePage, buildHospitalPage, buildPatientPage } from '../../web/build';
import { buildOcrEngine } from '../build-ocr-engine';
import { BusinessClock, type ClockSettings } from './clock';
import { lockDataDir } from './data-lock';
import { deploymentContext } from './deployment-context';
import { ensureTables, localCaseIds, startDynamo } from './dynamodb';
import { LocalGateway } from './gateway';
import { invoke, LambdaWorkers, localFunctionArn } from './lambda-runtime';
import { type Person, type SignInUser, samplePeople, startIdentityProvider } from './oidc-provider';
import {
  allowBrowserReads,
  allowBrowserUploads,
  type ObjectCreatedEvent,
  type S3FaultRule,
  startS3,
} from './s3';
import { seedSampleAvailability } from './sample-availability';
import { sampleHospitals } from './sample-hospitals';
import { startSchedules } from './schedules';
import { startSecretsManager } from './secrets-manager';
import { startSes } from './ses';
import { LocalStepFunctions, substitute } from './stepfunctions';

export const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** Local tokens are issued afresh at each start; they outlive any realistic session. */
const LOCAL_TOKEN_SECONDS = 7 * 24 * 3600;
/** The emulators' credentials: s3rver verifies SigV4 signatures made with this pair. */
const LOCAL_ACCESS_KEY = 'S3RVER';

export interface Endpoints {
  apiUrl: string;
  /**
   * A machine access token of the local sign-in (client credentials with the automation scope),
   * obtained at start and valid 24 hours: a bearer on every coordinator route, for scripts and
   * outside clients. Earlier starts' tokens stop verifying (the signing keys are new).
   */
  coordinatorToken: string;
  /** The sample people who sign in (the console): passwords generated afresh at each start. */
  users: SignInUser[];
  /** The coordinator console (`<apiUrl>/console`). */
  consoleUrl: string;
  /** The hospital portal (`<apiUrl>/hospital`): staff sign in with the `users` of their hospital. */
  hospitalPortalUrl: string;
  /** The public booking page for the strategy call (`<apiUrl>/book`). */
  bookingUrl: string;
  /** The local OpenID Connect provider: its issuer (and OAuth base URL) and the console's client id. */
  auth: { issuer: string; consoleClientId: string };
  hospitals: { hospitalId: string; name: string; token: string }[];
  s3Endpoint: string;
  dynamodbEndpoint: string;
  stepFunctionsEndpoint: string;
  /** The SES v2 emulator's API (what the notifier's client reaches; `GET /store` lists the mail). */
  sesEndpoint: string;
  /** The SES emulator's page: every mail the backend sent. */
  mailboxUrl: string;
}

export interface LocalBackend {
  readonly endpoints: Endpoints;
  readonly dataDir: string;
  readonly stepFunctions: LocalStepFunctions;
  /** The business clock: deadlines and timed workflow waits follow it (tests move it). */
  readonly clock: BusinessClock;
  /** Resolves when every object-created event delivered so far has been handled. */
  idle(): Promise<void>;
  /** The workflow executions the previous run left running, started again from their input. */
  readonly resumedExecutions: readonly string[];
  /** Every object-created event the intake bucket emitted, oldest first (as an EventBridge archive keeps them). */
  readonly uploadEvents: readonly ObjectCreatedEvent[];
  /** Delivers an object-created event again, as EventBridge may (a replay, a duplicate, out of order). */
  deliverUploadEvent(event: ObjectCreatedEvent): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalBackendOptions {
  /**
   * Where data, the mail sent and endpoints.json live (default `.local/`). One backend per folder:
   * a second start on a folder in use fails at once with DataDirInUseError.
   */
  dataDir?: string;
  port?: number;
  host?: string;
  /** Where the business clock starts and how fast it runs (CLOCK_START, CLOCK_SPEED). */
  clock?: ClockSettings;
  /** Told of every function invocation and every S3 request (the benchmark's cost meter). */
  meter?: BackendMeter;
  /** Failures to inject, for the fault tests: the emulators and the runtime answer with them. */
  faults?: FaultPlan;
  /**
   * An Amazon Translate endpoint: functions that translate then call it (TRANSLATOR=amazon-translate)
   * instead of keeping English. The fault tests point it at a stand-in that throttles or fails.
   */
  translateEndpoint?: string;
  /**
   * Card payments on (PAYMENT_PROVIDER=stripe), with these Stripe credentials served by a local
   * Secrets Manager stand-in. Nothing reaches Stripe: the tests post signed webhooks themselves.
   * Off by default: locally, patients pay by bank transfer.
   */
  cardPayments?: { readonly apiKey: string; readonly webhookSecret: string };
  /**
   * Which malware gate the functions run with, for this start: `none` (the default; no scanner
   * locally, uploads recorded as not scanned) or `guardduty` (uploads wait for a scan-result
   * event, which a test delivers).
   */
  malwareScan?: 'none' | 'guardduty';
  /**
   * People the local sign-in knows besides the sample users, with groups of a test's choosing (none,
   * two hospitals) or access tokens that expire at once. They are not listed in endpoints.json.
   */
  extraSignInPeople?: readonly Person[];
}

export interface FaultPlan {
  /** An S3 error code (`SlowDown`, `InternalError`) to answer a request with instead of serving it. */
  s3?: S3FaultRule;
}

export interface BackendMeter {
  invocation(key: FunctionKey, milliseconds: number): void;
  s3Request(method: string, query: Readonly<Record<string, string>>): void;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}

/**
 * Starts the whole backend in this process, bound to loopback: dynalite and the s3rver fork
 * with data on disk, the SES v2 emulator with its mail kept on disk, the workflow runner with
 * its Step Functions API, and the HTTP gateway in
 * front of the same handler modules Lambda runs. Handlers learn every endpoint and name from
 * the environment, exactly as in Lambda. The gateway runs route handlers in this thread; what
 * EventBridge and Step Functions invoke runs in worker threads (LambdaWorkers), off the request
 * path, so a long validation never holds up the API.
 */
export async function startLocalBackend(options: LocalBackendOptions = {}): Promise<LocalBackend> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir ?? join(projectRoot, '.local'));
  await mkdir(dataDir, { recursive: true });
  // Before anything opens the data: a second backend on it would fail later, and obscurely.
  const lock = await lockDataDir(dataDir, options.dataDir ?? (relative(process.cwd(), dataDir) || '.'));
  const stops: (() => Promise<void>)[] = [lock.release];
  const clock = new BusinessClock(options.clock);
  stops.push(async () => clock.stop());
  const pending = new Set<Promise<void>>();

  try {
    const metered =
      (run: (key: FunctionKey, event: unknown) => Promise<unknown>) =>
      async (key: FunctionKey, event: unknown) => {
        const started = performance.now();
        try {
          return await run(key, event);
        } finally {
          options.meter?.invocation(key, performance.now() - started);
        }
      };
    // The gateway's route handlers and authorizers, in this thread.
    const call = metered((key, event) => invoke(projectRoot, key, event));
    // Asynchronous invocations (EventBridge) and workflow steps, in warm workers (one invocation each at a time).
    const workers = new LambdaWorkers(projectRoot);
    const callInWorker = metered((key, event) => workers.invoke(key, event));

    // EventBridge invokes its Lambda target asynchronously and retries failures twice.
    const uploadEvents: ObjectCreatedEvent[] = [];
    const deliverUploadEvent = (event: ObjectCreatedEvent) => {
      if (!uploadEvents.includes(event)) uploadEvents.push(event);
      const delivery = (async () => {
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          try {
            await callInWorker('uploadProcessor', event);
            return;
          } catch (error) {
            logger.error('upload event handling failed', { attempt, errorName: (error as Error).name });
            await new Promise((done) => setTimeout(done, 200 * attempt));
          }
        }
      })();
      pending.add(delivery);
      void delivery.finally(() => pending.delete(delivery));
      return delivery;
    };

    const dynamo = await startDynamo(join(dataDir, 'dynamodb'), host);
    stops.push(dynamo.stop);
    const s3 = await startS3(join(dataDir, 's3'), host, deliverUploadEvent, {
      ...(options.meter ? { onRequest: options.meter.s3Request.bind(options.meter) } : {}),
      ...(options.faults?.s3 ? { fault: options.faults.s3 } : {}),
    });
    stops.push(s3.stop);
    const ses = await startSes(join(dataDir, 'mail'), host);
    stops.push(ses.stop);
    const secrets = options.cardPayments
      ? await startSecretsManager(host, deploymentContext.region, {
          stripe: JSON.stringify(options.cardPayments),
        })
      : undefined;
    if (secrets) stops.push(secrets.stop);
    // Its port (and so the issuer) first: the functions are told it before any request arrives.
    const identity = await startIdentityProvider(host);
    stops.push(identity.stop);
    // Stopped before the emulators: it waits for the invocations under way, which use them.
    stops.push(() => workers.stop());

    const functionByArn = new Map<string, FunctionKey>(
      (Object.keys(functions) as FunctionKey[]).map((key) => [localFunctionArn(key), key]),
    );
    const definitionText = await readFile(join(projectRoot, workflow.definitionFile), 'utf8');
    const substitutions = Object.fromEntries(
      Object.entries(workflow.substitutions).map(([placeholder, key]) => [
        placeholder,
        localFunctionArn(key),
      ]),
    );
    const stepFunctions = new LocalStepFunctions(
      clock,
      workflow.id,
      substitute(definitionText, substitutions),
      (arn, payload) => {
        const key = functionByArn.get(arn);
        if (!key) throw new Error(`no local function for ${arn}`);
        return callInWorker(key, payload);
      },
      join(dataDir, 'stepfunctions'),
    );
    const stepFunctionsEndpoint = await stepFunctions.listen(host);
    stops.push(() => stepFunctions.stop());

    Object.assign(process.env, {
      AWS_REGION: deploymentContext.region,
      // The relay bucket's client signs for the relay region, as in AWS (the emulator accepts any).
      [env.relayRegion]: deploymentContext.relayRegion,
      AWS_ACCESS_KEY_ID: LOCAL_ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: LOCAL_ACCESS_KEY,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SFN: stepFunctionsEndpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      [env.s3ForcePathStyle]: 'true',
      [env.senderEmail]: 'no-reply@local.example',
      [env.coordinatorEmail]: 'coordinator@local.example',
      // Receipts and payments: a sample legal entity and bank account (never real ones), and a
      // coordination fee in the currencies hospitals may charge in. No card provider locally:
      // patients pay by bank transfer and the coordinator records it.
      [env.providerLegalName]: 'Sample Second Opinions Ltd (local sample, not a real company)',
      [env.providerAddress]: '1 Example Street | Example City 00000 | Exampleland',
      [env.bankTransferDetails]:
        'Account name: Sample Second Opinions Ltd | IBAN: XX00 SAMPLE 0000 0000 0000 00 | BIC: SAMPLEXX | Sample Bank, Example City (not a real account)',
      [env.coordinationFees]: 'USD 15000, EUR 14000, CNY 100000',
      [env.strategyCallPrice]: 'USD 2900',
      // A sample meeting room (no such meeting exists): the confirmation email and invitation name it.
      [env.strategyCallMeetingUrl]: 'https://meet.example.org/strategy-call-sample',
      ...(secrets
        ? {
            [env.paymentProvider]: 'stripe',
            [env.stripeSecretArn]: secrets.arn('stripe'),
            AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
          }
        : { [env.paymentProvider]: 'offline' }),
      // The sign-in: the local provider is both the issuer and the OAuth endpoints (Cognito's
      // issuer is the user pool, its OAuth endpoints the user pool's domain).
      [env.authIssuer]: identity.issuer,
      [env.authOauthUrl]: identity.issuer,
      [env.authConsoleClientId]: identity.consoleClientId,
      [env.authMachineClientId]: identity.machineClientId,
      [workflow.envVar]: stepFunctions.stateMachineArn,
      // No malware scanner locally (unless a test asks for GuardDuty's gate): uploads are
      // promoted and recorded as not scanned.
      [env.malwareScan]: options.malwareScan ?? 'none',
      // No Amazon Translate locally: free text stays English and the package says so (unless a
      // test gives an endpoint standing in for it).
      [env.translator]: options.translateEndpoint ? 'amazon-translate' : 'none',
      ...(options.translateEndpoint
        ? { AWS_ENDPOINT_URL_TRANSLATE: options.translateEndpoint, [env.terminologyName]: 'oncology-local' }
        : {}),
      ...Object.fromEntries(
        Object.values(packageAssets).map((asset) => [asset.envVar, join(projectRoot, asset.source)]),
      ),
      // The level this process's logger already runs at (Powertools' INFO unless set before
      // start), so handlers log alike in this thread and in the workers, which load it afresh.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? logger.getLevelName(),
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    for (const table of Object.values(tables) as TableDefinition[]) process.env[table.envVar] = table.id;
    for (const bucket of Object.values(buckets) as BucketDefinition[])
      process.env[bucket.envVar] = bucket.localName;
    // This start's endpoints and switches: the functions in this thread choose their clients and
    // implementations afresh (the workers are new, and choose once each).
    resetClients();
    resetTranslator();
    resetMalwareGate();

    const tableClient = new DynamoDBClient({ endpoint: dynamo.endpoint });
    const rebuilt = await ensureTables(tableClient);
    if (rebuilt.includes(tables.cases.id)) {
      // Cases kept from before the console's list index: each written again joins the list.
      const caseIds = await localCaseIds(tableClient);
      for (const caseId of caseIds) await relistCase(caseId);
      logger.info('cases table rebuilt with its new index', { cases: caseIds.length });
    }
    // A test run builds the pages once for all its backends (test/global-setup.ts): about 2 s
    // saved per backend started, some fifty times a run.
    if (process.env[PAGES_PREBUILT] !== 'true') buildWebAssets(projectRoot);

    // The sample coordinators' call hours (kept when a coordinator set their own).
    await seedSampleAvailability(clock.now().toISOString());
    // Seed the sample directory and issue this start's tokens; earlier ones stop working.
    const hospitals: Endpoints['hospitals'] = [];
    for (const hospital of sampleHospitals) {
      await putHospital(hospital);
      await revokeSubject(subjects.hospital(hospital.hospitalId));
      const { token } = await issueToken(
        {
          role: 'hospital',
          subject: subjects.hospital(hospital.hospitalId),
          hospitalId: hospital.hospitalId,
        },
        LOCAL_TOKEN_SECONDS,
      );
      hospitals.push({ hospitalId: hospital.hospitalId, name: hospital.name, token });
    }
    // Scheduled functions (call reminders) on the business clock, in workers like EventBridge's targets.
    const stopSchedules = startSchedules(clock, async (key, event) => {
      const run = callInWorker(key, event).then(() => undefined);
      const settled = run.catch(() => undefined);
      pending.add(settled);
      void settled.finally(() => pending.delete(settled));
      return run;
    });
    stops.push(async () => stopSchedules());
    // The gateway opens last, when everything behind it is ready.
    const gateway = new LocalGateway(call, clock);
    const port = await gateway.listen(host, options.port ?? 3000);
    stops.push(() => gateway.stop());
    const apiUrl = `http://${host}:${port}`;
    process.env[env.patientPortalUrl] = apiUrl;
    // The sign-in's clients need the API's URL (the console's redirect, the origin its CORS allows).
    const { users, people } = samplePeople(sampleHospitals.map((hospital) => hospital.hospitalId));
    identity.configure({ apiUrl, people: [...people, ...(options.extraSignInPeople ?? [])] });
    const coordinatorToken = await identity.machineToken();
    // The gateway serves the patient page, so its origin is the one browsers upload from.
    await allowBrowserUploads([apiUrl]);
    // The gateway serves the hospital portal too, so its origin is the one the relay answers reads for.
    await allowBrowserReads([apiUrl]);
    // Executions the last run left running (a kill, a crash, Ctrl-C) start again, now that all is up.
    const resumedExecutions = stepFunctions.resumeInterrupted();

    const endpoints: Endpoints = {
      apiUrl,
      coordinatorToken,
      users,
      consoleUrl: `${apiUrl}/console`,
      hospitalPortalUrl: `${apiUrl}/hospital`,
      bookingUrl: `${apiUrl}/book`,
      auth: { issuer: identity.issuer, consoleClientId: identity.consoleClientId },
      hospitals,
      s3Endpoint: s3.endpoint,
      dynamodbEndpoint: dynamo.endpoint,
      stepFunctionsEndpoint,
      sesEndpoint: ses.endpoint,
      mailboxUrl: ses.mailboxUrl,
    };
    await writeAtomically(join(dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);

    let stopped = false;
    return {
      endpoints,
      dataDir,
      stepFunctions,
      clock,
      resumedExecutions,
      uploadEvents,
      deliverUploadEvent: (event) => deliverUploadEvent(event),
      idle: async () => {
        while (pending.size > 0) await Promise.allSettled([...pending]);
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await Promise.allSettled([...pending]);
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

/** Set by a test run that built the pages and the OCR engine before any backend started. */
export const PAGES_PREBUILT = 'LOCAL_PAGES_PREBUILT';

/** The web pages and the OCR engine the local backend serves and runs (what synth builds too). */
export function buildWebAssets(root: string): void {
  buildPatientPage(root);
  buildConsolePage(root);
  buildHospitalPage(root);
  buildBookingPage(root);
  buildOcrEngine(root);
}
