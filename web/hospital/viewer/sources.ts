import { openDisc } from '../archive/disc-reader';

import type { ViewerFile } from './viewer-file';

type SourceFile = Readonly<ViewerFile>;

/** One DICOM instance to load: a file of the package, or an entry of a zipped disc. */
export interface InstanceSource {
  /** Unique and stable: the image id is derived from it. */
  readonly key: string;
  readonly label: string;
  readonly dicom?: { studyInstanceUid: string; seriesInstanceUid: string };
  /** The whole Part 10 file. */
  load(signal: AbortSignal): Promise<Uint8Array>;
}

export const isZip = (file: SourceFile) => /\.zip$/i.test(file.fileName);

async function fetchBytes(url: string, signal: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`storage answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The DICOM entries of a zipped disc (web/hospital/archive/disc-reader.ts: its central directory
 * by Range requests, entries whose names say nothing sniffed for DICM); each is fetched only
 * when the viewer loads it.
 */
async function discEntries(file: SourceFile): Promise<InstanceSource[]> {
  const entries = await openDisc(file.url, file.size);
  return entries.map((entry) => ({
    key: `${file.fileId}/${entry.path}`,
    label: `${file.fileName} › ${entry.path}`,
    load: async () => new Uint8Array(await entry.read()),
  }));
}

/** Every instance the files hold: plain DICOM files as they are, zipped discs by their index. */
export async function instanceSources(
  files: readonly SourceFile[],
  signal: AbortSignal,
  onDisc: (file: SourceFile) => void,
): Promise<{ sources: InstanceSource[]; failed: number }> {
  const sources: InstanceSource[] = [];
  let failed = 0;
  for (const file of files) {
    if (isZip(file)) {
      onDisc(file);
      try {
        sources.push(...(await discEntries(file)));
      } catch (error) {
        if (signal.aborted) throw error;
        failed += 1;
      }
      continue;
    }
    sources.push({
      key: file.fileId,
      label: file.fileName,
      ...(file.dicom ? { dicom: file.dicom } : {}),
      load: (loadSignal) => fetchBytes(file.url, loadSignal),
    });
  }
  return { sources, failed };
}
