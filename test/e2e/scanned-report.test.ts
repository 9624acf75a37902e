import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/local/backend';
import { useLocalBackend } from './harness';

/**
 * Scanned reports read (issue 18), through the local backend: an image-only PDF of a pathology
 * report and a photo too small to read, uploaded as a patient does. The OCR runs in the upload
 * processor's worker (tesseract.js, the engine folder built at start), as in Lambda.
 */
const local = useLocalBackend('scanned-report');
const fixture = (name: string) => readFileSync(join(projectRoot, 'test/fixtures/scans', name));
// The fictional patient the fixture report names in its header (scripts/make-scan-fixtures.ts).
const patient = { fullName: 'Maria Testperson', dateOfBirth: '1971-03-14' };

interface CaseView {
  diagnosis?: {
    stage?: string;
    grade?: string;
    histology?: string;
    markers: { name: string; result: string }[];
    source: { kind: string; confidence?: number; documentId?: string };
  };
  gaps: { gapId: string; severity: string; message: string }[];
}

const view = async (caseId: string) =>
  (await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken))
    .body as CaseView;

describe('scanned reports', () => {
  it('reads the diagnosis, stage and markers of an image-only PDF by OCR, and who it names', async () => {
    const { caseId, patientToken } = await local.openCase({ ...patient, cancerType: 'breast' });
    const documentId = await local.upload(
      patientToken,
      'pathology-report',
      'pathology-scan.pdf',
      'application/pdf',
      fixture('report-en-scanned.pdf'),
    );
    await local.backend.idle();
    const { diagnosis, gaps } = await view(caseId);
    expect(diagnosis?.source).toMatchObject({ kind: 'ocr', documentId });
    expect(diagnosis?.source.confidence).toBeGreaterThan(0.75);
    expect(diagnosis?.stage).toBe('pT2N1M0');
    expect(diagnosis?.grade).toBe('Grade 2');
    const markers = Object.fromEntries(
      (diagnosis?.markers ?? []).map((marker) => [marker.name, marker.result]),
    );
    expect(markers.HER2).toMatch(/^Negative/);
    expect(markers.ER).toMatch(/^Positive/);
    expect(markers.PR).toMatch(/^Positive/);
    // The report's header names this patient: no identity gap; no "scanned, not read" gap either.
    expect(gaps.map((gap) => gap.gapId)).not.toContain(`identity:${documentId}`);
    expect(gaps.map((gap) => gap.gapId)).not.toContain('pathology-report:scanned');
  }, 120_000);

  it('asks for a clearer copy of a photo too small to read, and another patient’s report blocks', async () => {
    const { caseId, patientToken } = await local.openCase({
      fullName: 'Rosa Otherperson',
      dateOfBirth: '1971-03-14',
    });
    const small = await local.upload(
      patientToken,
      'pathology-report',
      'report-photo.jpg',
      'image/jpeg',
      fixture('report-en-small.jpg'),
    );
    const scan = await local.upload(
      patientToken,
      'pathology-report',
      'pathology-scan.pdf',
      'application/pdf',
      fixture('report-en-scanned.pdf'),
    );
    await local.backend.idle();
    const { gaps } = await view(caseId);
    expect(gaps.find((gap) => gap.gapId === `ocr:${small}`)).toMatchObject({
      severity: 'advisory',
      message: expect.stringContaining('too small to read'),
    });
    // The scan names Maria Testperson, born on this patient's birthday: another name, blocking.
    const identity = gaps.find((gap) => gap.gapId === `identity:${scan}`);
    expect(identity?.severity).toBe('blocking');
    expect(identity?.message).toMatch(/^The pathology report is labelled with another name\./);
    expect(identity?.message).not.toContain('Testperson');
  }, 120_000);
});
