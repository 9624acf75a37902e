import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo, s3 } from '../../functions/adapters/aws-clients';
import {
  type BucketName,
  buckets,
  type TableDefinition,
  type TableName,
  tables,
} from '../../functions/contract';
import { waitFor } from '../../scripts/api-client';
import { makeDicom, makePdf, makeZip } from '../../scripts/fixtures';
import { projectRoot } from '../../scripts/local/backend';
import { receivedMail } from '../../scripts/local/ses';
import { useLocalBackend } from './harness';

/**
 * One whole case for a patient whose name, birth date, email and diagnosis appear nowhere else,
 * with every log line, metric, object key, table key, mail file name and header and workflow event captured:
 * none may carry them. (The mail bodies to the patient do, by design: they are the patient's.)
 */
// A stopped business clock, so the test can let the report run late and the overdue metric fire.
const START = '2026-11-02T10:00:00+08:00';
const local = useLocalBackend('privacy', { clock: { start: new Date(START), speed: 0 } });

const patient = {
  fullName: 'Zephyrine Quillfeather-Okonkwo',
  email: 'zephyrine.quillfeather@example.org',
  dateOfBirth: '1961-07-23',
};
const diagnosis = 'Kaposiform hemangioendothelioma';
const needles = [
  'Zephyrine',
  'Quillfeather',
  'Okonkwo',
  patient.email,
  patient.dateOfBirth,
  '19610723',
  '23/07/1961',
  diagnosis,
  'hemangioendothelioma',
];

const captured: string[] = [];
const restore: (() => void)[] = [];

beforeAll(() => {
  // Every way a line leaves the process: the streams and the console (EMF metrics are console lines).
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write as typeof stream.write;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      captured.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      original(...args);
    };
    restore.push(() => {
      console[method] = original;
    });
  }
});
afterAll(() => {
  for (const undo of restore) undo();
});

const found = (texts: readonly string[]) =>
  needles.flatMap((needle) =>
    texts
      .filter((text) => text.toLowerCase().includes(needle.toLowerCase()))
      .map((text) => `${needle} in: ${text.slice(0, 200)}`),
  );

