import type { DiscIdentity, DiscSummary } from './case/record';
import type { DiscImaging } from './disc-images';
import { buildImagingIndex } from './imaging-index';

/** A real disc names one patient, rarely a few; more than this is summed up in the last. */
const MAX_IDENTITIES = 20;

/**
 * What a document keeps of a zipped disc's images: its index, the distinct patients and study
 * dates they name, and counts. A thousand DicomSummary entries would not fit a table item.
 */
export function discSummary(imaging: DiscImaging): DiscSummary {
  const identities = new Map<string, DiscIdentity>();
  for (const instance of imaging.instances) {
    const identity = {
      ...(instance.patientName ? { patientName: instance.patientName } : {}),
      ...(instance.patientBirthDate ? { patientBirthDate: instance.patientBirthDate } : {}),
      ...(instance.patientSex ? { patientSex: instance.patientSex } : {}),
    };
    const key = JSON.stringify([identity.patientName, identity.patientBirthDate, identity.patientSex]);
    const known = identities.get(key);
    if (known) identities.set(key, { ...known, images: known.images + 1 });
    else if (identities.size < MAX_IDENTITIES) identities.set(key, { ...identity, images: 1 });
  }
  const studyDates = [
    ...new Set(imaging.instances.flatMap((instance) => (instance.studyDate ? [instance.studyDate] : []))),
  ].sort();
  return {
    images: imaging.images,
    dicomdir: imaging.dicomdir,
    studies: buildImagingIndex(imaging.instances).studies,
    identities: [...identities.values()],
    studyDates,
    duplicates: imaging.duplicates,
    unreadable: imaging.unreadable.length,
    bytesRead: imaging.bytesRead,
  };
}

/** A disc with truncated images is refused whole, as a truncated file is: copy the disc again. */
export function truncatedDiscReason(truncated: number): string {
  return `The disc holds ${truncated} truncated image${truncated === 1 ? '' : 's'}: copy the disc again and upload the new .zip.`;
}
