import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { s3 } from '../../functions/adapters/aws-clients';
import { buckets } from '../../functions/contract';
import { waitFor } from '../../scripts/api-client';
import type { S3FaultRule } from '../../scripts/local/s3';
import { useLocalBackend } from './harness';

/**
 * Opening a third review is several writes; here two requests race, S3 fails halfway through the
 * copies, and the function dies right after issuing the patient's token. Each time: one review,
 * its records copied once, nothing left under any other case id, and the retry after the lease
 * (the function's 120 s timeout plus 30 s) finishes the same review.
 */

// A crash injected into the real token store: it issues the token, then the function "dies".
const crash = vi.hoisted(() => ({
  armed: false,
  issued: undefined as { token: string; caseId: string } | undefined,
}));
vi.mock('../../functions/adapters/token-store', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/adapters/token-store')>();
  return {
    ...real,
    issueToken: async (...args: Parameters<typeof real.issueToken>) => {
      const issued = await real.issueToken(...args);
      if (crash.armed && args[0].role === 'patient') {
        crash.armed = false;
        crash.issued = { token: issued.token, caseId: args[0].caseId ?? '' };
        throw new Error('simulated crash after the token was issued');
      }
      return issued;
    },
  };
});

let rule: S3FaultRule | undefined;
const START = '2026-11-02T10:00:00+08:00';
const LEASE_MS = (120 + 30) * 1000;
const local = useLocalBackend('third-review', {
  clock: { start: new Date(START), speed: 0 },
  faults: { s3: (request) => rule?.(request) },
});
const coordinator = () => local.backend.endpoints.coordinatorToken;

/** Every case id this file opened or was answered with: nothing else may hold records. */
const known = new Set<string>();

async function caseWithReport() {
  const { caseId, hospital } = await local.deliveredCase({ fullName: 'Third Review Person' });
  known.add(caseId);
  await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, { complete: true });
  await waitFor('the report wait', async () =>
    (await local.entered(caseId, 'WaitForReport')) > 0 ? true : undefined,
  );
  expect((await local.sendReport(caseId, hospital.token)).status).toBe(200);
  return caseId;
}

const openReview = async (caseId: string, question = 'A third opinion, please.') => {
  const response = await local.api.call('POST', `/cases/${caseId}/third-review`, coordinator(), { question });
  if (response.status === 201) known.add(response.body.caseId as string);
  return response;
};

/** Every object version in the records bucket, by key. */
async function recordVersions(): Promise<string[]> {
  const keys: string[] = [];
  let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await s3('records').send(
      new ListObjectVersionsCommand({ Bucket: buckets.records.localName, Prefix: 'cases/', ...marker }),
    );
    keys.push(...(page.Versions ?? []).map((version) => version.Key ?? ''));
    if (!page.IsTruncated) return keys;
    marker = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
}

/** No object under a case id nobody knows of; the review holds each accepted record once. */
async function expectCopiedOnce(sourceCaseId: string, reviewCaseId: string) {
  const versions = await recordVersions();
  const caseIds = new Set(versions.map((key) => key.split('/')[1]));
  expect([...caseIds].filter((id) => !known.has(id ?? ''))).toEqual([]);
  const sourceDocuments = versions.filter((key) => key.startsWith(`cases/${sourceCaseId}/documents/`));
  const copies = versions.filter((key) => key.startsWith(`cases/${reviewCaseId}/`));
  expect(copies).toHaveLength(sourceDocuments.length);
  expect(new Set(copies).size).toBe(copies.length);
  const review = (await local.api.call('GET', `/cases/${reviewCaseId}`, coordinator())).body;
  const documents = (review.checklist as { documents: { status: string }[] }[]).flatMap(
    (item) => item.documents,
  );
  expect(documents.map((document) => document.status)).toEqual(sourceDocuments.map(() => 'accepted'));
  expect(review.timeline.filter((event: { type: string }) => event.type === 'case-opened')).toHaveLength(1);
  const source = (await local.api.call('GET', `/cases/${sourceCaseId}`, coordinator())).body;
  expect(source.thirdReviewCaseId).toBe(reviewCaseId);
  expect(
    source.timeline.filter((event: { type: string }) => event.type === 'third-review-opened'),
  ).toHaveLength(1);
}

