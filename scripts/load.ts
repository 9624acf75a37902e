import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../functions/adapters/aws-clients';
import { tableName } from '../functions/adapters/settings';
import { remoteReviewLimitIds } from '../functions/core/opinion';
import { ApiClient, waitFor } from './api-client';
import { finishCase, uploadRecords } from './case-steps';
import { makeDicom, sampleTreatmentHistory } from './fixtures';
import { startLocalBackend } from './local/backend';

/**
 * `npm run load`: a bounded load run on loopback against its own local backend (not part of
 * `npm test`). 1) 50 patients at once, each asking for upload URLs and polling their case for
 * 60 s; 2) 20 cases taken through the workflow at once; 3) a patient's status read with 100 and
 * with 100,000 cases stored. Prints throughput, p50/p99 latency and errors, and counts every
 * DynamoDB Scan the backend made (there must be none).
 */
const PATIENTS = Number(process.env.LOAD_PATIENTS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const WORKFLOW_CASES = Number(process.env.LOAD_CASES ?? 20);
const STORED_CASES = Number(process.env.LOAD_STORED_CASES ?? 100_000);

const dataDir = await mkdtemp(join(tmpdir(), 'oso-load-'));
const backend = await startLocalBackend({ dataDir, port: 0 });
const api = new ApiClient(backend.endpoints.apiUrl);
const coordinator = backend.endpoints.coordinatorToken;

const dynamoCalls = new Map<string, number>();
dynamo().middlewareStack.add(
  (next, context) => async (args) => {
    const name = context.commandName ?? 'unknown';
    dynamoCalls.set(name, (dynamoCalls.get(name) ?? 0) + 1);
    return next(args);
  },
  { step: 'initialize', name: 'loadCommandCounter' },
);

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Sample {
  route: string;
  ms: number;
  status: number;
}
/** Runs one request, recording its route, latency and status (0 when it did not answer). */
async function timed<T extends { status: number }>(
  route: string,
  samples: Sample[],
  run: () => Promise<T>,
): Promise<T | undefined> {
  const started = performance.now();
  let response: T | undefined;
  try {
    response = await run();
  } catch {
    response = undefined;
  }
  samples.push({ route, ms: performance.now() - started, status: response?.status ?? 0 });
  return response;
}

function report(title: string, samples: Sample[], seconds: number, ok: (sample: Sample) => boolean) {
  console.log(`\n${title}`);
  console.log('| route | requests | per second | p50 | p99 | errors |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const routes = [...new Set(samples.map((sample) => sample.route))];
  for (const route of [...routes, 'all']) {
    const of = route === 'all' ? samples : samples.filter((sample) => sample.route === route);
    const latencies = of.map((sample) => sample.ms);
    const errors = of.filter((sample) => !ok(sample)).length;
    console.log(
      `| ${route} | ${of.length} | ${(of.length / seconds).toFixed(1)} | ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 99))} | ${errors} |`,
    );
  }
}

async function openCase(name: string) {
  const created = await api.call('POST', '/cases', coordinator, {
    patient: {
      fullName: name,
      email: 'load@example.org',
      dateOfBirth: '1970-01-01',
      country: 'Kenya',
      language: 'en',
    },
    cancerType: 'breast',
    question: 'Load run.',
  });
  if (created.status !== 201) throw new Error(`opening a case failed: ${created.status}`);
  return created.body as { caseId: string; patientToken: string };
}

try {
  // 1. Fifty patients at once: ask for an upload URL, let it go (as a browser does when the file is
  //    removed), read the case; again, for a minute.
  const patients = await Promise.all(
    Array.from({ length: PATIENTS }, (_, index) => openCase(`Load Patient ${index}`)),
  );
  const samples: Sample[] = [];
  const dicomSize = makeDicom().length;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    patients.map(async ({ patientToken }) => {
      while (performance.now() < until) {
        let documentId = '';
        await timed('POST /patient/uploads', samples, async () => {
          const issued = await api.call('POST', '/patient/uploads', patientToken, {
            itemId: 'imaging',
            fileName: 'series.dcm',
            contentType: 'application/dicom',
            size: dicomSize,
          });
          documentId = issued.body?.documentId ?? '';
          return issued;
        });
        if (documentId) {
          await timed('DELETE /patient/uploads/{id}', samples, () =>
            api.call('DELETE', `/patient/uploads/${documentId}`, patientToken),
          );
        }
        await timed('GET /patient/case', samples, () => api.call('GET', '/patient/case', patientToken));
      }
    }),
  );
  report(
    `1. ${PATIENTS} patients for ${SECONDS} s (closed loop, no pause)`,
    samples,
    SECONDS,
    (sample) => sample.status >= 200 && sample.status < 300,
  );

  // 2. Twenty cases through the workflow at once, from submission to the patient's report, spread
  //    over the sample hospitals. A hospital's client backs off on 429 (a second, the relay's
  //    budget refills at 10 a second) and asks again; those waits are counted, not errors.
  // The sample hospitals that review breast cancer (the cases' type), as the patient is offered them.
  const eligible = await openCase('Hospital Probe');
  const offered = new Set(
    (
      (await api.call('GET', '/patient/hospitals', eligible.patientToken)).body.hospitals as {
        hospitalId: string;
      }[]
    ).map((hospital) => hospital.hospitalId),
  );
  const hospitals = backend.endpoints.hospitals.filter((hospital) => offered.has(hospital.hospitalId));
  const hospitalOf = (index: number) => hospitals[index % hospitals.length]!;
  let throttled = 0;
  const asHospital = async (method: string, path: string, token: string, body?: unknown) => {
    for (;;) {
      const response = await api.call(method, path, token, body);
      if (response.status !== 429) return response;
      throttled += 1;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  const cases = await Promise.all(
    Array.from({ length: WORKFLOW_CASES }, async (_, index) => {
      const fullName = `Workflow Patient ${index}`;
      const opened = await openCase(fullName);
      await uploadRecords(api, opened.patientToken, fullName);
      await api.call('PUT', '/patient/treatment-history', opened.patientToken, sampleTreatmentHistory());
      return opened;
    }),
  );
  await backend.idle();
  for (const [index, { patientToken }] of cases.entries()) {
    await api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospitalOf(index).hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: `Workflow Patient ${index}`,
    });
  }
  const workflowSamples: Sample[] = [];
  const workflowStart = performance.now();
  const outcomes = await Promise.all(
    cases.map(async ({ caseId }, index) => {
      const hospital = hospitalOf(index);
      try {
        const submitted = await timed('POST /cases/{id}/submit', workflowSamples, () =>
          api.call('POST', `/cases/${caseId}/submit`, coordinator, { hospitalId: hospital.hospitalId }),
        );
        if (submitted?.status !== 202) return `submit ${submitted?.status ?? 'no answer'}`;
        await waitFor(
          'delivery',
          async () => {
            const view = await api.call('GET', `/cases/${caseId}`, coordinator);
            return view.body.status === 'awaiting-receipt' ? true : undefined;
          },
          { timeoutMs: 120_000, intervalMs: 250 },
        );
        await timed('POST /relay/cases/{id}/receipt', workflowSamples, () =>
          asHospital('POST', `/relay/cases/${caseId}/receipt`, hospital.token, { complete: true }),
        );
        await finishCase(
          api,
          caseId,
          { hospital: hospital.token, coordinator },
          {
            timeoutMs: 120_000,
            hospitalCall: (method, path, token, body) =>
              timed(`${method} ${path.replace(caseId, '{id}')}`, workflowSamples, () =>
                asHospital(method, path, token, body),
              ).then((response) => {
                if (!response) throw new Error(`${method} ${path} did not answer`);
                return response;
              }),
          },
        );
        const view = (await api.call('GET', `/cases/${caseId}`, coordinator)).body;
        const once = [
          'submitted',
          'package-built',
          'delivered',
          'receipt-confirmed',
          'report-received',
          'report-delivered',
        ];
        const counts = once.map(
          (type) => view.timeline.filter((event: { type: string }) => event.type === type).length,
        );
        return counts.every((count) => count === 1)
          ? 'ok'
          : `timeline ${once.map((type, i) => `${type}=${counts[i]}`).join(' ')}`;
      } catch (error) {
        return (error as Error).message;
      }
    }),
  );
  const workflowSeconds = (performance.now() - workflowStart) / 1000;
  // The hospital's report call is retried until its wait is registered; 409s there are expected.
  report(
    `2. ${WORKFLOW_CASES} cases through the workflow at once: all done in ${workflowSeconds.toFixed(1)} s`,
    workflowSamples,
    workflowSeconds,
    (sample) =>
      (sample.status >= 200 && sample.status < 300) ||
      (sample.route.endsWith('/report') && sample.status === 409),
  );
  const failed = outcomes.filter((outcome) => outcome !== 'ok');
  console.log(`hospital requests answered 429 and asked again after a second: ${throttled}`);
  console.log(
    `cases completed with each step once: ${outcomes.length - failed.length}/${outcomes.length}${failed.length ? ` (${failed.join('; ')})` : ''}`,
  );

  // 3. A patient's status read with 100 cases stored, then with 100,000.
  const probe = await openCase('Status Probe');
  const statusLatency = async (reads: number) => {
    const latencies: number[] = [];
    let errors = 0;
    for (let index = 0; index < reads; index += 1) {
      const started = performance.now();
      const response = await api.call('GET', '/patient/case', probe.patientToken);
      latencies.push(performance.now() - started);
      if (response.status !== 200) errors += 1;
    }
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
  };
  const stored = PATIENTS + WORKFLOW_CASES + 2;
  const seed = async (count: number, offset: number) => {
    const now = new Date().toISOString();
    for (let start = 0; start < count; start += 25) {
      const items = Array.from({ length: Math.min(25, count - start) }, (_, index) => {
        const caseId = `case_load${String(offset + start + index).padStart(12, '0')}`;
        return {
          PutRequest: {
            Item: {
              pk: `CASE#${caseId}`,
              sk: 'CASE',
              itemType: 'case',
              caseId,
              version: 1,
              status: 'collecting',
              cancerType: 'lung',
              patient: {
                fullName: 'Seeded Case',
                email: 'seed@example.org',
                dateOfBirth: '1970-01-01',
                country: 'Kenya',
                language: 'en',
              },
              question: 'Seeded.',
              expedited: false,
              createdAt: now,
              updatedAt: now,
              submission: 0,
              callbacks: {},
            },
          },
        };
      });
      let unprocessed: Record<string, unknown[]> | undefined = { [tableName('cases')]: items };
      while (unprocessed && Object.keys(unprocessed).length > 0) {
        const written = await dynamo().send(new BatchWriteCommand({ RequestItems: unprocessed as never }));
        unprocessed = written.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  };
  await seed(Math.max(0, 100 - stored), 0);
  const small = await statusLatency(500);
  const seedStart = performance.now();
  await seed(STORED_CASES - 100, 100);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const large = await statusLatency(500);
  console.log(`\n3. GET /patient/case, 500 sequential reads of one case`);
  console.log('| cases stored | p50 | p99 | errors |');
  console.log('|---:|---:|---:|---:|');
  console.log(`| 100 | ${ms(small.p50)} | ${ms(small.p99)} | ${small.errors} |`);
  console.log(
    `| ${STORED_CASES.toLocaleString('en')} | ${ms(large.p50)} | ${ms(large.p99)} | ${large.errors} |`,
  );
  console.log(
    `(seeding ${(STORED_CASES - 100).toLocaleString('en')} cases took ${seedSeconds.toFixed(0)} s)`,
  );

  const scans = [...dynamoCalls.entries()].filter(([name]) => /^Scan/.test(name));
  console.log(
    `\nDynamoDB requests by command: ${[...dynamoCalls.entries()].map(([name, count]) => `${name} ${count}`).join(', ')}`,
  );
  console.log(`Scans: ${scans.reduce((total, [, count]) => total + count, 0)}`);
  if (failed.length > 0 || scans.length > 0) process.exitCode = 1;
} finally {
  await backend.stop();
  await rm(dataDir, { recursive: true, force: true });
}
