import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../functions/contract';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import type {
  CaseListEntry,
  CasesListResponse,
  DashboardResponse,
  HospitalMatchesResponse,
} from '../../functions/core/responses/coordinator';
import { waitFor } from '../../scripts/api-client';
import { finishCase } from '../../scripts/case-steps';
import { dicomPersonName, makeDicom, makePdf, sampleTreatmentHistory } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

/**
 * The coordinator's case list and dashboard over a real local backend, on a business clock the
 * test moves (stopped otherwise). Sample hospital A is in Shanghai (CN calendar) with five
 * business days: records confirmed received on Tue 3 Nov 2026 are due by the end of Tue 10 Nov.
 */
const START = '2026-11-03T10:00:00+08:00';
const PATIENT_NAME = 'Oriabel Quenneville-Sato';

describe('the coordinator case list and dashboard', () => {
  const local = useLocalBackend('case-list', { clock: { start: new Date(START), speed: 0 } });
  const coordinator = () => local.backend.endpoints.coordinatorToken;
  const get = (path: string) => local.api.call('GET', path, coordinator());
  /** A minute later for each new case, so each has its own creation time. */
  const nextMinute = () => local.backend.clock.advance(60_000);
  const hospitalA = () => local.backend.endpoints.hospitals[0]!;

  const ids = {
    overdue: '',
    onTime: '',
    late: '',
    awaitingReceipt: '',
    ready: '',
    collecting: [] as string[],
    cancelled: [] as string[],
  };

  const confirmReceipt = async (caseId: string, token: string) => {
    const before = await local.entered(caseId, 'WaitForReport');
    const receipt = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, token, { complete: true });
    expect(receipt.status).toBe(200);
    await waitFor('the report wait', async () =>
      (await local.entered(caseId, 'WaitForReport')) > before ? true : undefined,
    );
  };

  const statusOf = async (caseId: string) => (await get(`/cases/${caseId}`)).body.status as string;

  /** Every page of a list, following nextCursor to the end. */
  async function allPages(query: string, limit: number) {
    const pages: CasesListResponse[] = [];
    let cursor: string | undefined;
    do {
      const params = new URLSearchParams(query);
      params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      const page = await get(`/cases?${params}`);
      expect(page.status).toBe(200);
      pages.push(page.body as CasesListResponse);
      cursor = (page.body as CasesListResponse).nextCursor;
    } while (cursor);
    return pages;
  }

  const list = async (query = '') => {
    const answer = await get(`/cases?limit=100${query ? `&${query}` : ''}`);
    expect(answer.status).toBe(200);
    return answer.body as CasesListResponse;
  };

  beforeAll(async () => {
    const hospital = hospitalA();
    // Three cases whose records hospital A confirms on Tue 3 Nov; a fourth it has not confirmed yet.
    nextMinute();
    const overdue = await local.deliveredCase({ fullName: PATIENT_NAME });
    nextMinute();
    const onTime = await local.deliveredCase({ fullName: PATIENT_NAME });
    nextMinute();
    const late = await local.deliveredCase({ fullName: PATIENT_NAME });
    nextMinute();
    const awaitingReceipt = await local.deliveredCase({ fullName: PATIENT_NAME });
    for (const delivered of [overdue, onTime, late]) await confirmReceipt(delivered.caseId, hospital.token);

    // Ready: treatment history and consent first, so the documents' acceptance is what makes it ready.
    nextMinute();
    const ready = await local.openCase({ fullName: PATIENT_NAME });
    await local.api.call('PUT', '/patient/treatment-history', ready.patientToken, sampleTreatmentHistory());
    await local.api.call('POST', '/patient/consent', ready.patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: PATIENT_NAME,
    });
    await local.upload(
      ready.patientToken,
      'pathology-report',
      'p.pdf',
      'application/pdf',
      makePdf(['pT1N0M0.']),
    );
    await local.upload(
      ready.patientToken,
      'imaging',
      'ct.dcm',
      'application/dicom',
      makeDicom({ patientName: dicomPersonName(PATIENT_NAME) }),
    );
    await local.backend.idle();

    for (let index = 0; index < 5; index += 1) {
      nextMinute();
      ids.collecting.push((await local.openCase({ fullName: PATIENT_NAME })).caseId);
    }
    for (let index = 0; index < 2; index += 1) {
      nextMinute();
      const { caseId } = await local.openCase({ fullName: PATIENT_NAME });
      const cancel = await local.api.call('POST', `/cases/${caseId}/cancel`, coordinator(), {
        reason: 'The patient chose a local tumour board.',
      });
      expect(cancel.status).toBe(200);
      ids.cancelled.push(caseId);
    }

    // Thu 5 Nov: one report two business days after receipt (on time), and the case completes.
    local.backend.clock.set(new Date('2026-11-05T12:00:00+08:00'));
    await finishCase(local.api, onTime.caseId, { hospital: hospital.token, coordinator: coordinator() });
    // Wed 11 Nov: the other two passed their deadline; one report arrives six business days in (late).
    local.backend.clock.set(new Date('2026-11-11T10:00:00+08:00'));
    for (const caseId of [overdue.caseId, late.caseId]) {
      await waitFor('overdue', async () => ((await statusOf(caseId)) === 'overdue' ? true : undefined));
    }
    expect((await local.sendReport(late.caseId, hospital.token)).status).toBe(200);
    await waitFor('the summary wait', async () =>
      (await statusOf(late.caseId)) === 'awaiting-summary' ? true : undefined,
    );
    await local.backend.idle();
    Object.assign(ids, {
      overdue: overdue.caseId,
      onTime: onTime.caseId,
      late: late.caseId,
      awaitingReceipt: awaitingReceipt.caseId,
      ready: ready.caseId,
    });
  }, 240_000);

  it('lists open cases overdue first, then those with blocking gaps, then by deadline and creation', async () => {
    const { cases, nextCursor } = await list();
    expect(nextCursor).toBeUndefined();
    expect(cases.map((row) => row.caseId)).toEqual([
      ids.overdue,
      ...ids.collecting,
      ids.late, // awaiting the summary, due 10 Nov
      ids.awaitingReceipt, // no deadline yet, created before the ready case
      ids.ready,
    ]);
    const row = (caseId: string) => cases.find((entry) => entry.caseId === caseId) as CaseListEntry;
    expect(row(ids.overdue)).toEqual({
      caseId: ids.overdue,
      status: 'overdue',
      cancerType: 'breast',
      expedited: false,
      hospitalId: hospitalA().hospitalId,
      hospitalName: 'Sample Cancer Hospital A (Shanghai) [sample]',
      expectedReportDate: '2026-11-10',
      businessDaysLeft: -1,
      blockingGaps: 0,
      createdAt: '2026-11-03T02:01:00.000Z',
    });
    expect(row(ids.late)).toMatchObject({ status: 'awaiting-summary', businessDaysLeft: 0 });
    expect(row(ids.awaitingReceipt)).toMatchObject({ status: 'awaiting-receipt', blockingGaps: 0 });
    expect(row(ids.awaitingReceipt)).not.toHaveProperty('expectedReportDate');
    expect(row(ids.ready)).toMatchObject({ status: 'ready', blockingGaps: 0 });
    expect(row(ids.ready)).not.toHaveProperty('hospitalId');
    // Pathology, imaging, treatment history and consent are all missing.
    expect(row(ids.collecting[0]!)).toMatchObject({ status: 'collecting', blockingGaps: 4 });
    // The same status as the case view.
    for (const entry of cases) expect(entry.status).toBe(await statusOf(entry.caseId));
    expect(JSON.stringify(cases)).not.toContain(PATIENT_NAME);
  });

  it('filters by status, closed ones included, newest first', async () => {
    expect((await list('status=collecting')).cases.map((row) => row.caseId)).toEqual(ids.collecting);
    expect((await list('status=ready')).cases.map((row) => row.caseId)).toEqual([ids.ready]);
    expect((await list('status=overdue')).cases.map((row) => row.caseId)).toEqual([ids.overdue]);
    expect((await list('status=awaiting-summary')).cases.map((row) => row.caseId)).toEqual([ids.late]);
    expect((await list('status=completed')).cases.map((row) => row.caseId)).toEqual([ids.onTime]);
    expect((await list('status=cancelled')).cases.map((row) => row.caseId)).toEqual(
      [...ids.cancelled].reverse(),
    );
    const cancelledPages = await allPages('status=cancelled', 1);
    expect(cancelledPages.flatMap((page) => page.cases.map((row) => row.caseId))).toEqual(
      [...ids.cancelled].reverse(),
    );
    expect((await list('status=under-review')).cases).toEqual([]);
  });

  it('pages with a cursor to the end, missing and repeating nothing', async () => {
    const everything = (await list()).cases.map((row) => row.caseId);
    const pages = await allPages('', 2);
    expect(pages.map((page) => page.cases.length)).toEqual([2, 2, 2, 2, 1]);
    expect(pages.flatMap((page) => page.cases.map((row) => row.caseId))).toEqual(everything);
    const collecting = await allPages('status=collecting', 2);
    expect(collecting.flatMap((page) => page.cases.map((row) => row.caseId))).toEqual(ids.collecting);
    // A page that ends exactly at the end says so: no cursor to an empty page.
    const exact = await allPages('status=collecting', 5);
    expect(exact).toHaveLength(1);
  });

  it('answers 400 to a bad status, limit or cursor', async () => {
    const cursor = (await get('/cases?limit=2')).body.nextCursor as string;
    const [payload, digest] = cursor.split('.') as [string, string];
    const tampered = `${payload.slice(0, -2)}${payload.at(-2) === 'A' ? 'B' : 'A'}${payload.at(-1)}.${digest}`;
    for (const query of [
      'status=open',
      'limit=0',
      'limit=101',
      'limit=ten',
      `cursor=${encodeURIComponent(tampered)}`,
      'cursor=garbage',
      // A cursor of the open list is not one of the collecting list.
      `status=collecting&cursor=${encodeURIComponent(cursor)}`,
    ]) {
      const answer = await get(`/cases?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code, query).toBe('validation_failed');
    }
  });

  it('audits each listed case under its own trail, naming the coordinator', async () => {
    await list('status=ready');
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: local.backend.endpoints.dynamodbEndpoint }),
    );
    const events = await client.send(
      new QueryCommand({
        TableName: tables.audit.id,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${ids.ready}` },
      }),
    );
    const listed = (events.Items ?? []).filter((item) => item.action === 'case.list');
    expect(listed.length).toBeGreaterThan(0);
    for (const item of listed) {
      expect(item.actor.role).toBe('coordinator');
      expect(item.actor.id).toEqual(expect.any(String));
    }
  });

  it('draws cases by stage, the overdue cases and each hospital’s measured turnaround', async () => {
    const answer = await get('/dashboard');
    expect(answer.status).toBe(200);
    const view = answer.body as DashboardResponse;
    expect(view.openCases).toBe(9);
    expect(Object.fromEntries(view.casesByStage.map((stage) => [stage.status, stage.count]))).toEqual({
      collecting: 5,
      ready: 1,
      routing: 0,
      'awaiting-certified-translation': 0,
      'awaiting-receipt': 1,
      'under-review': 0,
      overdue: 1,
      'awaiting-summary': 1,
    });
    expect(view.overdue).toEqual([
      {
        caseId: ids.overdue,
        hospitalId: hospitalA().hospitalId,
        hospitalName: 'Sample Cancer Hospital A (Shanghai) [sample]',
        dueOn: '2026-11-10',
        businessDaysOverdue: 1,
      },
    ]);
    const byHospital = new Map(view.turnaround.hospitals.map((entry) => [entry.hospitalId, entry]));
    // 2 business days (on time) and 6 (late): median 4, half on time; promised 5.
    expect(byHospital.get(hospitalA().hospitalId)).toEqual({
      hospitalId: hospitalA().hospitalId,
      hospitalName: 'Sample Cancer Hospital A (Shanghai) [sample]',
      promisedBusinessDays: 5,
      expeditedBusinessDays: 3,
      reports: 2,
      onTime: 1,
      onTimeShare: 0.5,
      medianBusinessDays: 4,
    });
    expect(byHospital.get(local.backend.endpoints.hospitals[1]!.hospitalId)).toMatchObject({
      reports: 0,
      onTimeShare: null,
      medianBusinessDays: null,
    });
    expect(view.turnaround).toMatchObject({ windowDays: 90, since: '2026-08-13T02:00:00.000Z' });
    expect(JSON.stringify(view)).not.toContain(PATIENT_NAME);
  });

  it('gives a hospital’s delivery record as a matching reason once it delivered', async () => {
    const answer = await get(`/cases/${ids.collecting[0]}/hospital-matches`);
    expect(answer.status).toBe(200);
    const { matches } = answer.body as HospitalMatchesResponse;
    const a = matches.find((match) => match.hospitalId === hospitalA().hospitalId);
    expect(a?.reasons).toContain(
      'Delivered 1 of its last 2 opinions on time (median 4 business days from confirmed receipt to report).',
    );
    expect(a?.reasons).toContain('Reviews breast cancer cases.');
    expect(a?.deliveryRecord).toEqual({ reports: 2, onTime: 1, onTimeShare: 0.5, medianBusinessDays: 4 });
    for (const other of matches.filter((match) => match.hospitalId !== hospitalA().hospitalId)) {
      expect(other).not.toHaveProperty('deliveryRecord');
      expect(other.reasons.join(' ')).not.toContain('Delivered');
    }
  });

  it('lists a case stored before the list existed once it next changes', async () => {
    const caseId = ids.collecting[0]!;
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: local.backend.endpoints.dynamodbEndpoint }),
    );
    // As an older data folder holds it: no list attributes at all.
    await client.send(
      new UpdateCommand({
        TableName: tables.cases.id,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: 'REMOVE listPk, listSk, blockingGaps',
      }),
    );
    expect((await list()).cases.map((row) => row.caseId)).not.toContain(caseId);
    expect((await list('status=collecting')).cases.map((row) => row.caseId)).not.toContain(caseId);
    const gap = await local.api.call('POST', `/cases/${caseId}/gaps`, coordinator(), {
      itemId: 'imaging',
      severity: 'advisory',
      message: 'A CT from the last three months would help.',
    });
    expect(gap.status).toBe(201);
    const row = (await list()).cases.find((entry) => entry.caseId === caseId);
    expect(row).toMatchObject({ status: 'collecting', blockingGaps: 4 });
    expect((await list()).cases.map((entry) => entry.caseId).indexOf(caseId)).toBe(1);
  });
});
