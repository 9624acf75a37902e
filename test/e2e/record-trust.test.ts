import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { makeDicom, makePdf, makeZip, sampleTreatmentHistory } from '../../scripts/fixtures';
import { projectRoot } from '../../scripts/local/backend';
import { useLocalBackend } from './harness';

/**
 * Records a specialist can trust (issue 18), end to end on the local backend: a study labelled
 * with another patient's name, duplicates, a deflated file, data sets without the Part 10
 * preamble (delivered wrapped), and a zipped disc read image by image.
 */
const local = useLocalBackend('record-trust');
const coordinator = () => local.backend.endpoints.coordinatorToken;

interface Gap {
  gapId: string;
  severity: string;
  message: string;
}
interface DocumentView {
  documentId: string;
  status: string;
  reason?: string;
}

const patient = { fullName: 'Amara Okafor', dateOfBirth: '1980-04-02' };

async function caseView(caseId: string) {
  const response = await local.api.call('GET', `/cases/${caseId}`, coordinator());
  expect(response.status).toBe(200);
  return response.body as {
    gaps: Gap[];
    checklist: { itemId: string; documents: DocumentView[] }[];
    imaging: { studies: { studyInstanceUid: string; series: { instances: number }[] }[] };
  };
}

const documentOf = (view: Awaited<ReturnType<typeof caseView>>, documentId: string) =>
  view.checklist.flatMap((item) => item.documents).find((doc) => doc.documentId === documentId);

/** Everything but imaging, so the case's readiness turns on the study alone. */
async function readyButImaging(patientToken: string, hospitalId: string) {
  await local.upload(
    patientToken,
    'pathology-report',
    'pathology.pdf',
    'application/pdf',
    makePdf(['Invasive ductal carcinoma, grade 2, pT1N0M0.', 'ER positive, PR positive, HER2 negative.']),
  );
  await local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
  await local.api.call('POST', '/patient/consent', patientToken, {
    hospitalId,
    accepted: true,
    acknowledgedLimits: remoteReviewLimitIds,
    fullName: patient.fullName,
  });
}

describe('the right patient', () => {
  it('a study labelled with another name and birth date is accepted but blocks the case until waived', async () => {
    const hospital = local.backend.endpoints.hospitals[0]!;
    const { caseId, patientToken } = await local.openCase(patient);
    await readyButImaging(patientToken, hospital.hospitalId);
    const ct = await local.upload(
      patientToken,
      'imaging',
      'ct.dcm',
      'application/dicom',
      makeDicom({ patientName: 'Mbeki^Thabo', patientBirthDate: '19650101' }),
    );
    await local.backend.idle();

    const view = await caseView(caseId);
    expect(documentOf(view, ct)?.status).toBe('accepted');
    const gap = view.gaps.find((candidate) => candidate.gapId === `identity:${ct}`);
    expect(gap).toMatchObject({ severity: 'blocking' });
    expect(gap?.message).toContain('The CT study is labelled with another name and birth date.');
    expect(gap?.message).not.toContain('Mbeki');

    const refused = await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    expect(refused.status).toBe(409);

    const waived = await local.api.call('POST', `/cases/${caseId}/gaps/identity:${ct}/waive`, coordinator(), {
      reason: 'The patient changed her name; the referring hospital confirmed the study is hers.',
    });
    expect(waived.status).toBe(200);
    const submitted = await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    expect(submitted.status).toBe(202);
  });

  it('the coordinator removes another patient’s study: it is never delivered, and the gap goes', async () => {
    const { caseId, patientToken } = await local.openCase(patient);
    const ours = await local.upload(
      patientToken,
      'imaging',
      'ct-ours.dcm',
      'application/dicom',
      makeDicom({ patientName: 'OKAFOR^AMARA', patientBirthDate: '19800402', sopInstanceUid: '1.2.3.4.100' }),
    );
    const theirs = await local.upload(
      patientToken,
      'imaging',
      'ct-other.dcm',
      'application/dicom',
      makeDicom({ patientName: 'Okonjo^Amara', sopInstanceUid: '1.2.3.4.101' }),
    );
    await local.backend.idle();
    let view = await caseView(caseId);
    expect(view.gaps.map((gap) => gap.gapId)).toContain(`identity:${theirs}`);
    expect(view.gaps.map((gap) => gap.gapId)).not.toContain(`identity:${ours}`);
    expect(view.gaps.find((gap) => gap.gapId === `identity:${theirs}`)?.message).toContain('another name.');

    const removed = await local.api.call(
      'POST',
      `/cases/${caseId}/documents/${theirs}/remove`,
      coordinator(),
      { reason: 'Another patient’s CT, sent by mistake.' },
    );
    expect(removed.status).toBe(200);
    view = await caseView(caseId);
    expect(view.gaps.map((gap) => gap.gapId)).not.toContain(`identity:${theirs}`);
    expect(documentOf(view, theirs)).toMatchObject({
      status: 'rejected',
      reason: 'Removed by the coordinator: Another patient’s CT, sent by mistake.',
    });
    expect(documentOf(view, ours)?.status).toBe('accepted');
  });

  it('an anonymised study is an advisory gap, and a study dated before the patient’s birth too', async () => {
    const { caseId, patientToken } = await local.openCase(patient);
    const anonymous = await local.upload(
      patientToken,
      'imaging',
      'anon.dcm',
      'application/dicom',
      makeDicom({ patientName: '', studyDate: '19700101', sopInstanceUid: '1.2.3.4.200' }),
    );
    await local.backend.idle();
    const gaps = (await caseView(caseId)).gaps;
    expect(gaps.find((gap) => gap.gapId === `identity:${anonymous}`)?.severity).toBe('advisory');
    expect(gaps.find((gap) => gap.gapId === `study-date:${anonymous}`)).toMatchObject({
      severity: 'advisory',
      message: 'The CT study is dated before the patient’s birth date.',
    });
  });
});

