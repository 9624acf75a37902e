import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { tables } from '../../functions/contract';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import type { RelayCasesList, RelayPackage } from '../../functions/core/responses/relay';
import { waitFor } from '../../scripts/api-client';
import {
  dicomPersonName,
  makeDicom,
  makePdf,
  sampleOpinion,
  sampleTreatmentHistory,
} from '../../scripts/fixtures';
import { signInWithPassword } from '../../scripts/local/sign-in-client';
import { useLocalBackend } from './harness';

interface AuditItem {
  action: string;
  actor: { role: string; id: string };
  outcome: string;
  purpose?: string;
  target?: string;
  targets?: string[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const subOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

/**
 * What the hospital portal needs of the backend: the inbox's marks, the package's DICOM series and
 * media types, reads audited with the person and the purpose, the summary as data, and a relay
 * bucket that browsers of the portal (and only those) may read from.
 */
describe('the hospital portal’s API', () => {
  const local = useLocalBackend('hospital-portal');
  const endpoints = () => local.backend.endpoints;
  const auditItems = async (caseId: string) => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: endpoints().dynamodbEndpoint }),
    );
    const result = await client.send(
      new QueryCommand({
        TableName: tables.audit.id,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
      }),
    );
    return (result.Items ?? []) as AuditItem[];
  };
  /** A staff member of a sample hospital, signed in as the portal signs in (its own redirect URL). */
  const staffOf = async (hospitalIndex: number) => {
    const hospital = endpoints().hospitals[hospitalIndex]!;
    const user = endpoints().users.find(
      (entry) => entry.role === 'hospital' && entry.hospitalId === hospital.hospitalId,
    )!;
    const signedIn = await signInWithPassword(
      {
        oauthUrl: endpoints().auth.issuer,
        clientId: endpoints().auth.consoleClientId,
        redirectUri: endpoints().hospitalPortalUrl,
      },
      user.email,
      user.password,
    );
    return { token: signedIn.accessToken, sub: subOf(signedIn.accessToken), hospital };
  };

  /** An expedited case delivered to the first sample hospital (the harness's cases are standard). */
  async function deliverExpedited() {
    const hospital = endpoints().hospitals[0]!;
    const created = await local.api.call('POST', '/cases', endpoints().coordinatorToken, {
      patient: {
        fullName: 'Portal Patient',
        email: 'portal.patient@example.org',
        dateOfBirth: '1968-04-05',
        country: 'Kenya',
        language: 'en',
      },
      cancerType: 'lung',
      question: 'Should I travel for treatment?',
      expedited: true,
    });
    expect(created.status).toBe(201);
    const { caseId, patientToken } = created.body as { caseId: string; patientToken: string };
    await local.upload(
      patientToken,
      'pathology-report',
      'pathology.pdf',
      'application/pdf',
      makePdf(['Adenocarcinoma, grade 2, pT1N0M0.', 'EGFR exon 19 deletion detected; ALK negative.']),
    );
    await local.upload(
      patientToken,
      'imaging',
      'ct.dcm',
      'application/dicom',
      makeDicom({ patientName: dicomPersonName('Portal Patient') }),
    );
    await local.backend.idle();
    await local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
    await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'Portal Patient',
    });
    const submitted = await local.api.call('POST', `/cases/${caseId}/submit`, endpoints().coordinatorToken, {
      hospitalId: hospital.hospitalId,
    });
    expect(submitted.status).toBe(202);
    await waitFor('delivery', async () =>
      ((await local.api.call('GET', '/relay/cases', hospital.token)).body as RelayCasesList).cases.some(
        (entry) => entry.caseId === caseId,
      )
        ? true
        : undefined,
    );
    return { caseId, hospital };
  }

  it('shows staff of the hospital its case with the inbox marks, the package’s series and types, and the summary as data', async () => {
    const { caseId, hospital } = await deliverExpedited();
    const staff = await staffOf(0);
    const row = async () =>
      ((await local.api.call('GET', '/relay/cases', staff.token)).body as RelayCasesList).cases.find(
        (entry) => entry.caseId === caseId,
      );
    // Receipt not confirmed yet: no deadline, so no days to count; new until someone opens it.
    expect(await row()).toMatchObject({
      caseId,
      expedited: true,
      overdue: false,
      new: true,
      imagingShipped: false,
    });
    expect(await row()).not.toHaveProperty('businessDaysLeft');
    expect(await row()).not.toHaveProperty('openedAt');

    // A read with no purpose is what it always was: it opens nothing.
    const plain = await local.api.call('GET', `/relay/cases/${caseId}/package`, hospital.token);
    expect(plain.status).toBe(200);
    expect((await row())?.new).toBe(true);

    const pkg = (await local.api.call('GET', `/relay/cases/${caseId}/package?purpose=summary`, staff.token))
      .body as RelayPackage;
    expect(pkg.files.map((file) => file.category).slice(0, 3)).toEqual([
      'summary',
      'summary-data',
      'manifest',
    ]);
    const byCategory = (category: string) => pkg.files.find((file) => file.category === category)!;
    expect(byCategory('imaging')).toMatchObject({
      mediaType: 'application/dicom',
      dicom: {
        studyInstanceUid: '1.2.826.0.1.3680043.8.498.1',
        seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1.1',
        modality: 'CT',
      },
    });
    expect(byCategory('pathology-report').mediaType).toBe('application/pdf');
    expect(byCategory('pathology-report')).not.toHaveProperty('dicom');
    expect(byCategory('summary').mediaType).toBe('application/pdf');
    expect(byCategory('manifest').mediaType).toBe('application/json');

    // The summary's data, fetched as the portal fetches it: its SHA-256 is the manifest's.
    const summaryData = byCategory('summary-data');
    expect(summaryData).toMatchObject({
      fileId: 'summary-data',
      fileName: 'case-summary.json',
      mediaType: 'application/json',
    });
    const bytes = Buffer.from(await (await fetch(summaryData.url)).arrayBuffer());
    expect(sha256(bytes)).toBe(summaryData.sha256);
    const manifest = JSON.parse(
      Buffer.from(await (await fetch(byCategory('manifest').url)).arrayBuffer()).toString('utf8'),
    ) as { files: { fileId: string; sha256: string; category: string }[] };
    expect(manifest.files.find((entry) => entry.fileId === 'summary-data')).toMatchObject({
      category: 'summary-data',
      sha256: summaryData.sha256,
    });
    const summary = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ caseId, submission: 1, hospitalName: hospital.name });
    expect(summary).toHaveProperty('question');
    expect(summary).toHaveProperty('treatments');
    expect(summary).toHaveProperty('imaging');

    // Opened: the inbox says when, once.
    const opened = await row();
    expect(opened).toMatchObject({ new: false });
    expect(Date.parse(opened?.openedAt ?? '')).not.toBeNaN();
    await local.api.call('GET', `/relay/cases/${caseId}/package?purpose=download`, staff.token);
    expect((await row())?.openedAt).toBe(opened?.openedAt);

    // Once receipt is confirmed the deadline counts business days in the hospital's calendar.
    await local.api.call('POST', `/relay/cases/${caseId}/receipt`, staff.token, { complete: true });
    const counted = await row();
    expect(counted?.businessDaysLeft).toBeGreaterThan(0);
    expect(counted?.overdue).toBe(false);
  }, 90_000);

  it('presigns only the files named, refuses unknown ids and purposes, and audits every read with the person and why', async () => {
    const { caseId } = await local.deliveredCase({ hospitalIndex: 0, fullName: 'Audit Reader' });
    const staff = await staffOf(0);
    const all = (await local.api.call('GET', `/relay/cases/${caseId}/package`, staff.token))
      .body as RelayPackage;
    const slice = all.files.find((file) => file.category === 'imaging')!;

    const viewer = await local.api.call(
      'GET',
      `/relay/cases/${caseId}/package?purpose=viewer&files=${slice.fileId}`,
      staff.token,
    );
    expect(viewer.status).toBe(200);
    expect((viewer.body as RelayPackage).files.map((file) => file.fileId)).toEqual([slice.fileId]);
    const one = await local.api.call(
      'GET',
      `/relay/cases/${caseId}/package?purpose=file&files=summary-data,${slice.fileId}`,
      staff.token,
    );
    expect((one.body as RelayPackage).files.map((file) => file.fileId)).toEqual([
      'summary-data',
      slice.fileId,
    ]);

    const unknown = await local.api.call(
      'GET',
      `/relay/cases/${caseId}/package?purpose=file&files=${slice.fileId},doc_nosuchfile000`,
      staff.token,
    );
    expect(unknown).toEqual({
      status: 400,
      body: {
        error: {
          code: 'unknown_package_files',
          message: 'The package holds no file with some of the ids given in files.',
          details: [{ path: 'files', message: 'No such file.', fileId: 'doc_nosuchfile000' }],
        },
      },
    });
    const badPurpose = await local.api.call(
      'GET',
      `/relay/cases/${caseId}/package?purpose=print`,
      staff.token,
    );
    expect(badPurpose.status).toBe(400);
    expect(badPurpose.body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'purpose' }],
    });

    const events = (await auditItems(caseId)).filter((event) => event.actor.id === staff.sub);
    expect(events.every((event) => event.actor.role === 'hospital')).toBe(true);
    const reads = events.filter((event) => event.action === 'relay.package' && event.outcome === 'allowed');
    // The unknown id was refused after the case was read (audited); the bad purpose before (nothing read).
    expect(reads.map((event) => event.purpose ?? 'none').sort()).toEqual(['file', 'file', 'none', 'viewer']);
    // One event lists the files a read presigned, with its purpose.
    const links = events.filter((event) => event.action === 'relay.file-url');
    expect(links.find((event) => event.purpose === 'viewer')?.targets).toEqual([slice.fileId]);
    expect(links.find((event) => event.purpose === undefined)?.targets).toEqual(
      all.files.map((file) => file.fileId),
    );
    // The first read with a purpose opened the case, once.
    expect(events.filter((event) => event.action === 'relay.first-open')).toEqual([
      expect.objectContaining({ purpose: 'viewer', outcome: 'allowed' }),
    ]);
  }, 90_000);

  it('gives another hospital’s staff nothing of the case on any relay route, and audits the refusal with the person', async () => {
    const { caseId } = await local.deliveredCase({ hospitalIndex: 0, fullName: 'Other Hospital' });
    const other = await staffOf(2);
    const cells: [string, string, unknown][] = [
      ['GET', `/relay/cases/${caseId}/package`, undefined],
      ['GET', `/relay/cases/${caseId}/package?purpose=viewer`, undefined],
      ['GET', `/relay/cases/${caseId}/package?purpose=file&files=summary-data`, undefined],
      ['POST', `/relay/cases/${caseId}/receipt`, { complete: true }],
      ['POST', `/relay/cases/${caseId}/specialist`, { name: 'X', department: 'Y' }],
      ['POST', `/relay/cases/${caseId}/extension`, { businessDays: 2, reason: 'A multi-specialist review.' }],
      ['GET', `/relay/cases/${caseId}/questions`, undefined],
      [
        'POST',
        `/relay/cases/${caseId}/addendum`,
        { uploadId: 'rpt_aaaaaaaaaaaa', answers: [{ questionId: 'q_aaaaaaaaaaaa', answer: 'Yes.' }] },
      ],
      [
        'POST',
        `/relay/cases/${caseId}/report-uploads`,
        { fileName: 'o.pdf', contentType: 'application/pdf', size: 10 },
      ],
      [
        'POST',
        `/relay/cases/${caseId}/report`,
        {
          uploadId: 'rpt_aaaaaaaaaaaa',
          language: 'en',
          opinion: sampleOpinion(),
          specialist: { name: 'X', department: 'Y' },
        },
      ],
    ];
    for (const [method, path, body] of cells) {
      const response = await local.api.call(method, path, other.token, body);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
      expect(JSON.stringify(response.body)).not.toContain('Other Hospital');
      expect(JSON.stringify(response.body)).not.toContain('summary-data');
    }
    const list = (await local.api.call('GET', '/relay/cases', other.token)).body as RelayCasesList;
    expect(list.cases.map((entry) => entry.caseId)).not.toContain(caseId);
    const refused = (await auditItems(caseId)).filter((event) => event.actor.id === other.sub);
    expect(refused.length).toBeGreaterThanOrEqual(cells.length);
    expect(refused.every((event) => event.outcome === 'denied')).toBe(true);
    expect(refused.some((event) => event.action === 'relay.package' && event.purpose === 'viewer')).toBe(
      true,
    );
    // Nothing it tried opened the case for the hospital it belongs to.
    const own = await staffOf(0);
    const row = ((await local.api.call('GET', '/relay/cases', own.token)).body as RelayCasesList).cases.find(
      (entry) => entry.caseId === caseId,
    );
    expect(row?.new).toBe(true);
  }, 90_000);

  it('lets the portal’s origin read the relay with Range and PUT a report through its presigned URL, and no other origin', async () => {
    const { caseId } = await local.deliveredCase({ hospitalIndex: 0, fullName: 'Cors Reader' });
    const staff = await staffOf(0);
    const pkg = (await local.api.call('GET', `/relay/cases/${caseId}/package?purpose=viewer`, staff.token))
      .body as RelayPackage;
    const slice = pkg.files.find((file) => file.category === 'imaging')!;
    const portalOrigin = new URL(endpoints().hospitalPortalUrl).origin;
    const objectUrl = slice.url.split('?')[0]!;
    const preflight = (origin: string, method: string, headers = 'range') =>
      fetch(objectUrl, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': headers,
        },
      });

    const allowed = await preflight(portalOrigin, 'GET');
    expect(allowed.status).toBe(200);
    // S3 echoes the origin; the emulator answers an allowed preflight with `*` (the rule matched all the same).
    expect([portalOrigin, '*']).toContain(allowed.headers.get('access-control-allow-origin'));
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('range');
    expect((await preflight(portalOrigin, 'HEAD')).status).toBe(200);

    expect((await preflight('https://elsewhere.example', 'GET')).status).toBe(403);
    // The report upload's presigned PUT (its signature fixes key, type and size): Content-Type only.
    const put = await preflight(portalOrigin, 'PUT', 'content-type');
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-methods')).toBe('PUT');
    expect((await preflight(portalOrigin, 'PUT', 'content-type, range')).status).toBe(403);
    expect((await preflight('https://elsewhere.example', 'PUT', 'content-type')).status).toBe(403);
    expect((await preflight(portalOrigin, 'DELETE')).status).toBe(403);
    expect((await preflight(portalOrigin, 'POST', 'content-type')).status).toBe(403);

    // The read itself: a ranged GET from the portal's origin, with the headers a checked download reads.
    const ranged = await fetch(slice.url, { headers: { origin: portalOrigin, range: 'bytes=128-131' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).toString('latin1')).toBe('DICM');
    expect(ranged.headers.get('access-control-allow-origin')).toBe(portalOrigin);
    const exposed = (ranged.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    for (const header of ['content-length', 'content-range', 'accept-ranges', 'etag']) {
      expect(exposed).toContain(header);
    }
    const elsewhere = await fetch(slice.url, { headers: { origin: 'https://elsewhere.example' } });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  }, 90_000);
});
