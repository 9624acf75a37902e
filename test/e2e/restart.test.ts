import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { tables } from '../../functions/contract';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { ApiClient, waitFor } from '../../scripts/api-client';
import { finishCase, uploadRecords } from '../../scripts/case-steps';
import { sampleTreatmentHistory } from '../../scripts/fixtures';
import { type Endpoints, projectRoot } from '../../scripts/local/backend';
import { receivedMail } from '../../scripts/local/ses';

/**
 * `npm start` killed with SIGKILL in the middle of a case, twice, and started again on the same
 * data: nothing accepted is lost, nothing is done twice, and the workflow carries on.
 */
let dataDir = '';
let child: ChildProcess | undefined;

/** Starts `npm start`'s script on the test's data; returns its endpoints and what it printed. */
async function start(): Promise<{ endpoints: Endpoints; output: () => string }> {
  const endpointsFile = join(dataDir, 'endpoints.json');
  await rm(endpointsFile, { force: true });
  child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts/local/start.ts')], {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const endpoints = await waitFor(
    'the backend to start',
    async () => {
      if (child?.exitCode !== null) throw new Error(`the backend exited:\n${output}`);
      return (
        (JSON.parse(await readFile(endpointsFile, 'utf8').catch(() => 'null')) as Endpoints | undefined) ??
        undefined
      );
    },
    { timeoutMs: 30_000 },
  );
  await waitFor('the start banner', async () =>
    output.includes('Workflow executions resumed') ? true : undefined,
  );
  return { endpoints, output: () => output };
}

async function kill() {
  const running = child;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGKILL');
  await exited;
}

afterAll(async () => {
  await kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the local backend killed mid-case and started again', () => {
  it('keeps every accepted record, does nothing twice, and resumes the workflow from its journal', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oso-restart-'));
    let { endpoints } = await start();
    let api = new ApiClient(endpoints.apiUrl);
    const hospitalId = endpoints.hospitals[0]?.hospitalId ?? '';
    const created = await api.call('POST', '/cases', endpoints.coordinatorToken, {
      patient: {
        fullName: 'Restart Patient',
        email: 'restart@example.org',
        dateOfBirth: '1970-01-01',
        country: 'Kenya',
        language: 'en',
      },
      cancerType: 'breast',
      question: 'Is my plan right?',
    });
    const { caseId, patientToken } = created.body as { caseId: string; patientToken: string };
    await uploadRecords(api, patientToken, 'Restart Patient');
    await waitFor('both documents accepted', async () => {
      const view = (await api.call('GET', '/patient/case', patientToken)).body;
      const statuses = view.checklist.flatMap((item: { documents: { status: string }[] }) =>
        item.documents.map((doc) => doc.status),
      );
      return statuses.filter((status: string) => status === 'accepted').length === 2 ? true : undefined;
    });
    await api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
    await api.call('POST', '/patient/consent', patientToken, {
      hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'Restart Patient',
    });
    expect(
      (await api.call('POST', `/cases/${caseId}/submit`, endpoints.coordinatorToken, { hospitalId })).status,
    ).toBe(202);

    // First kill: the instant the submission is answered, with the workflow under way.
    await kill();
    let restarted = await start();
    expect(restarted.output()).toContain(`Workflow executions resumed from the last run: ${caseId}-1`);
    endpoints = restarted.endpoints;
    api = new ApiClient(endpoints.apiUrl);
    let hospital = endpoints.hospitals.find((entry) => entry.hospitalId === hospitalId)!;
    await waitFor('the resumed delivery', async () => {
      const listed = (await api.call('GET', '/relay/cases', hospital.token)).body.cases as {
        caseId: string;
      }[];
      return listed?.some((entry) => entry.caseId === caseId) ? true : undefined;
    });

    // Second kill: while the workflow waits for the hospital's receipt, once the hospital's
    // delivery notice is sent and its claim finished. A kill between SES accepting a mail and the
    // claim's 'done' would send it again (at least once is all email can promise), which is not
    // what this kill is for.
    await waitFor('the delivery notice sent', async () => {
      const claim = await new DynamoDBClient({
        endpoint: endpoints.dynamodbEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }).send(
        new GetItemCommand({
          TableName: tables.cases.id,
          Key: { pk: { S: `CASE#${caseId}` }, sk: { S: 'CLAIM#notify:hospital-delivered-1' } },
        }),
      );
      return claim.Item?.state?.S === 'done' ? true : undefined;
    });
    await kill();
    restarted = await start();
    expect(restarted.output()).toContain(`Workflow executions resumed from the last run: ${caseId}-1`);
    endpoints = restarted.endpoints;
    api = new ApiClient(endpoints.apiUrl);
    hospital = endpoints.hospitals.find((entry) => entry.hospitalId === hospitalId)!;
    const receipt = await api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, {
      complete: true,
    });
    expect(receipt.status).toBe(200);
    // A notification the kill caught between its claim and its send is sent again once the claim
    // is stale (30 s) at the workflow's next ActionInProgress retry (about 41 s): wait that long.
    const output = restarted.output;
    await finishCase(
      api,
      caseId,
      { hospital: hospital.token, coordinator: endpoints.coordinatorToken },
      { timeoutMs: 60_000 },
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}; the backend printed, last 3,000 characters:\n${output().slice(-3000)}`,
      );
    });

    const view = (await api.call('GET', `/cases/${caseId}`, endpoints.coordinatorToken)).body;
    const documents = view.checklist.flatMap((item: { documents: { status: string }[] }) => item.documents);
    expect(documents.map((doc: { status: string }) => doc.status)).toEqual(['accepted', 'accepted']);
    const count = (type: string) =>
      view.timeline.filter((event: { type: string }) => event.type === type).length;
    expect([
      count('submitted'),
      count('package-built'),
      count('delivered'),
      count('receipt-confirmed'),
    ]).toEqual([1, 1, 1, 1]);
    expect([count('report-received'), count('relay-purged'), count('report-delivered')]).toEqual([1, 1, 1]);
    // Mail sent before either kill is still in the emulator's mailbox after the restarts.
    const mail = (await receivedMail(endpoints.sesEndpoint)).filter((message) => message.caseId === caseId);
    expect(mail.filter((message) => message.key?.includes('hospital-delivered'))).toHaveLength(1);
    expect(mail.filter((message) => message.key?.includes('patient-report'))).toHaveLength(1);
  }, 240_000);
});