/** Copies into the records bucket other than those of `caseId`'s own uploads. */
const isReviewCopy = (caseId: string) => (request: Parameters<S3FaultRule>[0]) =>
  request.method === 'PUT' &&
  request.bucket === buckets.records.localName &&
  'x-amz-copy-source' in request.headers &&
  !request.key.startsWith(`cases/${caseId}/`);

describe('opening a third review, safe to retry at any point', () => {
  it('two requests at once: one 201, one 409, and records copied only for the one review', async () => {
    const caseId = await caseWithReport();
    const answers = await Promise.all([openReview(caseId, 'First?'), openReview(caseId, 'Second?')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const created = answers.find((answer) => answer.status === 201)!;
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(['third_review_exists', 'third_review_in_progress']).toContain(refused.body.error.code);
    expect(created.body).toMatchObject({ thirdReviewOf: caseId, status: 'collecting', documents: 2 });
    await expectCopiedOnce(caseId, created.body.caseId as string);
    const again = await openReview(caseId, 'Third?');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('third_review_exists');
  }, 90_000);

  it('S3 failing the second copy: 500, then 409 while the lease runs, then the retry finishes the same review', async () => {
    const caseId = await caseWithReport();
    let copies = 0;
    rule = (request) => {
      if (!isReviewCopy(caseId)(request)) return undefined;
      copies += 1;
      // The first copy lands; the second fails all three SDK attempts.
      return copies >= 2 && copies <= 4 ? 'InternalError' : undefined;
    };
    try {
      expect((await openReview(caseId)).status).toBe(500);
      expect(copies).toBe(4);
      const source = (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body;
      expect(source.thirdReviewCaseId).toBeUndefined();

      const early = await openReview(caseId);
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('third_review_in_progress');
      const [{ caseId: attempted, retryAt }] = early.body.error.details;
      expect(Date.parse(retryAt)).toBe(local.backend.clock.now().getTime() + LEASE_MS);

      local.backend.clock.advance(LEASE_MS);
      const resumed = await openReview(caseId);
      expect(resumed.status).toBe(201);
      expect(resumed.body).toMatchObject({ caseId: attempted, thirdReviewOf: caseId, documents: 2 });
      // The copy that landed is not made again; only the missing one is.
      expect(copies).toBe(5);
      await expectCopiedOnce(caseId, attempted);
      expect((await local.api.call('GET', '/patient/case', resumed.body.patientToken)).status).toBe(200);
      const third = await openReview(caseId);
      expect(third.status).toBe(409);
      expect(third.body.error.code).toBe('third_review_exists');
    } finally {
      rule = undefined;
    }
  }, 90_000);

  it('the function dying after the case and the token: the retry revokes that token and finishes', async () => {
    const caseId = await caseWithReport();
    crash.armed = true;
    expect((await openReview(caseId)).status).toBe(500);
    const dead = crash.issued!;
    expect(dead.caseId).toMatch(/^case_/);
    known.add(dead.caseId);
    expect(
      (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body.thirdReviewCaseId,
    ).toBeUndefined();
    expect((await openReview(caseId)).body.error.code).toBe('third_review_in_progress');

    local.backend.clock.advance(LEASE_MS + 1000);
    const resumed = await openReview(caseId);
    expect(resumed.status).toBe(201);
    expect(resumed.body.caseId).toBe(dead.caseId);
    expect((await local.api.call('GET', '/patient/case', dead.token)).status).toBe(401);
    const review = await local.api.call('GET', '/patient/case', resumed.body.patientToken);
    expect(review.status).toBe(200);
    expect(review.body.caseId).toBe(dead.caseId);
    await expectCopiedOnce(caseId, dead.caseId);
    expect((await openReview(caseId)).body.error.code).toBe('third_review_exists');
  }, 90_000);
});
