import type { InstanceHeader } from './dicom-header';

/** One loaded instance of a series. */
export interface SeriesImage {
  readonly imageId: string;
  readonly key: string;
  readonly header: InstanceHeader;
}

/** A series as the viewer lists it; images arrive one by one and are kept in slice order. */
export interface Series {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  /** How many instances the package promises for it (known ahead when the manifest says). */
  expected: number;
  readonly images: SeriesImage[];
}

const seriesKey = (study: string, series: string) => `${study}|${series}`;

/**
 * Where a slice lies along the series' normal: the projection of its position on the normal of
 * its orientation. Sorting by it orders slices head to foot however the files are numbered.
 */
function slicePosition(header: InstanceHeader): number | undefined {
  const position = header.imagePosition;
  const orientation = header.imageOrientation;
  if (position?.length !== 3 || orientation?.length !== 6) return undefined;
  const [r1, r2, r3, c1, c2, c3] = orientation as [number, number, number, number, number, number];
  const normal = [r2 * c3 - r3 * c2, r3 * c1 - r1 * c3, r1 * c2 - r2 * c1];
  return position[0]! * normal[0]! + position[1]! * normal[1]! + position[2]! * normal[2]!;
}

/** Slice order: position along the normal, else instance number, else arrival. */
export function compareImages(a: SeriesImage, b: SeriesImage): number {
  const pa = slicePosition(a.header);
  const pb = slicePosition(b.header);
  if (pa !== undefined && pb !== undefined && pa !== pb) return pa - pb;
  const ia = a.header.instanceNumber;
  const ib = b.header.instanceNumber;
  if (ia !== undefined && ib !== undefined && ia !== ib) return ia - ib;
  return 0;
}

/** The package's series, in the order they first appear. */
export class SeriesIndex {
  private readonly byKey = new Map<string, Series>();

  get all(): Series[] {
    return [...this.byKey.values()];
  }

  /** A series the manifest names, before any of its bytes arrive. */
  expect(study: string, series: string): Series {
    const found = this.get(study, series);
    found.expected += 1;
    return found;
  }

  private get(study: string, series: string): Series {
    const key = seriesKey(study, series);
    let found = this.byKey.get(key);
    if (!found) {
      found = { studyInstanceUid: study, seriesInstanceUid: series, expected: 0, images: [] };
      this.byKey.set(key, found);
    }
    return found;
  }

  /** Adds a loaded instance in slice order; returns its series and whether it was expected. */
  add(image: SeriesImage, expected: boolean): Series {
    const series = this.get(image.header.studyInstanceUid, image.header.seriesInstanceUid);
    if (!expected) series.expected += 1;
    const at = series.images.findIndex((other) => compareImages(image, other) < 0);
    if (at < 0) series.images.push(image);
    else series.images.splice(at, 0, image);
    return series;
  }
}

/** What a series is called in the list: its description, number and modality. */
export function seriesLabel(series: Series, fallback: string): string {
  const header = series.images[0]?.header;
  if (!header) return fallback;
  const parts = [
    header.modality,
    header.seriesNumber !== undefined ? `#${header.seriesNumber}` : '',
    header.seriesDescription || fallback,
  ].filter(Boolean);
  return parts.join(' ');
}
