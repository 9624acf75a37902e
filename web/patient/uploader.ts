import AwsS3, { type AwsS3Part } from '@uppy/aws-s3';
import Uppy, { type Meta, type UppyFile } from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import type { ChecklistItemDefinition } from '../../functions/core/checklist';
import { acceptedContentTypes } from '../../functions/core/checklist';
import type {
  PatientUpload,
  PatientUploadPartsList,
  PatientUploadPartsSigned,
} from '../../functions/core/responses/patient';
import { MAX_FILE_BYTES, planUpload } from '../../functions/core/upload-plan';
import type { ItemId } from '../../functions/core/vocabulary';
import { ApiError, type PatientApi } from './api';
import { contentTypeOf } from './file-types';
import type { Translator } from './i18n';
import type { UppyLocale } from './uppy-locales';

interface UploadMeta extends Meta {
  itemId: ItemId;
  contentType: string;
  /** Our document id, once the API has issued the upload. */
  documentId?: string;
}
type UploadBody = Record<string, never>;
type File = UppyFile<UploadMeta, UploadBody>;

/** Part URLs as issued, reused until a minute before they expire. */
interface PartUrls {
  readonly urls: Map<number, string>;
  readonly expiresAt: number;
}

/** Browsers set Content-Length themselves and refuse scripts that try. */
const sendableHeaders = (headers: Record<string, string> = {}) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-length'));

export interface UploaderOptions {
  readonly api: PatientApi;
  readonly t: Translator;
  /** Uppy's words in the page's language (uppy-locales.ts). */
  readonly locale: UppyLocale;
  readonly target: HTMLElement;
  /** The item new files are for: the page's "These files are" choice. */
  readonly currentItem: () => ChecklistItemDefinition;
  readonly onChange: () => void;
  readonly onMessage: (message: string) => void;
}

/**
 * Uppy's Dashboard (drag and drop of files and folders, per-file progress, pause, resume, retry)
 * with its S3 plugin driven by this API: the API issues each document and its presigned URLs,
 * Uppy sends the bytes straight to the intake bucket (multipart above 100 MB, in the parts the API
 * planned), and the API completes the upload. The server stays in charge of keys, sizes and types.
 */
