import { describe, expect, it } from 'vitest';
import { readDicomHeader } from '../../../functions/core/dicom';
import { buildImagingIndex } from '../../../functions/core/imaging-index';
import { makeDicom } from '../../../scripts/fixtures';

describe('buildImagingIndex', () => {
  it('groups instances into studies and series', () => {
    const summary = (study: string, series: string, sop: string, modality: string, date: string) =>
      readDicomHeader(
        makeDicom({
          studyInstanceUid: study,
          seriesInstanceUid: series,
          sopInstanceUid: sop,
          modality,
          studyDate: date,
        }),
        Number.MAX_SAFE_INTEGER,
      );
    const index = buildImagingIndex([
      summary('1.2.3', '1.2.3.1', '1.2.3.1.1', 'CT', '20261005'),
      summary('1.2.3', '1.2.3.1', '1.2.3.1.2', 'CT', '20261005'),
      summary('1.2.3', '1.2.3.2', '1.2.3.2.1', 'CT', '20261005'),
      summary('1.2.4', '1.2.4.1', '1.2.4.1.1', 'PT', '20260801'),
    ]);
    expect(index.studies.map((study) => [study.studyInstanceUid, study.studyDate, study.modalities])).toEqual(
      [
        ['1.2.4', '2026-08-01', ['PT']],
        ['1.2.3', '2026-10-05', ['CT']],
      ],
    );
    expect(index.studies[1]!.series.map((series) => series.instances)).toEqual([2, 1]);
  });
});
