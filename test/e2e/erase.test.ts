import { ListObjectsV2Command, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo, s3 } from '../../functions/adapters/aws-clients';
import { buckets, tables } from '../../functions/contract';
import { putPresigned, waitFor } from '../../scripts/api-client';
import { makePdf } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

const PATIENT_NAME = 'Thessaly Marchbanks-Oyelaran';

describe('erasing a case at the patient’s request', () => {
  const local = useLocalBackend('erase');
  const coordinator = () => local.backend.endpoints.coordinatorToken;

  const objectsUnder = async (bucket: keyof typeof buckets, prefix: string) =>
    (await s3(bucket).send(new ListObjectsV2Command({ Bucket: buckets[bucket].localName, Prefix: prefix })))
      .KeyCount ?? 0;

  it('deletes every object and item of the case, keeps the audit trail with a record of the erasure, then answers 404', async () => {
    const { caseId, patientToken, hospital } = await local.deliveredCase({ fullName: PATIENT_NAME });
    await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, { complete: true });
    await waitFor('the report wait', async () =>
      (await local.entered(caseId, 'WaitForReport')) > 0 ? true : undefined,
    );
    const relayPrefix = `hospitals/${hospital.hospitalId}/cases/${caseId}/`;
    expect(await objectsUnder('intake', `cases/${caseId}/`)).toBeGreaterThan(0);
    expect(await objectsUnder('records', `cases/${caseId}/`)).toBeGreaterThan(0);
    expect(await objectsUnder('relay', relayPrefix)).toBeGreaterThan(0);

    // The emulator checks signatures on bucket-level requests (listing, batch delete) too.
    const forger = new S3Client({
      endpoint: local.backend.endpoints.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'not-the-secret' },
    });
    await expect(
      forger.send(
        new ListObjectVersionsCommand({ Bucket: buckets.records.localName, Prefix: `cases/${caseId}/` }),
      ),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(
      forger.send(
        new ListObjectsV2Command({ Bucket: buckets.records.localName, Prefix: `cases/${caseId}/` }),
      ),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });

    const slip = await local.api.call('POST', `/cases/${caseId}/erase`, coordinator(), {
      requestedBy: 'patient',
      confirmCaseId: 'case_somethingelse000',
    });
    expect(slip.status).toBe(400);

    const erased = await local.api.call('POST', `/cases/${caseId}/erase`, coordinator(), {
      requestedBy: 'patient',
      confirmCaseId: caseId,
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ caseId, erased: true });
    expect(erased.body.intakeObjects).toBeGreaterThanOrEqual(2);
    // two records, the summary (PDF and data), the manifest
    expect(erased.body.recordsObjects).toBeGreaterThanOrEqual(5);
    expect(erased.body.relayObjects).toBeGreaterThanOrEqual(5);
    expect(erased.body.items).toBeGreaterThan(5);

    for (const [bucket, prefix] of [
      ['intake', `cases/${caseId}/`],
      ['records', `cases/${caseId}/`],
      ['relay', relayPrefix],
    ] as const) {
      expect(await objectsUnder(bucket, prefix), bucket).toBe(0);
    }
    const items = await dynamo().send(
      new QueryCommand({
        TableName: tables.cases.id,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
      }),
    );
    expect(items.Count).toBe(0);

    // Gone for everyone: coordinator, patient link, hospital relay.
    expect((await local.api.call('GET', `/cases/${caseId}`, coordinator())).status).toBe(404);
    expect((await local.api.call('GET', '/patient/case', patientToken)).status).toBe(401);
    expect((await local.api.call('GET', `/relay/cases/${caseId}/package`, hospital.token)).status).toBe(404);
    const listed = await local.api.call('GET', '/relay/cases', hospital.token);
    expect((listed.body.cases as { caseId: string }[]).some((entry) => entry.caseId === caseId)).toBe(false);
    expect(
      (
        await local.api.call('POST', `/cases/${caseId}/erase`, coordinator(), {
          requestedBy: 'patient',
          confirmCaseId: caseId,
        })
      ).status,
    ).toBe(404);

    // The workflow stopped.
    const executionArn = `${local.backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-1`;
    expect(local.backend.stepFunctions.describeExecution({ executionArn }).status).toBe('ABORTED');

    // What remains: the audit trail, with the erasure itself, and no patient details in it.
    const trail = await dynamo().send(
      new QueryCommand({
        TableName: tables.audit.id,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
      }),
    );
    const erasure = trail.Items?.find((item) => item.action === 'case.erased');
    expect(erasure).toMatchObject({
      actor: { role: 'coordinator' },
      outcome: 'allowed',
      counts: { items: erased.body.items },
    });
    expect(JSON.stringify(trail.Items)).not.toContain('Marchbanks');
  });

  it('erases an upload that lands after the erasure through a link issued before it', async () => {
    const { caseId, patientToken } = await local.openCase();
    const bytes = makePdf(['CA 15-3 28 U/mL']);
    const link = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'pathology-report',
      fileName: 'late.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });
    expect(link.status).toBe(201);
    const erased = await local.api.call('POST', `/cases/${caseId}/erase`, coordinator(), {
      requestedBy: 'patient',
      confirmCaseId: caseId,
    });
    expect(erased.status).toBe(200);
    expect((await putPresigned(link.body as never, bytes)).status).toBe(200);
    await local.backend.idle();
    expect(await objectsUnder('intake', `cases/${caseId}/`)).toBe(0);
  });
});