export function createUploader(options: UploaderOptions) {
  const { api, t } = options;
  const partUrls = new Map<string, PartUrls>();

  const uppy = new Uppy<UploadMeta, UploadBody>({
    autoProceed: true,
    restrictions: { maxFileSize: MAX_FILE_BYTES },
    locale: options.locale,
    onBeforeFileAdded: (file) => {
      const item = options.currentItem();
      const contentType = contentTypeOf(file.name ?? '', file.type ?? '', item.itemId);
      const accepted = acceptedContentTypes(item);
      if (!accepted.includes(contentType)) {
        options.onMessage(
          t.t('uploadWrongType', {
            name: file.name ?? '',
            item: t.item(item.itemId).title,
            accepted: accepted.join(', '),
          }),
        );
        return false;
      }
      file.meta = { ...file.meta, itemId: item.itemId, contentType };
      return file;
    },
  });

  uppy.use(Dashboard, {
    target: options.target,
    inline: true,
    width: '100%',
    height: 420,
    fileManagerSelectionType: 'both',
    hideProgressDetails: false,
    proudlyDisplayPoweredByUppy: false,
    hideRetryButton: false,
    hidePauseResumeButton: false,
    theme: 'light',
  });

  /** Issues the document (POST /patient/uploads) for an attempt at a file. */
  const start = async (file: File): Promise<PatientUpload> => {
    // A retried upload whose first attempt never delivered its bytes: that document is cancelled,
    // so the checklist does not wait for it and it does not count against the item's limit.
    const previous = uppy.getFile(file.id)?.meta.documentId;
    if (previous) {
      await api.call('DELETE', `/patient/uploads/${encodeURIComponent(previous)}`).catch(() => undefined);
    }
    const started = await api
      .call<PatientUpload>('POST', '/patient/uploads', {
        itemId: file.meta.itemId,
        fileName: file.name,
        contentType: file.meta.contentType,
        size: file.size,
      })
      .catch((error: unknown) => {
        // Uppy shows the error's message on the file: say the server's answer in the page's language.
        throw error instanceof ApiError ? new Error(t.error(error)) : error;
      });
    uppy.setFileMeta(file.id, { documentId: started.documentId } as Partial<UploadMeta> as UploadMeta);
    if (started.method === 'MULTIPART') {
      partUrls.set(started.documentId, {
        urls: new Map(started.parts.map((part) => [part.partNumber, part.url])),
        expiresAt: Date.parse(started.expiresAt),
      });
    }
    options.onChange();
    return started;
  };

  uppy.use(AwsS3<UploadMeta, UploadBody>, {
    // The API's plan decides, so the browser's parts are exactly the parts it signed.
    shouldUseMultipart: (file) => planUpload(file.size ?? 0).method === 'MULTIPART',
    getChunkSize: (file) => {
      const plan = planUpload(file.size);
      return plan.method === 'MULTIPART' ? plan.partSize : file.size;
    },
    limit: 4,
    retryDelays: [0, 1000, 3000, 5000],
    getUploadParameters: async (file) => {
      const started = await start(file);
      if (started.method !== 'PUT') throw new Error('The API planned a multipart upload for a single PUT.');
      return { method: 'PUT', url: started.url, headers: sendableHeaders(started.headers) };
    },
    createMultipartUpload: async (file) => {
      const started = await start(file);
      // Uppy's upload id and key are our document id: every later call goes through the API by it.
      return { uploadId: started.documentId, key: started.documentId };
    },
    signPart: async (_file, { uploadId, partNumber }) => {
      const cached = partUrls.get(uploadId);
      const url = cached && cached.expiresAt - Date.now() > 60_000 ? cached.urls.get(partNumber) : undefined;
      if (url) return { method: 'PUT', url };
      const signed = await api.call<PatientUploadPartsSigned>(
        'POST',
        `/patient/uploads/${encodeURIComponent(uploadId)}/parts`,
        { partNumbers: [partNumber] },
      );
      return { method: 'PUT', url: signed.parts[0]?.url ?? '' };
    },
    listParts: async (_file, { uploadId = '' }) => {
      const listed = await api.call<PatientUploadPartsList>(
        'GET',
        `/patient/uploads/${encodeURIComponent(uploadId)}/parts`,
      );
      return listed.parts.map(
        (part): AwsS3Part => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.size }),
      );
    },
    completeMultipartUpload: async (_file, { uploadId = '', parts }) => {
      await api.call('POST', `/patient/uploads/${encodeURIComponent(uploadId)}/complete`, {
        parts: parts.map((part) => ({ partNumber: part.PartNumber, etag: part.ETag })),
      });
      return {};
    },
    abortMultipartUpload: async (file, { uploadId = '', key = '' }) => {
      if (uppy.getFile(file.id)) {
        // Uppy gives up on an upload whose part failed every retry (a dropped connection), but
        // storage keeps the parts already sent. Keep the upload open and tell Uppy where it stands,
        // so Retry lists the stored parts and sends only the rest.
        uppy.setFileState(file.id, { s3Multipart: { uploadId, key } } as Partial<File>);
      }
      // A file the patient removed is cancelled through the API below, whatever its kind.
    },
  });

  uppy.on('file-removed', (file) => {
    const documentId = file.meta.documentId;
    partUrls.delete(documentId ?? '');
    if (documentId && !file.progress.uploadComplete) {
      api.call('DELETE', `/patient/uploads/${encodeURIComponent(documentId)}`).catch(() => undefined);
    }
    options.onChange();
  });
  uppy.on('upload-success', () => {
    // A retried upload that got through: the failure notice from its first attempt is stale.
    uppy.hideInfo();
    options.onChange();
  });
  uppy.on('upload-error', () => options.onChange());

  // Uppy's view of a single file gives its item role="listitem" inside a container with no list
  // role (its view of many files has one): give it the role, so screen readers hear a list.
  const listRole = new MutationObserver(() => {
    for (const files of options.target.querySelectorAll('.uppy-Dashboard-files:not([role])')) {
      files.setAttribute('role', 'list');
    }
  });
  listRole.observe(options.target, { childList: true, subtree: true });

  return {
    uppy,
    /** Items with a file still on its way from this browser. */
    uploadingItems(): Set<ItemId> {
      return new Set(
        uppy
          .getFiles()
          .filter((file) => file.progress.uploadStarted && !file.progress.uploadComplete)
          .map((file) => file.meta.itemId),
      );
    },
    destroy: () => {
      listRole.disconnect();
      uppy.destroy();
    },
  };
}
