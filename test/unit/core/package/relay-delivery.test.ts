import { describe, expect, it } from 'vitest';
import type { DicomSummary } from '../../../../functions/core/dicom';
import {
  awaitsDelivery,
  planRelay,
  priorDelivery,
  relaySources,
} from '../../../../functions/core/package/relay-delivery';
import { caseWith } from '../case/fixtures';
import { aggregateWith, documentWith, machineDraft } from './fixtures';

describe('the delivery to the relay', () => {
  it('puts the package’s own files first, then the accepted records, each with its download type', () => {
    const sources = relaySources(
      aggregateWith(
        {
          packageFiles: [
            {
              fileId: 'summary',
              fileName: 'case-summary.pdf',
              category: 'summary',
              key: 'p/s',
              size: 5,
              sha256: 's',
            },
            machineDraft('doc_aaaaaaaaaaaa'),
          ],
        },
        [
          documentWith('doc_aaaaaaaaaaaa'),
          documentWith('doc_imaging00000', { kind: 'dicom', itemId: 'imaging', size: undefined }),
          documentWith('doc_rejected0000', { status: 'rejected' }),
          documentWith('doc_unhashed0000', { sha256: undefined }),
        ],
      ),
    );
    expect(sources.map((file) => [file.fileId, file.contentType, file.recordsKey])).toEqual([
      ['summary', 'application/pdf', 'p/s'],
      ['tr_aaaaaaaaaaaa', 'text/plain; charset=utf-8', 'packages/doc_aaaaaaaaaaaa.txt'],
      ['doc_aaaaaaaaaaaa', 'application/pdf', 'records/doc_aaaaaaaaaaaa'],
      ['doc_imaging00000', 'application/dicom', 'records/doc_imaging00000'],
    ]);
    // The records key and the source document are not the relay's business.
    expect(sources[1]).not.toHaveProperty('key');
    expect(sources[1]).not.toHaveProperty('sourceDocumentId');
    expect(sources[1]).toMatchObject({ translation: 'machine-draft', category: 'translation' });
    expect(sources[3]).toMatchObject({ category: 'imaging', size: 0 });
  });

  it('names each DICOM record’s series once for the whole package, and its instance number', () => {
    const header = (series: string, instanceNumber?: number): DicomSummary => ({
      sopInstanceUid: `1.2.3.${series}.${instanceNumber ?? 0}`,
      studyInstanceUid: '1.2.3',
      seriesInstanceUid: `1.2.3.${series}`,
      modality: 'CT',
      ...(series === '1' ? { seriesDescription: 'Chest 1 mm' } : {}),
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      patientName: 'Never^Copied',
      ...(instanceNumber === undefined ? {} : { instanceNumber }),
    });
    const dicom = (id: string, summary: DicomSummary) =>
      documentWith(id, { kind: 'dicom', itemId: 'imaging', dicom: summary });
    const plan = planRelay(
      aggregateWith({}, [
        dicom('doc_slice0000001', header('1', 1)),
        documentWith('doc_pathology001'),
        dicom('doc_slice0000002', header('1', 2)),
        dicom('doc_other0000001', header('2')),
      ]),
    );
    expect(plan.series).toEqual([
      {
        studyInstanceUid: '1.2.3',
        seriesInstanceUid: '1.2.3.1',
        modality: 'CT',
        seriesDescription: 'Chest 1 mm',
      },
      { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.2', modality: 'CT' },
    ]);
    expect(plan.files.map((file) => [file.fileId, file.dicom])).toEqual([
      ['doc_slice0000001', { series: 0, instanceNumber: 1 }],
      ['doc_pathology001', undefined],
      ['doc_slice0000002', { series: 0, instanceNumber: 2 }],
      ['doc_other0000001', { series: 1 }],
    ]);
    // Only ids of the imaging travel with the files, never the header's patient name.
    expect(JSON.stringify(plan)).not.toContain('Never');
  });

  it('delivers a routing case; one past routing was delivered: the hospital is told only if it is its case', () => {
    expect(priorDelivery(caseWith({ status: 'routing' }), 'hosp-a')).toBeUndefined();
    const delivered = caseWith({
      status: 'awaiting-receipt',
      hospitalId: 'hosp-a',
      deliveredAt: '2027-03-03T01:00:00.000Z',
      relayFiles: [{ fileId: 'f', fileName: 'f', category: 'summary', size: 1, sha256: 's', key: 'k' }],
    });
    expect(priorDelivery(delivered, 'hosp-a')).toEqual({ fileCount: 1, tellHospital: true });
    expect(priorDelivery(delivered, 'hosp-b')).toEqual({ fileCount: 1, tellHospital: false });
    // Sent back for more records: no longer delivered, nothing to tell.
    expect(priorDelivery(caseWith({ status: 'collecting', hospitalId: 'hosp-a' }), 'hosp-a')).toEqual({
      fileCount: 0,
      tellHospital: false,
    });
  });

  it('records the delivery only for the same submission, still routing', () => {
    expect(awaitsDelivery(caseWith({ status: 'routing', submission: 2 }), 2)).toBe(true);
    expect(awaitsDelivery(caseWith({ status: 'routing', submission: 3 }), 2)).toBe(false);
    expect(awaitsDelivery(caseWith({ status: 'awaiting-receipt', submission: 2 }), 2)).toBe(false);
  });
});
