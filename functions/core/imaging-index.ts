import type { DicomSummary } from './dicom';

/**
 * The imaging index a case view and a package show, built from stored DICOM summaries. Apart
 * from the DICOM reader (./dicom) so a read of a case does not load it.
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

type IndexStudy = ImagingIndex['studies'][number];

/** Adds already-grouped studies (a zipped disc's) to an index: series of the same UID add up. */
export function mergeImagingStudies(index: ImagingIndex, more: readonly IndexStudy[]): ImagingIndex {
  const studies = new Map(index.studies.map((study) => [study.studyInstanceUid, study]));
  for (const study of more) {
    const known = studies.get(study.studyInstanceUid);
    if (!known) {
      studies.set(study.studyInstanceUid, study);
      continue;
    }
    const series = new Map(known.series.map((entry) => [entry.seriesInstanceUid, entry]));
    for (const entry of study.series) {
      const same = series.get(entry.seriesInstanceUid);
      series.set(
        entry.seriesInstanceUid,
        same ? { ...same, instances: same.instances + entry.instances } : entry,
      );
    }
    studies.set(study.studyInstanceUid, {
      ...known,
      ...optional('studyDate', known.studyDate ?? study.studyDate),
      modalities: [...new Set([...known.modalities, ...study.modalities])],
      series: [...series.values()],
    });
  }
  return {
    studies: [...studies.values()].sort((a, b) => (a.studyDate ?? '').localeCompare(b.studyDate ?? '')),
  };
}

/** The imaging index of a case's accepted documents: loose DICOM files and zipped discs. */
export function documentsImagingIndex(
  documents: readonly {
    readonly status: string;
    readonly dicom?: DicomSummary;
    readonly disc?: { readonly studies: readonly IndexStudy[] };
  }[],
): ImagingIndex {
  const accepted = documents.filter((doc) => doc.status === 'accepted');
  return mergeImagingStudies(
    buildImagingIndex(accepted.flatMap((doc) => (doc.dicom ? [doc.dicom] : []))),
    accepted.flatMap((doc) => doc.disc?.studies ?? []),
  );
}