describe('duplicates', () => {
  it('the same bytes, or the same SOP Instance UID, are kept once; a truncated copy is refused as truncated', async () => {
    const { caseId, patientToken } = await local.openCase(patient);
    const file = makeDicom({ patientName: 'Okafor^Amara', sopInstanceUid: '1.2.3.4.300' });
    const first = await local.upload(patientToken, 'imaging', 'slice-1.dcm', 'application/dicom', file);
    await local.backend.idle();
    const again = await local.upload(patientToken, 'imaging', 'slice-1-copy.dcm', 'application/dicom', file);
    const sameInstance = await local.upload(
      patientToken,
      'imaging',
      'slice-1-reexported.dcm',
      'application/dicom',
      makeDicom({ patientName: 'Okafor^Amara', sopInstanceUid: '1.2.3.4.300', studyDate: '20261006' }),
    );
    const truncated = await local.upload(
      patientToken,
      'imaging',
      'slice-1-cut.dcm',
      'application/dicom',
      file.subarray(0, file.length - 1000),
    );
    await local.backend.idle();
    const view = await caseView(caseId);
    expect(documentOf(view, first)?.status).toBe('accepted');
    for (const duplicate of [again, sameInstance]) {
      const doc = documentOf(view, duplicate);
      expect(doc?.status).toBe('rejected');
      expect(doc?.reason).toMatch(/^Duplicate of “slice-1\.dcm”/);
    }
    expect(documentOf(view, truncated)).toMatchObject({ status: 'rejected' });
    expect(documentOf(view, truncated)?.reason).toContain('truncated');
    expect(view.imaging.studies[0]?.series[0]?.instances).toBe(1);
  });
});

