import type { DicomSummary } from './dicom';

/**
 * The imaging index a case view and a package show, built from stored DICOM summaries. Apart
 * from the DICOM reader (./dicom, which bundles dicom-parser) so a read of a case does not load
 * the parser.
 */
export interface ImagingIndex {
  readonly studies: {
    readonly studyInstanceUid: string;
    readonly studyDate?: string;
    readonly modalities: string[];
    readonly series: {
      readonly seriesInstanceUid: string;
      readonly modality?: string;
      readonly bodyPartExamined?: string;
      readonly seriesDescription?: string;
      readonly instances: number;
    }[];
  }[];
}

/** Groups DICOM instances into studies and series, ordered by study date. */
export function buildImagingIndex(instances: readonly DicomSummary[]): ImagingIndex {
  type SeriesEntry = ImagingIndex['studies'][number]['series'][number];
  const studies = new Map<string, { studyDate?: string; series: Map<string, SeriesEntry> }>();
  for (const instance of instances) {
    const study: { studyDate?: string; series: Map<string, SeriesEntry> } = studies.get(
      instance.studyInstanceUid,
    ) ?? {
      series: new Map(),
    };
    if (!study.studyDate && instance.studyDate) study.studyDate = instance.studyDate;
    const series = study.series.get(instance.seriesInstanceUid);
    study.series.set(instance.seriesInstanceUid, {
      seriesInstanceUid: instance.seriesInstanceUid,
      ...optional('modality', series?.modality ?? instance.modality),
      ...optional('bodyPartExamined', series?.bodyPartExamined ?? instance.bodyPartExamined),
      ...optional('seriesDescription', series?.seriesDescription ?? instance.seriesDescription),
      instances: (series?.instances ?? 0) + 1,
    });
    studies.set(instance.studyInstanceUid, study);
  }
  return {
    studies: [...studies.entries()]
      .map(([studyInstanceUid, study]) => {
        const series = [...study.series.values()];
        return {
          studyInstanceUid,
          ...optional('studyDate', study.studyDate),
          modalities: [
            ...new Set(series.map((entry) => entry.modality).filter((m): m is string => Boolean(m))),
          ],
          series,
        };
      })
      .sort((a, b) => (a.studyDate ?? '').localeCompare(b.studyDate ?? '')),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
