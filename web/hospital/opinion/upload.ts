import type { RelayReportUpload } from '../../../functions/core/responses/relay';
import { MAX_SINGLE_UPLOAD_BYTES, reportUploadSchema } from '../../../functions/core/schemas';
import type { ConsoleApi } from '../../console/view';
import { ApiError } from '../../console/view';

/**
 * The hospital's PDF (the report or an addendum): the link from report-uploads, then one PUT
 * straight to storage with XMLHttpRequest (fetch reports no upload progress). The slot lives in
 * the view's draft, so an upload keeps going, and is still shown, when the view is drawn again
 * in the other language.
 */
export type UploadState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'uploading'; readonly fileName: string; readonly size: number; readonly percent: number }
  | { readonly kind: 'done'; readonly fileName: string; readonly size: number; readonly uploadId: string }
  | {
      readonly kind: 'failed';
      readonly reason: 'not-pdf' | 'too-large' | 'storage' | 'network' | 'api';
      readonly message?: string;
    };

/** Headers a browser sets itself and refuses from a script. */
const browserOwned = new Set(['content-length', 'host']);

export class UploadSlot {
  private current: UploadState = { kind: 'idle' };
  private readonly listeners = new Set<(state: UploadState) => void>();
  private request: XMLHttpRequest | undefined;

  constructor(
    private readonly api: ConsoleApi,
    private readonly caseId: string,
  ) {}

  get state(): UploadState {
    return this.current;
  }

  /** Calls `listener` now and on every change; returns the unsubscribe. */
  watch(listener: (state: UploadState) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  private set(state: UploadState) {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }

  /** Starts uploading a chosen file (any earlier one is dropped). */
  async start(file: File): Promise<void> {
    this.request?.abort();
    // Some systems give a PDF no type; its name then says what it is, and storage checks the bytes.
    const contentType = file.type || (/\.pdf$/i.test(file.name) ? 'application/pdf' : '');
    const request = { fileName: file.name, contentType, size: file.size };
    if (file.size > MAX_SINGLE_UPLOAD_BYTES) return this.set({ kind: 'failed', reason: 'too-large' });
    const checked = reportUploadSchema.safeParse(request);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return this.set(
        issue?.path[0] === 'contentType'
          ? { kind: 'failed', reason: 'not-pdf' }
          : { kind: 'failed', reason: 'api', ...(issue ? { message: issue.message } : {}) },
      );
    }
    this.set({ kind: 'uploading', fileName: file.name, size: file.size, percent: 0 });
    let ticket: RelayReportUpload;
    try {
      ticket = await this.api.send<RelayReportUpload>(
        'POST',
        `/relay/cases/${encodeURIComponent(this.caseId)}/report-uploads`,
        checked.data,
      );
    } catch (error) {
      return this.set({
        kind: 'failed',
        reason: 'api',
        message: error instanceof ApiError ? error.message : String(error),
      });
    }
    try {
      await this.put(ticket, file);
      this.set({ kind: 'done', fileName: file.name, size: file.size, uploadId: ticket.uploadId });
    } catch (error) {
      if (error === 'aborted') return;
      this.set({ kind: 'failed', reason: error === 'storage' ? 'storage' : 'network' });
    }
  }

  private put(ticket: RelayReportUpload, file: File): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      this.request = request;
      request.open('PUT', ticket.url);
      for (const [name, value] of Object.entries(ticket.headers)) {
        if (!browserOwned.has(name.toLowerCase())) request.setRequestHeader(name, value);
      }
      request.upload.addEventListener('progress', (event) => {
        const total = event.lengthComputable ? event.total : file.size;
        const percent = total > 0 ? Math.min(100, Math.floor((event.loaded / total) * 100)) : 0;
        this.set({ kind: 'uploading', fileName: file.name, size: file.size, percent });
      });
      request.addEventListener('load', () =>
        request.status >= 200 && request.status < 300 ? resolve() : reject('storage'),
      );
      request.addEventListener('error', () => reject('network'));
      request.addEventListener('abort', () => reject('aborted'));
      request.send(file);
    });
  }

  /** After the report or addendum went out: the slot is spent. */
  reset(): void {
    this.request?.abort();
    this.set({ kind: 'idle' });
  }
}
