import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectSize } from '../../functions/adapters/record-store';
import { handler as uploadProcessor } from '../../functions/events/upload-processor';
import { putPresigned, waitFor } from '../../scripts/api-client';
import {
  dicomPersonName,
  makeDicom,
  makeDiscZip,
  makeJpeg,
  makePdf,
  makePng,
  makeZip,
  sampleTreatmentHistory,
} from '../../scripts/fixtures';
import { toEventBridge } from '../../scripts/local/s3';
import { useLocalBackend } from './harness';

/**
 * Hostile or broken inputs, each answered with a clear 4xx or a rejected document with a
 * reason, and nothing lost or overwritten. The closing table of issue 3 lists these rows.
 */
describe('hostile and broken inputs', () => {
  const local = useLocalBackend('hostile');
  let caseId: string;
  let patientToken: string;

  beforeAll(async () => {
    ({ caseId, patientToken } = await local.openCase({ fullName: 'Hostile Inputs', cancerType: 'gastric' }));
  });

  /** Uploads bytes as announced and returns the document's verdict. */
  const uploadAndJudge = async (
    itemId: string,
    contentType: string,
    bytes: Buffer,
    fileName = 'file.bin',
  ) => {
    const issued = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId,
      fileName,
      contentType,
      size: Math.max(1, bytes.length),
    });
    expect(issued.status).toBe(201);
    await putPresigned(issued.body as never, bytes);
    await local.backend.idle();
    const view = await local.api.call('GET', '/patient/case', patientToken);
    const documents = (
      view.body.checklist as { documents: { documentId: string; status: string; reason?: string }[] }[]
    ).flatMap((item) => item.documents);
    const document = documents.find((doc) => doc.documentId === issued.body.documentId)!;
    // Nothing is lost: whatever arrived is still in quarantine.
    expect(await objectSize('intake', `cases/${caseId}/documents/${issued.body.documentId}`)).toBe(
      bytes.length,
    );
    return document;
  };

  const patientName = dicomPersonName('Hostile Inputs');
  const dicom = makeDicom({ patientName });
  const pixelTag = dicom.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));

  const rejected: [string, string, string, () => Buffer, RegExp][] = [
    [
      'wrong magic bytes',
      'pathology-report',
      'application/pdf',
      () => Buffer.from('GIF89a not what it says'),
      /not a PDF, DICOM, JPEG or PNG/,
    ],
    [
      'content-type mismatch (PNG announced as PDF)',
      'pathology-report',
      'application/pdf',
      () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      /PNG image, but it was announced as application\/pdf/,
    ],
    ['truncated DICOM', 'imaging', 'application/dicom', () => dicom.subarray(0, pixelTag + 100), /truncated/],
    [
      'fake DICOM (DICM then garbage)',
      'imaging',
      'application/dicom',
      () => Buffer.concat([dicom.subarray(0, 132), Buffer.alloc(300, 0xff)]),
      /header cannot be read|truncated/,
    ],
    [
      'HTML named .pdf',
      'pathology-report',
      'application/pdf',
      () => Buffer.from('<!doctype html><html><body>%PDF-1.7</body></html>'),
      /not a PDF, DICOM, JPEG or PNG/,
    ],
    [
      'encrypted PDF',
      'pathology-report',
      'application/pdf',
      () => makePdf(['secret'], { encrypted: true }),
      /password-protected/,
    ],
    [
      'damaged PNG (header CRC)',
      'pathology-report',
      'image/png',
      () => {
        const png = makePng();
        png.writeUInt8(png.readUInt8(20) ^ 0xff, 20);
        return png;
      },
      /PNG image is damaged/,
    ],
    ['damaged PDF', 'pathology-report', 'application/pdf', () => makePdf(['x']).subarray(0, 300), /damaged/],
    [
      'zip bomb',
      'imaging',
      'application/zip',
      () => makeZip([{ name: 'DICOM/IM1.dcm', data: Buffer.alloc(30 * 1024 * 1024), deflate: true }]),
      /zip bomb/,
    ],
    [
      'zip path traversal',
      'imaging',
      'application/zip',
      () => makeZip([{ name: '../../evil.dcm', data: dicom }]),
      /outside its folder/,
    ],
    [
      'zip with a symbolic link',
      'imaging',
      'application/zip',
      () => makeZip([{ name: 'DICOM/IM1.dcm', data: Buffer.from('/etc/shadow'), unixMode: 0o120777 }]),
      /link/,
    ],
  ];

  it.each(rejected)(
    'rejects %s with a reason, keeping the bytes in quarantine',
    async (_, itemId, type, bytes, reason) => {
      const document = await uploadAndJudge(itemId, type, bytes());
      expect(document.status).toBe('rejected');
      expect(document.reason).toMatch(reason);
    },
  );

  it('rejects a zero-byte object (a PUT longer than it declared leaves one behind in the emulator)', async () => {
    const issued = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'pathology-report',
      fileName: 'report.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
    const url = new URL(issued.body.url);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(url, { method: 'PUT', headers: issued.body.headers }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(Buffer.alloc(20, 0x25)); // 20 bytes against a signed Content-Length of 10
    });
    expect(status).toBeGreaterThanOrEqual(400);
    const size = await waitFor('the emulator’s leftover object', () =>
      objectSize('intake', `cases/${caseId}/documents/${issued.body.documentId}`),
    );
    const documentNow = async () => {
      const view = await local.api.call('GET', '/patient/case', patientToken);
      return (
        view.body.checklist as { documents: { documentId: string; status: string; reason?: string }[] }[]
      )
        .flatMap((item) => item.documents)
        .find((doc) => doc.documentId === issued.body.documentId);
    };
    // The emulator sends no event after its 400; S3 refuses such a PUT outright. Deliver the
    // event S3 would send for an object of this size, to prove the processor rejects it.
    expect(size).toBe(0);
    await uploadProcessor(
      toEventBridge({
        eventName: 'ObjectCreated:Put',
        eventTime: new Date().toISOString(),
        awsRegion: 'us-east-1',
        s3: {
          bucket: { name: 'intake' },
          object: { key: `cases/${caseId}/documents/${issued.body.documentId}`, size: 0 },
        },
      }) as never,
    );
    expect(await documentNow()).toMatchObject({ status: 'rejected', reason: 'The file arrived empty.' });
  });

  it('accepts photos of a report as JPEG and PNG, with their dimensions', async () => {
    expect(await uploadAndJudge('pathology-report', 'image/jpeg', makeJpeg(), 'page1.jpg')).toMatchObject({
      status: 'accepted',
    });
    expect(await uploadAndJudge('tumor-markers', 'image/png', makePng(), 'markers.png')).toMatchObject({
      status: 'accepted',
    });
  });

  it('accepts DICOM without its 128-byte preamble and DICM (meta group kept), as some exports write it', async () => {
    // An instance UID of its own: this case's other images must not make it a duplicate.
    const withoutPreamble = makeDicom({
      patientName,
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.1002',
      layout: 'no-preamble',
    });
    expect(withoutPreamble.subarray(0, 4)).toEqual(Buffer.from([0x02, 0x00, 0x00, 0x00]));
    const document = await uploadAndJudge('imaging', 'application/dicom', withoutPreamble, 'ct.dcm');
    expect(document).toMatchObject({ status: 'accepted' });
    expect(document.reason).toBeUndefined();
  });

  it('accepts a real disc export as one .zip', async () => {
    const document = await uploadAndJudge('imaging', 'application/zip', makeDiscZip(), 'disc.zip');
    expect(document).toMatchObject({ status: 'accepted' });
  });

  const refusedRequests: [string, string, string, () => unknown, number][] = [
    [
      'zero-byte file',
      'POST',
      '/patient/uploads',
      () => ({ itemId: 'imaging', fileName: 'x.dcm', contentType: 'application/dicom', size: 0 }),
      400,
    ],
    [
      'oversize file',
      'POST',
      '/patient/uploads',
      () => ({ itemId: 'imaging', fileName: 'x.dcm', contentType: 'application/dicom', size: 6 * 1024 ** 3 }),
      413,
    ],
    [
      'file name with path separators',
      'POST',
      '/patient/uploads',
      () => ({ itemId: 'imaging', fileName: '../../x.dcm', contentType: 'application/dicom', size: 10 }),
      400,
    ],
    [
      'file name with control characters',
      'POST',
      '/patient/uploads',
      () => ({ itemId: 'imaging', fileName: 'a\u0007b.dcm', contentType: 'application/dicom', size: 10 }),
      400,
    ],
    [
      'file name with a bidi override',
      'POST',
      '/patient/uploads',
      () => ({
        itemId: 'imaging',
        fileName: 'scan\u202egpj.exe',
        contentType: 'application/dicom',
        size: 10,
      }),
      400,
    ],
    [
      'file name of 1,000 characters',
      'POST',
      '/patient/uploads',
      () => ({
        itemId: 'imaging',
        fileName: `${'a'.repeat(996)}.dcm`,
        contentType: 'application/dicom',
        size: 10,
      }),
      400,
    ],
    [
      'content type the item does not accept',
      'POST',
      '/patient/uploads',
      () => ({
        itemId: 'pathology-report',
        fileName: 'x.exe',
        contentType: 'application/x-msdownload',
        size: 10,
      }),
      400,
    ],
    [
      'history with future dates',
      'PUT',
      '/patient/treatment-history',
      () => ({ ...sampleTreatmentHistory(), latestImagingDate: '2999-01-01' }),
      400,
    ],
    [
      'history with negative doses',
      'PUT',
      '/patient/treatment-history',
      () => {
        const history = sampleTreatmentHistory();
        history.chemotherapy[0]!.drugs[0]!.dose = -60;
        return history;
      },
      400,
    ],
    [
      'history with unknown fields',
      'PUT',
      '/patient/treatment-history',
      () => ({ ...sampleTreatmentHistory(), smoker: true }),
      400,
    ],
    [
      'history with 10,000-entry arrays (over the body limit)',
      'PUT',
      '/patient/treatment-history',
      () => ({
        ...sampleTreatmentHistory(),
        tumorMarkers: Array.from({ length: 10_000 }, () => ({
          name: 'CEA',
          value: 1,
          unit: 'ng/mL',
          date: '2026-01-01',
        })),
      }),
      413,
    ],
    [
      'history with 101-entry arrays (over the entry limit)',
      'PUT',
      '/patient/treatment-history',
      () => ({
        ...sampleTreatmentHistory(),
        tumorMarkers: Array.from({ length: 101 }, () => ({
          name: 'CEA',
          value: 1,
          unit: 'ng/mL',
          date: '2026-01-01',
        })),
      }),
      400,
    ],
    ['a body that is not JSON', 'PUT', '/patient/treatment-history', () => '{"surgeries": [', 400],
  ];

  it.each(refusedRequests)('refuses %s with a clear 4xx', async (_, method, path, body, status) => {
    const response = await local.api.call(method, path, patientToken, body());
    expect(response.status).toBe(status);
    expect(response.body.error.code).toMatch(/^[a-z_]+$/);
    expect(typeof response.body.error.message).toBe('string');
  });

  it('refuses an upload to another case’s item: the token decides the case, not the request', async () => {
    const other = await local.api.call('POST', '/cases', local.backend.endpoints.coordinatorToken, {
      patient: {
        fullName: 'Other Patient',
        email: 'o@example.org',
        dateOfBirth: '1970-01-01',
        country: 'Peru',
        language: 'es',
      },
      cancerType: 'lung',
      question: 'q',
    });
    // A caseId smuggled into the body is an unknown field.
    const smuggled = await local.api.call('POST', '/patient/uploads', patientToken, {
      caseId: other.body.caseId,
      itemId: 'imaging',
      fileName: 'x.dcm',
      contentType: 'application/dicom',
      size: 10,
    });
    expect(smuggled.status).toBe(400);
    // Multipart routes of another case's upload answer 404.
    const theirs = await local.api.call('POST', '/patient/uploads', other.body.patientToken, {
      itemId: 'imaging',
      fileName: 'big.dcm',
      contentType: 'application/dicom',
      size: 200 * 1024 * 1024,
    });
    expect(
      (await local.api.call('GET', `/patient/uploads/${theirs.body.uploadId}/parts`, patientToken)).status,
    ).toBe(404);
    expect(
      (await local.api.call('DELETE', `/patient/uploads/${theirs.body.uploadId}`, patientToken)).status,
    ).toBe(404);
  });
});
