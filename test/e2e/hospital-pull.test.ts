import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { putPresigned, waitFor } from '../../scripts/api-client';
import { makeDicom, makePdf, sampleTreatmentHistory } from '../../scripts/fixtures';
import { listCases, PullError, pullPackage } from '../../scripts/hospital-pull';
import { useLocalBackend } from './harness';

/** A 6 MiB DICOM so that a resumed download is clearly partial. */
function largeDicom(size: number): Buffer {
  const head = makeDicom({ rows: 16, columns: 16 });
  const file = Buffer.alloc(size);
  head.copy(file);
  const pixelTag = head.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  file.writeUInt32LE(size - (pixelTag + 12), pixelTag + 8);
  for (let offset = head.length; offset < size; offset += 97) file[offset] = offset % 251;
  return file;
}

describe('the hospital pull client', () => {
  const local = useLocalBackend('pull');

  it('resumes an interrupted file, verifies every SHA-256 and the digest, moves the folder into place, then confirms', async () => {
    const hospital = local.backend.endpoints.hospitals[0]!;
    const { caseId, patientToken } = await local.openCase({ fullName: 'Pull Case' });
    const ct = largeDicom(6 * 1024 * 1024);
    for (const [itemId, name, type, bytes] of [
      [
        'pathology-report',
        'pathology.pdf',
        'application/pdf',
        makePdf(['Invasive ductal carcinoma, grade 2, pT2N1M0']),
      ],
      ['imaging', 'ct.dcm', 'application/dicom', ct],
    ] as const) {
      const issued = await local.api.call('POST', '/patient/uploads', patientToken, {
        itemId,
        fileName: name,
        contentType: type,
        size: bytes.length,
      });
      await putPresigned(issued.body as never, bytes);
    }
    await local.backend.idle();
    await local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
    await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      fullName: 'Pull Case',
    });
    await local.api.call('POST', `/cases/${caseId}/submit`, local.backend.endpoints.coordinatorToken, {
      hospitalId: hospital.hospitalId,
    });
    const connection = { apiUrl: local.backend.endpoints.apiUrl, token: hospital.token };
    await waitFor('delivery', async () =>
      (await listCases(connection)).cases.some((entry) => entry.caseId === caseId) ? true : undefined,
    );

    const outDir = await mkdtemp(join(tmpdir(), 'oso-pulled-'));
    // An earlier run stopped halfway through the CT, and left a corrupted copy of the report.
    const partial = join(outDir, `.${caseId}.partial`);
    await mkdir(partial, { recursive: true });
    await writeFile(join(partial, 'ct.dcm'), ct.subarray(0, 3 * 1024 * 1024));
    await writeFile(
      join(partial, 'pathology.pdf'),
      Buffer.from('%PDF-1.4 not the real bytes, longer than the real file...'.repeat(30)),
    );

    const progress: number[] = [];
    const result = await pullPackage({
      ...connection,
      caseId,
      outDir,
      parallel: 3,
      confirm: true,
      onProgress: ({ received }) => progress.push(received),
    });
    expect(result.resumedFiles).toBe(1);
    expect(result.bytesDownloaded).toBe(result.bytes - 3 * 1024 * 1024);
    expect(progress.length).toBeGreaterThan(0);
    expect(result.deadline).toMatchObject({ businessDays: 5, timeZone: 'Asia/Shanghai' });
    expect((await readdir(outDir)).sort()).toEqual([caseId]);
    const pulledCt = await readFile(join(result.folder, 'ct.dcm'));
    expect(createHash('sha256').update(pulledCt).digest('hex')).toBe(
      createHash('sha256').update(ct).digest('hex'),
    );
    expect((await readdir(result.folder)).sort()).toEqual(
      ['case-summary.pdf', 'ct.dcm', 'manifest.json', 'pathology.pdf', 'pathology.zh.txt'].sort(),
    );

    // Pulling again never overwrites what was verified.
    await expect(pullPackage({ ...connection, caseId, outDir })).rejects.toBeInstanceOf(PullError);
  }, 60_000);
});
