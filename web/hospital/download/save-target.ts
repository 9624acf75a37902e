/**
 * Where a download goes. `picker`: the File System Access API's save dialog, written to disk as it
 * streams (no size limit, memory bounded by the stream's queue); `anchor`: a Blob built from the
 * stream, then an `<a download>` click (works everywhere; the browser holds the whole file until it
 * is saved). `auto` takes the picker for a download of LARGE_DOWNLOAD_BYTES or more when the
 * browser has it and lets this page use it, else the anchor.
 */
export type SaveMode = 'auto' | 'picker' | 'anchor';

/**
 * From this size on, `auto` asks for the save dialog: below it a Blob is cheap (Chromium keeps
 * blobs up to about 2 GB in memory, then spills them to disk; Firefox and Safari, which have no
 * picker, keep them in memory), and one click with no dialog is simpler for the person.
 */
export const LARGE_DOWNLOAD_BYTES = 512 * 1024 * 1024;

export interface SaveSink {
  readonly kind: 'picker' | 'anchor';
  /**
   * Writes the stream to the target. If the stream errors, nothing is saved: the anchor is never
   * clicked, the picker's file is aborted (its temporary copy dropped; a file this call created
   * empty is removed). Rejects with the stream's error.
   */
  save(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<void>;
  /** Gives the target up before anything was written (an error before streaming began). */
  discard(): Promise<void>;
}

interface SaveFilePickerOptions {
  readonly suggestedName: string;
  readonly types?: readonly { description: string; accept: Record<string, readonly string[]> }[];
}

/** Chromium's handle methods that the DOM typings of this TypeScript lack. */
interface PickedFile {
  getFile(): Promise<File>;
  createWritable(): Promise<WritableStream<Uint8Array>>;
  remove?(): Promise<void>;
}

type PickerWindow = Window & {
  showSaveFilePicker?: (options: SaveFilePickerOptions) => Promise<PickedFile>;
};

/** The picker needs a secure context and a top-level page (cross-origin frames are refused). */
export function pickerAvailable(win: Window = window): boolean {
  return (
    typeof (win as PickerWindow).showSaveFilePicker === 'function' && win.isSecureContext && win.top === win
  );
}

const refusedByBrowser = (error: unknown) =>
  error instanceof DOMException && (error.name === 'SecurityError' || error.name === 'NotAllowedError');

/**
 * Opens the target for a download of `size` bytes. Call it first, straight from the click: the
 * picker needs the click's user activation, which a few seconds of fetching would use up. With
 * `auto`, a picker the browser refuses (no activation, a frame, a policy) falls back to the anchor;
 * a dialog the person cancels rejects with its AbortError, and nothing is downloaded. (Headless
 * Chromium has the picker but answers every call at once with AbortError: tests use the anchor.)
 */
export async function openSaveTarget(
  fileName: string,
  contentType: string,
  mode: SaveMode,
  size: number,
): Promise<SaveSink> {
  const wantsPicker =
    mode === 'picker' || (mode === 'auto' && size >= LARGE_DOWNLOAD_BYTES && pickerAvailable());
  if (!wantsPicker) return anchorSink(fileName, contentType);
  const showSaveFilePicker = (window as PickerWindow).showSaveFilePicker;
  if (!showSaveFilePicker) throw new DOMException('This browser has no save dialog', 'NotSupportedError');
  try {
    const handle = await showSaveFilePicker.call(window, { suggestedName: fileName });
    return pickerSink(handle);
  } catch (error) {
    if (mode === 'auto' && refusedByBrowser(error)) return anchorSink(fileName, contentType);
    throw error;
  }
}

function pickerSink(handle: PickedFile): SaveSink {
  // Chromium creates the chosen file when the dialog closes: remove it on failure only if it is
  // still empty (a file picked to be overwritten keeps its old content, the write was never committed).
  const removeIfEmpty = async () => {
    try {
      if ((await handle.getFile()).size === 0) await handle.remove?.();
    } catch {
      // Removing is a courtesy: the download already failed with its own error.
    }
  };
  return {
    kind: 'picker',
    async save(stream, signal) {
      const writable = await handle.createWritable();
      try {
        // pipeTo aborts the writable when the stream errors: the write is never committed.
        await stream.pipeTo(writable, signal ? { signal } : {});
      } catch (error) {
        await removeIfEmpty();
        throw error;
      }
    },
    discard: removeIfEmpty,
  };
}

function anchorSink(fileName: string, contentType: string): SaveSink {
  return {
    kind: 'anchor',
    async save(stream, signal) {
      const source = signal ? stream.pipeThrough(new TransformStream(), { signal }) : stream;
      // Rejects if the stream errors, before any link exists: nothing is offered.
      const built = await new Response(source).blob();
      const blob = new Blob([built], { type: contentType });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.rel = 'noopener';
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      // The download holds the blob once started; the URL goes soon after, and the memory with it.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    async discard() {},
  };
}
