import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { ApiClient, waitFor } from '../../scripts/api-client';
import { finishCase, patientUpload, postReport, uploadReport } from '../../scripts/case-steps';
import {
  chargingHospitalInput,
  dicomPersonName,
  makeDicom,
  makePdf,
  sampleTreatmentHistory,
} from '../../scripts/fixtures';
import { type FaultPlan, type LocalBackend, startLocalBackend } from '../../scripts/local/backend';
import type { ClockSettings } from '../../scripts/local/clock';
import type { Person } from '../../scripts/local/oidc-provider';
import { receivedMail } from '../../scripts/local/ses';
import {
  type SignedIn,
  type SignInClientSettings,
  signInWithPassword,
} from '../../scripts/local/sign-in-client';

export interface OpenCaseOptions {
  readonly fullName?: string;
  readonly email?: string;
  readonly dateOfBirth?: string;
  /** The patient's language tag (default en). */
  readonly language?: string;
  readonly cancerType?: string;
  /** Email the patient their link as the case opens. */
  readonly emailPatientLink?: boolean;
}

/**
 * Starts the whole local backend for one test file, on free ports with data in a temporary
 * folder, and stops it afterwards. Returns accessors that are valid inside tests.
 */
export function useLocalBackend(
  name: string,
  options: {
    clock?: ClockSettings;
    faults?: FaultPlan;
    translateEndpoint?: string | (() => string);
    malwareScan?: 'none' | 'guardduty';
    /** Card payments on, with these Stripe credentials (see LocalBackendOptions). */
    cardPayments?: { readonly apiKey: string; readonly webhookSecret: string };
    /** People the local sign-in knows besides the sample users (see LocalBackendOptions). */
    extraSignInPeople?: readonly Person[];
  } = {},
) {
  let backend: LocalBackend | undefined;
  let api: ApiClient | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `oso-${name}-`));
    backend = await startLocalBackend({
      dataDir,
      port: 0,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.malwareScan ? { malwareScan: options.malwareScan } : {}),
      ...(options.cardPayments ? { cardPayments: options.cardPayments } : {}),
      ...(options.extraSignInPeople ? { extraSignInPeople: options.extraSignInPeople } : {}),
      ...(options.translateEndpoint
        ? {
            translateEndpoint:
              typeof options.translateEndpoint === 'function'
                ? options.translateEndpoint()
                : options.translateEndpoint,
          }
        : {}),
    });
    api = new ApiClient(backend.endpoints.apiUrl);
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const started = () => {
    if (!backend || !api || !dataDir) throw new Error('the local backend is not running');
    return { backend, api, dataDir };
  };

  return {
    get backend() {
      return started().backend;
    },
    get api() {
      return started().api;
    },
    get dataDir() {
      return started().dataDir;
    },
    /** Where and as which client the console signs in (the local provider's OAuth endpoints). */
    get signInSettings(): SignInClientSettings {
      const { endpoints } = started().backend;
      return {
        oauthUrl: endpoints.auth.issuer,
        clientId: endpoints.auth.consoleClientId,
        redirectUri: endpoints.consoleUrl,
      };
    },
    /**
     * Signs in as a browser does: the authorization-code flow with PKCE against the local provider,
     * posting its sign-in form. Throws SignInRefused (with the provider's status) for a wrong password.
     */
    async signIn(email: string, password: string): Promise<SignedIn> {
      return signInWithPassword(this.signInSettings, email, password);
    },
    /** Opens a case as the coordinator; the patient is invented. */
    async openCase(options: OpenCaseOptions = {}) {
      const { backend: running, api: client } = started();
      const created = await client.call('POST', '/cases', running.endpoints.coordinatorToken, {
        patient: {
          fullName: options.fullName ?? 'Test Patient',
          email: options.email ?? 'patient@example.org',
          dateOfBirth: options.dateOfBirth ?? '1971-02-03',
          country: 'Kenya',
          language: options.language ?? 'en',
        },
        cancerType: options.cancerType ?? 'breast',
        question: 'Is my current plan the best option, or should I travel for treatment?',
        ...(options.emailPatientLink ? { emailPatientLink: true } : {}),
      });
      if (created.status !== 201) throw new Error(`opening a case failed: ${created.status}`);
      return created.body as {
        caseId: string;
        patientToken: string;
        patientLink: string;
        checklist: unknown[];
      };
    },
    /** A patient upload as a browser makes it: ask for the link, PUT the bytes. Returns the document id. */
    async upload(patientToken: string, itemId: string, fileName: string, contentType: string, bytes: Buffer) {
      const issued = await patientUpload(started().api, patientToken, {
        itemId,
        fileName,
        contentType,
        bytes,
      });
      return issued.documentId as string;
    },
    /**
     * The mail the backend sent about a case, oldest first, as the SES emulator's API lists it;
     * `key` is the notification (the notifier names case and notification in headers).
     */
    async mail(caseId: string): Promise<{ key: string; to: string; subject: string; text: string }[]> {
      const { backend: running } = started();
      return (await receivedMail(running.endpoints.sesEndpoint))
        .filter((message) => message.caseId === caseId)
        .map((message) => ({ ...message, key: message.key ?? '' }));
    },
    /**
     * A hospital that charges through the service (USD 1,200.00 for the review; the sample
     * hospitals have no fee schedule), with a relay token of its own.
     */
    async chargingHospital(name = 'Example Charging Cancer Centre') {
      const { backend: running, api: client } = started();
      const coordinator = running.endpoints.coordinatorToken;
      const sample = running.endpoints.hospitals[0]!;
      const listed = (await client.call('GET', '/hospitals', coordinator)).body.hospitals as {
        hospitalId: string;
        relayRegion: string;
      }[];
      const relayRegion = listed.find((hospital) => hospital.hospitalId === sample.hospitalId)!.relayRegion;
      const created = await client.call(
        'POST',
        '/hospitals',
        coordinator,
        chargingHospitalInput(name, relayRegion),
      );
      if (created.status !== 201)
        throw new Error(`creating a hospital failed: ${JSON.stringify(created.body)}`);
      const hospitalId = created.body.hospital.hospitalId as string;
      const token = (await client.call('POST', `/hospitals/${hospitalId}/tokens`, coordinator, {})).body
        .token as string;
      return { hospitalId, token };
    },
    /** A breast-cancer case whose records are sufficient for a quote (all but the patient's consent). */
    async sufficientCase(fullName: string, language: string) {
      const { backend: running, api: client } = started();
      const opened = await this.openCase({ fullName, language, cancerType: 'breast' });
      const pathology = makePdf([
        'Invasive ductal carcinoma, grade 2, pT1cN0.',
        'ER positive (90%), PR positive (60%), HER2 negative (1+).',
      ]);
      await this.upload(
        opened.patientToken,
        'pathology-report',
        'pathology.pdf',
        'application/pdf',
        pathology,
      );
      const imaging = makeDicom({ patientName: dicomPersonName(fullName) });
      await this.upload(opened.patientToken, 'imaging', 'ct.dcm', 'application/dicom', imaging);
      await running.idle();
      await client.call('PUT', '/patient/treatment-history', opened.patientToken, sampleTreatmentHistory());
      return opened;
    },
    /** The patient consents to share with a hospital, every limit of a remote review acknowledged. */
    async consent(patientToken: string, hospitalId: string, fullName: string) {
      return started().api.call('POST', '/patient/consent', patientToken, {
        hospitalId,
        accepted: true,
        acknowledgedLimits: remoteReviewLimitIds,
        fullName,
      });
    },
    /** Waits until the hospital's relay lists the case (its package was delivered). */
    async waitForDelivery(caseId: string, hospitalToken: string) {
      const { api: client } = started();
      await waitFor('delivery', async () => {
        const cases = (await client.call('GET', '/relay/cases', hospitalToken)).body.cases as
          | { caseId: string }[]
          | undefined;
        return cases?.some((entry) => entry.caseId === caseId) ? true : undefined;
      });
    },
    /** The hospital uploads its written opinion (a real PDF) and delivers it. */
    async sendReport(caseId: string, hospitalToken: string) {
      const { api: client } = started();
      return postReport(client, caseId, hospitalToken, await uploadReport(client, caseId, hospitalToken));
    },
    /**
     * A delivered case taken to the end: the hospital confirms receipt and sends its report, the
     * coordinator writes the summary, and the case reads `completed`.
     */
    async completeCase(
      delivered: { caseId: string; patientToken: string; hospital: { token: string } },
      {
        plainLanguageSummary = 'Summary.',
        beforeReport,
      }: { plainLanguageSummary?: string; beforeReport?: () => Promise<void> } = {},
    ) {
      const { backend: running, api: client } = started();
      const { caseId, hospital } = delivered;
      await client.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, { complete: true });
      await waitFor('the report wait', async () =>
        (await this.entered(caseId, 'WaitForReport')) > 0 ? true : undefined,
      );
      await beforeReport?.();
      await finishCase(
        client,
        caseId,
        { hospital: hospital.token, coordinator: running.endpoints.coordinatorToken },
        { plainLanguageSummary },
      );
    },
    /** How many times the case's execution has entered a state (from its history). */
    async entered(caseId: string, stateName: string, submission = 1): Promise<number> {
      const { backend: running } = started();
      const executionArn = `${running.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-${submission}`;
      const { events } = running.stepFunctions.getExecutionHistory({ executionArn });
      return events.filter(
        (event) =>
          event.type.endsWith('StateEntered') &&
          (event as { stateEnteredEventDetails?: { name?: string } }).stateEnteredEventDetails?.name ===
            stateName,
      ).length;
    },
    /**
     * A case made ready (pathology PDF, DICOM, history, consent), submitted to a sample
     * hospital, and waited for until the hospital's relay lists it.
     */
    async deliveredCase(
      options: OpenCaseOptions & {
        hospitalIndex?: number;
        imaging?: Buffer;
        pathology?: Buffer;
        /** More imaging files (a series' slices, a zipped disc) beside `imaging`. */
        moreImaging?: readonly { fileName: string; contentType: string; bytes: Buffer }[];
      } = {},
    ) {
      const { backend: running, api: client } = started();
      const hospital = running.endpoints.hospitals[options.hospitalIndex ?? 0]!;
      const fullName = options.fullName ?? 'Test Patient';
      const { caseId, patientToken } = await this.openCase({ ...options, fullName });
      const uploads = [
        [
          'pathology-report',
          'pathology.pdf',
          'application/pdf',
          options.pathology ??
            makePdf(['Adenocarcinoma, grade 2, pT1N0M0.', 'EGFR exon 19 deletion detected; ALK negative.']),
        ],
        [
          'imaging',
          'ct.dcm',
          'application/dicom',
          options.imaging ?? makeDicom({ patientName: dicomPersonName(fullName) }),
        ],
      ] as const;
      for (const [itemId, fileName, contentType, bytes] of uploads) {
        await this.upload(patientToken, itemId, fileName, contentType, bytes);
      }
      for (const file of options.moreImaging ?? []) {
        await this.upload(patientToken, 'imaging', file.fileName, file.contentType, file.bytes);
      }
      await running.idle();
      await client.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
      await this.consent(patientToken, hospital.hospitalId, fullName);
      const submitted = await client.call(
        'POST',
        `/cases/${caseId}/submit`,
        running.endpoints.coordinatorToken,
        {
          hospitalId: hospital.hospitalId,
        },
      );
      if (submitted.status !== 202) throw new Error(`submit failed: ${JSON.stringify(submitted.body)}`);
      await this.waitForDelivery(caseId, hospital.token);
      return { caseId, patientToken, hospital };
    },
  };
}
