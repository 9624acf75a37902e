import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largeDicom } from '../../scripts/fixtures';
import { listCases, PullError, pullPackage } from '../../scripts/hospital-pull';
import { useLocalBackend } from './harness';

describe('the hospital pull client', () => {
  const local = useLocalBackend('pull');

  it('resumes an interrupted file, verifies every SHA-256 and the digest, moves the folder into place, then confirms', async () => {
    // largeDicom labels its study with the harness's default patient, so the case is that patient's.
    const ct = largeDicom(6 * 1024 * 1024);
    const { caseId, hospital } = await local.deliveredCase({ fullName: 'Test Patient', imaging: ct });
    const connection = { apiUrl: local.backend.endpoints.apiUrl, token: hospital.token };
    expect((await listCases(connection)).cases.map((entry) => entry.caseId)).toContain(caseId);

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
      [
        'case-summary.json',
        'case-summary.pdf',
        'ct.dcm',
        'manifest.json',
        'pathology.pdf',
        'pathology.zh.txt',
      ].sort(),
    );

    // Pulling again never overwrites what was verified.
    await expect(pullPackage({ ...connection, caseId, outDir })).rejects.toBeInstanceOf(PullError);
  }, 60_000);
});