describe('every real-world DICOM file', () => {
  it('a real JPEG 2000 file cut past the first megabyte is refused as truncated, checked as it is hashed', async () => {
    const { caseId, patientToken } = await local.openCase(patient);
    const cut = readFileSync(
      join(projectRoot, 'test/fixtures/dicom-corpus/derived/VL5_J2KI-cut-past-1MB.dcm'),
    );
    const whole = readFileSync(join(projectRoot, 'test/fixtures/dicom-corpus/fo-dicom/VL5_J2KI.dcm'));
    const cutId = await local.upload(patientToken, 'imaging', 'vl5-cut.dcm', 'application/dicom', cut);
    const wholeId = await local.upload(patientToken, 'imaging', 'vl5.dcm', 'application/dicom', whole);
    await local.backend.idle();
    const view = await caseView(caseId);
    expect(documentOf(view, cutId)).toMatchObject({ status: 'rejected' });
    expect(documentOf(view, cutId)?.reason).toMatch(/truncated/);
    expect(documentOf(view, wholeId)?.status).toBe('accepted');
  });

  it('a deflated file is inflated and read', async () => {
    const { caseId, patientToken } = await local.openCase(patient);
    const deflated = await local.upload(
      patientToken,
      'imaging',
      'deflated.dcm',
      'application/dicom',
      makeDicom({ patientName: 'Okafor^Amara', layout: 'deflated', sopInstanceUid: '1.2.3.4.400' }),
    );
    await local.backend.idle();
    const view = await caseView(caseId);
    expect(documentOf(view, deflated)?.status).toBe('accepted');
    expect(view.imaging.studies.flatMap((study) => study.series)).toHaveLength(1);
  });

  it('data sets without the preamble are accepted and delivered wrapped as Part 10, the original beside', async () => {
    const hospital = local.backend.endpoints.hospitals[0]!;
    const { caseId, patientToken } = await local.openCase(patient);
    await readyButImaging(patientToken, hospital.hospitalId);
    const bare = makeDicom({
      patientName: 'Okafor^Amara',
      layout: 'data-set-only',
      sopInstanceUid: '1.2.3.4.500',
    });
    const noPreamble = makeDicom({
      patientName: 'Okafor^Amara',
      layout: 'no-preamble',
      sopInstanceUid: '1.2.3.4.501',
    });
    const ids = [
      await local.upload(patientToken, 'imaging', 'IM0001', 'application/dicom', bare),
      await local.upload(patientToken, 'imaging', 'IM0002', 'application/dicom', noPreamble),
    ];
    await local.backend.idle();
    const view = await caseView(caseId);
    for (const id of ids) expect(documentOf(view, id)?.status).toBe('accepted');
    const submitted = await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    expect(submitted.status).toBe(202);
    const pkg = await waitForPackage(caseId, hospital.token);
    const manifest = (await (await fetch(fileUrl(pkg, 'manifest'))).json()) as {
      files: { fileId: string; sha256: string; wrapped?: { original: { sha256: string } } }[];
    };
    for (const [index, id] of ids.entries()) {
      const bytes = Buffer.from(await (await fetch(fileUrl(pkg, id))).arrayBuffer());
      expect(bytes.subarray(0, 128).every((byte) => byte === 0)).toBe(true);
      expect(bytes.toString('latin1', 128, 132)).toBe('DICM');
      // The data set itself, unchanged, after a new preamble and meta group.
      const dataSet = makeDicom({
        patientName: 'Okafor^Amara',
        layout: 'data-set-only',
        sopInstanceUid: index === 0 ? '1.2.3.4.500' : '1.2.3.4.501',
      });
      expect(bytes.subarray(bytes.length - dataSet.length).equals(dataSet)).toBe(true);
      const original = index === 0 ? bare : noPreamble;
      const entry = manifest.files.find((file) => file.fileId === id);
      expect(entry?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(entry?.wrapped?.original.sha256).toBe(createHash('sha256').update(original).digest('hex'));
    }
  });

  it('a zipped disc is read image by image: its index, and the identity of every image', async () => {
    const { caseId, patientToken } = await local.openCase(patient);
    const slice = (n: number, patientName: string) =>
      makeDicom({
        patientName,
        sopInstanceUid: `1.2.3.4.60${n}`,
        seriesInstanceUid: '1.2.3.4.6.1',
        studyInstanceUid: '1.2.3.4.6',
      });
    const disc = makeZip([
      { name: 'README.TXT', data: Buffer.from('Disc export') },
      { name: 'DICOM/IM0001', data: slice(1, 'Okafor^Amara'), deflate: true },
      { name: 'DICOM/IM0002', data: slice(2, 'Okafor^Amara') },
      { name: 'DICOM/IM0003', data: slice(3, 'Adeyemi^Tunde'), deflate: true },
    ]);
    const zip = await local.upload(patientToken, 'imaging', 'disc.zip', 'application/zip', disc);
    await local.backend.idle();
    const view = await caseView(caseId);
    expect(documentOf(view, zip)?.status).toBe('accepted');
    const study = view.imaging.studies.find((entry) => entry.studyInstanceUid === '1.2.3.4.6');
    expect(study?.series[0]?.instances).toBe(3);
    const gap = view.gaps.find((candidate) => candidate.gapId === `identity:${zip}`);
    expect(gap).toMatchObject({ severity: 'blocking' });
    expect(gap?.message).toContain('The imaging disc is labelled with another name.');
  });
});

interface RelayPackage {
  files: { fileId: string; category: string; url?: string }[];
}

async function waitForPackage(caseId: string, token: string): Promise<RelayPackage> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const response = await local.api.call('GET', `/relay/cases/${caseId}/package`, token);
    if (response.status === 200) return response.body as RelayPackage;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the package never reached the relay');
}

function fileUrl(pkg: RelayPackage, idOrCategory: string): string {
  const file = pkg.files.find((entry) => entry.fileId === idOrCategory || entry.category === idOrCategory);
  if (!file?.url) throw new Error(`no ${idOrCategory} in the package`);
  return file.url;
}
