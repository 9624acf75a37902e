import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ApiClient } from '../../scripts/api-client';
import { type LocalBackend, startLocalBackend } from '../../scripts/local/backend';

export interface OpenCaseOptions {
  readonly fullName?: string;
  readonly cancerType?: string;
}

/**
 * Starts the whole local backend for one test file, on free ports with data in a temporary
 * folder, and stops it afterwards. Returns accessors that are valid inside tests.
 */
export function useLocalBackend(name: string) {
  let backend: LocalBackend | undefined;
  let api: ApiClient | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `oso-${name}-`));
    backend = await startLocalBackend({ dataDir, port: 0 });
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
    /** Opens a case as the coordinator; the patient is invented. */
    async openCase(options: OpenCaseOptions = {}) {
      const { backend: running, api: client } = started();
      const created = await client.call('POST', '/cases', running.endpoints.coordinatorToken, {
        patient: {
          fullName: options.fullName ?? 'Test Patient',
          email: 'patient@example.org',
          dateOfBirth: '1971-02-03',
          country: 'Kenya',
          language: 'en',
        },
        cancerType: options.cancerType ?? 'breast',
        question: 'Is my current plan the best option, or should I travel for treatment?',
      });
      if (created.status !== 201) throw new Error(`opening a case failed: ${created.status}`);
      return created.body as {
        caseId: string;
        patientToken: string;
        patientLink: string;
        checklist: unknown[];
      };
    },
  };
}
