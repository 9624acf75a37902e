import { makeZip } from 'client-zip';
import { archiveNames } from './archive-names';
import { sha256Checked, sha256Hex } from './checked-stream';
import { DownloadFailed, ManifestMismatch } from './errors';
import { verifyManifest } from './manifest-check';
import { openSaveTarget, type SaveMode, type SaveSink } from './save-target';

export { archiveNames } from './archive-names';
export { ChecksumMismatch, DownloadFailed, ManifestMismatch } from './errors';
export { LARGE_DOWNLOAD_BYTES, openSaveTarget, type SaveMode, type SaveSink } from './save-target';

/** A file of the package as the relay's GET /relay/cases/{caseId}/package lists it. */
export interface PackageFileRef {
  fileId: string;
  fileName: string;
  category: string;
  size: number;
  sha256: string;
  url: string;
}

export interface DownloadProgress {
  doneBytes: number;
  totalBytes: number;
  /** The file whose bytes just arrived. */
  file?: string;
}

export interface DownloadOptions {
  /** Where the archive goes (default `auto`: the save dialog for 512 MiB or more when allowed, else a link). See save-target.ts. */
  save?: SaveMode;
  /**
   * A target opened already with `openSaveTarget`, straight from the click (the save dialog needs
   * the click's user activation, which Chromium keeps about 5 s): then `save` is not used, and the
   * page may fetch the listing between the click and the download.
   */
  target?: SaveSink;
  /**
   * A fresh presigned URL for a file whose link storage refused (403: the links live 15 minutes,
   * and a large package over a slow link outlasts them), e.g. from the package listing again.
   */
  freshUrl?: (file: PackageFileRef) => Promise<string>;
}

async function openBody(
  file: PackageFileRef,
  signal: AbortSignal | undefined,
  freshUrl: DownloadOptions['freshUrl'],
): Promise<ReadableStream<Uint8Array>> {
  let url = file.url;
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      credentials: 'omit',
      cache: 'no-store',
      ...(signal ? { signal } : {}),
    });
    if (response.status === 403 && freshUrl && attempt <= 2) {
      await response.body?.cancel();
      url = await freshUrl(file);
      continue;
    }
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel();
      throw new DownloadFailed(file.fileName, response.status);
    }
    return response.body;
  }
}

/**
 * A file's bytes as they arrive, checked: the stream errors with ChecksumMismatch at its end
 * unless they hash to `expected`. `failure` keeps the first such error, because a consumer that
 * reads the stream through a Response reports only a generic TypeError.
 */
async function checkedBody(
  file: PackageFileRef,
  onBytes: (count: number) => void,
  signal: AbortSignal | undefined,
  options: DownloadOptions,
  failure: { error?: unknown },
): Promise<ReadableStream<Uint8Array>> {
  const check = await sha256Checked(file, onBytes);
  const body = await openBody(file, signal, options.freshUrl);
  return withFailure(body.pipeThrough(check), failure);
}

/**
 * Streams every file from its presigned URL into one zip (client-zip, entries stored as they
 * are: the images are compressed already), hashing each file's bytes with SHA-256 as they pass
 * (hash-wasm, incremental). The manifest is fetched and checked first (its digest, and each
 * file's name, size and SHA-256 against the relay's listing), so every file checked against the
 * listing matches the manifest too. A mismatch aborts the whole archive with ChecksumMismatch (or
 * ManifestMismatch): no archive is saved. Files are fetched one after another, so memory holds a
 * chunk or two of one file at a time (on the picker path; the anchor path holds the archive, see
 * save-target.ts). Saved as `<caseId>-package.zip`; `bytes` is the archive's size.
 */
export async function downloadPackage(
  caseId: string,
  files: readonly PackageFileRef[],
  onProgress: (p: DownloadProgress) => void,
  signal?: AbortSignal,
  options: DownloadOptions = {},
): Promise<{ bytes: number; files: number }> {
  const totalBytes = files.reduce((total, file) => total + file.size, 0);
  const sink =
    options.target ??
    (await openSaveTarget(`${caseId}-package.zip`, 'application/zip', options.save ?? 'auto', totalBytes));
  let doneBytes = 0;
  const progressOf = (file: PackageFileRef) => (count: number) => {
    doneBytes += count;
    onProgress({ doneBytes, totalBytes, file: file.fileName });
  };
  const failure: { error?: unknown } = {};
  try {
    const manifestFile = files.find((file) => file.category === 'manifest');
    if (!manifestFile) throw new ManifestMismatch('manifest.json', 'the package has no manifest');
    const manifestBytes = await readChecked(manifestFile, progressOf(manifestFile), signal, options, failure);
    await verifyManifest(caseId, manifestFile, manifestBytes, files, (text) =>
      sha256Hex(new TextEncoder().encode(text)),
    );
    const names = archiveNames(files);
    async function* entries() {
      for (const file of files) {
        signal?.throwIfAborted();
        const name = names.get(file.fileId) ?? file.fileId;
        if (file === manifestFile) {
          yield { name, input: manifestBytes, size: file.size };
          continue;
        }
        const input = await checkedBody(file, progressOf(file), signal, options, failure);
        yield { name, input, size: file.size };
      }
    }
    let bytes = 0;
    const archive = makeZip(entries()).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    await sink.save(archive, signal);
    return { bytes, files: files.length };
  } catch (error) {
    await sink.discard();
    throw failure.error ?? error;
  }
}

/** Remembers the first error a file's stream raised (the consumer may report a generic one). */
function withFailure(
  stream: ReadableStream<Uint8Array>,
  failure: { error?: unknown },
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          failure.error ??= error;
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A small file read whole, checked before its bytes are used. */
async function readChecked(
  file: PackageFileRef,
  onBytes: (count: number) => void,
  signal: AbortSignal | undefined,
  options: DownloadOptions,
  failure: { error?: unknown },
): Promise<Uint8Array> {
  const stream = await checkedBody(file, onBytes, signal, options, failure);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * One file, its SHA-256 checked before it is offered to save: on the anchor path the link is
 * made only after the last byte hashed right; on the picker path a mismatch aborts the write.
 */
export async function downloadFile(
  file: PackageFileRef,
  onProgress?: (p: DownloadProgress) => void,
  signal?: AbortSignal,
  options: DownloadOptions = {},
): Promise<void> {
  const name = archiveNames([file]).get(file.fileId) ?? file.fileId;
  const sink =
    options.target ??
    (await openSaveTarget(name, 'application/octet-stream', options.save ?? 'auto', file.size));
  let doneBytes = 0;
  const failure: { error?: unknown } = {};
  try {
    const body = await checkedBody(
      file,
      (count) => {
        doneBytes += count;
        onProgress?.({ doneBytes, totalBytes: file.size, file: file.fileName });
      },
      signal,
      options,
      failure,
    );
    await sink.save(body, signal);
  } catch (error) {
    await sink.discard();
    throw failure.error ?? error;
  }
}