describe('privacy: a distinctive patient leaves no trace outside their records', () => {
  it('runs a whole case and finds the name, birth date, email and diagnosis in no log, metric or key', async () => {
    const delivered = await local.deliveredCase({
      fullName: patient.fullName,
      email: patient.email,
      dateOfBirth: patient.dateOfBirth,
      pathology: makePdf([
        `Patient: ${patient.fullName}, born ${patient.dateOfBirth}.`,
        `Diagnosis: ${diagnosis}, grade 2.`,
      ]),
      imaging: makeDicom({ patientName: 'Quillfeather-Okonkwo^Zephyrine', studyDate: '20261005' }),
    });
    await local.completeCase(delivered, {
      plainLanguageSummary: `Dear ${patient.fullName}, the specialist agrees with the plan.`,
      // Five business days from Mon 2 Nov are due Mon 9 Nov: on the 10th the report is overdue.
      beforeReport: async () => {
        local.backend.clock.set(new Date('2026-11-10T09:00:00+08:00'));
        await waitFor('the overdue metric', async () =>
          captured.some((line) => line.includes('"ReportsOverdue"')) ? true : undefined,
        );
      },
    });
    // The records do hold the patient's data: the check would see it if it leaked.
    const view = await local.api.call(
      'GET',
      `/cases/${delivered.caseId}`,
      local.backend.endpoints.coordinatorToken,
    );
    expect(view.body.patient).toMatchObject(patient);

    expect(captured.length).toBeGreaterThan(10);
    expect(captured.some((line) => line.includes('"_aws"'))).toBe(true);
    expect(found(captured)).toEqual([]);

    const keys: string[] = [];
    for (const bucket of Object.keys(buckets) as BucketName[]) {
      let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
      for (;;) {
        const page = await s3(bucket).send(
          new ListObjectVersionsCommand({ Bucket: buckets[bucket].localName, ...marker }),
        );
        keys.push(...(page.Versions ?? []).map((version) => `${bucket}/${version.Key}`));
        if (!page.IsTruncated) break;
        marker = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
      }
    }
    expect(keys.some((key) => key.includes(delivered.caseId))).toBe(true);
    expect(found(keys)).toEqual([]);

    const tableKeys: string[] = [];
    for (const table of Object.keys(tables) as TableName[]) {
      const definition: TableDefinition = tables[table];
      const keyNames = [
        definition.partitionKey.name,
        ...(definition.sortKey ? [definition.sortKey.name] : []),
        ...definition.globalSecondaryIndexes.flatMap((index) => [
          index.partitionKey.name,
          ...(index.sortKey ? [index.sortKey.name] : []),
        ]),
      ];
      const items = (await dynamo().send(new ScanCommand({ TableName: definition.id }))).Items ?? [];
      for (const item of items)
        for (const name of keyNames) if (item[name]) tableKeys.push(String(item[name]));
    }
    expect(tableKeys.length).toBeGreaterThan(10);
    expect(found(tableKeys)).toEqual([]);

    // The mail the local runtime keeps on disk is named by time and message id; what names each
    // message beside its body, subject and recipient (its id, its headers) carries ids only.
    const mailFiles = await readdir(join(local.dataDir, 'mail'));
    expect(mailFiles.length).toBeGreaterThan(0);
    expect(found(mailFiles)).toEqual([]);
    const mail = await receivedMail(local.backend.endpoints.sesEndpoint);
    expect(mail.some((message) => message.caseId === delivered.caseId)).toBe(true);
    expect(
      found(
        mail.flatMap((message) => [
          message.messageId,
          ...message.headers.map((header) => `${header.name}: ${header.value}`),
        ]),
      ),
    ).toEqual([]);

    // The workflow's events (what Step Functions keeps and can log) carry ids, never the patient.
    const arn = `${local.backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${delivered.caseId}-1`;
    const history = local.backend.stepFunctions.getExecutionHistory({ executionArn: arn }).events;
    expect(history.length).toBeGreaterThan(20);
    expect(found(history.map((event) => JSON.stringify(event)))).toEqual([]);
  }, 60_000);

  it('checks records labelled with other patients (a study, a disc, a scanned report) without logging who they name', async () => {
    const others = ['Xanthippe', 'Marchbanks', '19450317', '1945-03-17', 'Testperson', '14/03/1971'];
    const before = captured.length;
    const { caseId, patientToken } = await local.openCase({
      fullName: patient.fullName,
      email: patient.email,
      dateOfBirth: patient.dateOfBirth,
    });
    const stranger = makeDicom({
      patientName: 'Marchbanks^Xanthippe',
      patientBirthDate: '19450317',
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.7001',
    });
    const uploads = [
      await local.upload(patientToken, 'imaging', 'ct.dcm', 'application/dicom', stranger),
      await local.upload(
        patientToken,
        'imaging',
        'disc.zip',
        'application/zip',
        makeZip([
          {
            name: 'DICOM/IM0001',
            data: makeDicom({
              patientName: 'Marchbanks^Xanthippe',
              sopInstanceUid: '1.2.826.0.1.3680043.8.498.7002',
            }),
            deflate: true,
          },
        ]),
      ),
      await local.upload(
        patientToken,
        'pathology-report',
        'scan.pdf',
        'application/pdf',
        readFileSync(join(projectRoot, 'test/fixtures/scans/report-en-scanned.pdf')),
      ),
    ];
    await local.backend.idle();
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    const gaps = view.body.gaps as { gapId: string; severity: string; message: string }[];
    for (const documentId of uploads) {
      expect(gaps.find((gap) => gap.gapId === `identity:${documentId}`)?.severity).toBe('blocking');
    }
    const lines = captured.slice(before);
    expect(lines.some((line) => line.includes('scanned report read'))).toBe(true);
    const leaks = [...needles, ...others].flatMap((needle) =>
      [...lines, ...gaps.map((gap) => gap.message)]
        .filter((text) => text.toLowerCase().includes(needle.toLowerCase()))
        .map((text) => `${needle} in: ${text.slice(0, 200)}`),
    );
    expect(leaks).toEqual([]);
  }, 120_000);
});
