import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/api-client';
import { largeDicom, makeDicom } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

describe('multipart uploads of large imaging files', () => {
  const local = useLocalBackend('multipart');

  const openCase = () => local.openCase({ fullName: 'Large Study', cancerType: 'liver' });

  const putPart = async (part: { url: string; size: number }, bytes: Buffer) => {
    const response = await fetch(part.url, {
      method: 'PUT',
      headers: { 'Content-Length': String(part.size) },
      body: bytes,
    });
    expect(response.status).toBe(200);
    return response.headers.get('etag')!;
  };

  it('uploads 120 MB in signed parts, resumes after an interruption, and validates the result', async () => {
    const { caseId, patientToken } = await openCase();
    const file = largeDicom(120 * 1024 * 1024);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const started = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'imaging',
      fileName: 'ct-series.dcm',
      contentType: 'application/dicom',
      size: file.length,
      sha256,
    });
    expect(started.status).toBe(201);
    expect(started.body.method).toBe('MULTIPART');
    const { uploadId, partSize, parts } = started.body as {
      uploadId: string;
      partSize: number;
      parts: { partNumber: number; url: string; size: number }[];
    };
    expect(partSize).toBe(16 * 1024 * 1024);
    expect(parts).toHaveLength(8);
    expect(parts.at(-1)!.size).toBe(file.length - 7 * partSize);

    // Storage refuses a part whose length differs from the signed one.
    const wrongLength = await fetch(parts[0]!.url, { method: 'PUT', body: file.subarray(0, 1000) });
    expect(wrongLength.status).toBe(403);

    // The first half arrives, then the connection "drops".
    const slice = (n: number) => file.subarray((n - 1) * partSize, (n - 1) * partSize + partLength(n));
    const partLength = (n: number) => parts[n - 1]!.size;
    for (const part of parts.slice(0, 4)) await putPart(part, slice(part.partNumber));

    const held = await local.api.call('GET', `/patient/uploads/${uploadId}/parts`, patientToken);
    expect(held.status).toBe(200);
    expect((held.body.parts as { partNumber: number }[]).map((part) => part.partNumber)).toEqual([
      1, 2, 3, 4,
    ]);

    // Resume: sign the missing parts again and send them.
    const resigned = await local.api.call('POST', `/patient/uploads/${uploadId}/parts`, patientToken, {
      partNumbers: [5, 6, 7, 8],
    });
    expect(resigned.status).toBe(200);
    for (const part of resigned.body.parts as { partNumber: number; url: string; size: number }[]) {
      await putPart(part, slice(part.partNumber));
    }
    const all = await local.api.call('GET', `/patient/uploads/${uploadId}/parts`, patientToken);
    const etags = (all.body.parts as { partNumber: number; etag: string }[]).map(({ partNumber, etag }) => ({
      partNumber,
      etag,
    }));

    const missing = await local.api.call('POST', `/patient/uploads/${uploadId}/complete`, patientToken, {
      parts: etags.slice(0, 7),
    });
    expect(missing.status).toBe(400);
    const completed = await local.api.call('POST', `/patient/uploads/${uploadId}/complete`, patientToken, {
      parts: etags,
    });
    expect(completed.status).toBe(200);

    const accepted = await waitFor(
      'validation',
      async () => {
        const view = await local.api.call(
          'GET',
          `/cases/${caseId}`,
          local.backend.endpoints.coordinatorToken,
        );
        const imaging = (view.body.checklist as { itemId: string; status: string }[]).find(
          (item) => item.itemId === 'imaging',
        );
        return imaging?.status === 'accepted' ? imaging : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(accepted).toBeDefined();
    // Completing again is harmless.
    expect(
      (await local.api.call('POST', `/patient/uploads/${uploadId}/complete`, patientToken, { parts: etags }))
        .status,
    ).toBe(200);
  }, 120_000);

  it('rejects a file whose bytes do not match the SHA-256 the patient sent', async () => {
    const { caseId, patientToken } = await openCase();
    const file = makeDicom();
    const issued = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'imaging',
      fileName: 'ct.dcm',
      contentType: 'application/dicom',
      size: file.length,
      sha256: createHash('sha256').update('something else').digest('hex'),
    });
    await fetch(issued.body.url, { method: 'PUT', headers: issued.body.headers, body: file });
    await local.backend.idle();
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    const documents = (view.body.checklist as { documents: { status: string; reason?: string }[] }[]).flatMap(
      (item) => item.documents,
    );
    expect(documents).toEqual([
      expect.objectContaining({ status: 'rejected', reason: expect.stringContaining('damaged or changed') }),
    ]);
  });

  it('cancels a multipart upload and keeps the item missing', async () => {
    const { caseId, patientToken } = await openCase();
    const started = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'imaging',
      fileName: 'big.dcm',
      contentType: 'application/dicom',
      size: 200 * 1024 * 1024,
    });
    const { uploadId } = started.body as { uploadId: string };
    expect((await local.api.call('DELETE', `/patient/uploads/${uploadId}`, patientToken)).body.status).toBe(
      'cancelled',
    );
    expect((await local.api.call('DELETE', `/patient/uploads/${uploadId}`, patientToken)).status).toBe(409);
    expect(
      (await local.api.call('POST', `/patient/uploads/${uploadId}/parts`, patientToken, { partNumbers: [1] }))
        .status,
    ).toBe(409);
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    expect(
      (view.body.checklist as { itemId: string; status: string }[]).find((item) => item.itemId === 'imaging')!
        .status,
    ).toBe('missing');
  });

  it('lets a coordinator upload on the patient’s behalf', async () => {
    const { caseId } = await openCase();
    const file = makeDicom();
    const issued = await local.api.call(
      'POST',
      `/cases/${caseId}/uploads`,
      local.backend.endpoints.coordinatorToken,
      {
        itemId: 'imaging',
        fileName: 'emailed-ct.dcm',
        contentType: 'application/dicom',
        size: file.length,
      },
    );
    expect(issued.status).toBe(201);
    await fetch(issued.body.url, { method: 'PUT', headers: issued.body.headers, body: file });
    await local.backend.idle();
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    expect(
      (view.body.checklist as { itemId: string; status: string }[]).find((item) => item.itemId === 'imaging')!
        .status,
    ).toBe('accepted');
  });
});
