import { h } from '../patient/dom';
import { type PortalFile, packageFiles } from './cases';
import { formatBytes, messages } from './i18n';
import { errorText } from './notices';
import type { PortalContext } from './view';

type Download = typeof import('./download/package-download');

/**
 * Downloads from the case page: each asks the relay for fresh links first (the read is audited
 * with its purpose and the staff member), then streams from storage, checking every SHA-256 as
 * the bytes pass. The download code is a chunk of its own, loaded on the first download.
 */
export function fileActions(ctx: PortalContext, caseId: string) {
  // Fetched ahead (12 KB gzipped), so a click's save dialog is not kept waiting for it.
  void import('./download/package-download').catch(() => undefined);
  const t = messages(ctx.lang);
  const status = h('p', { class: 'download-status', role: 'status', 'aria-live': 'polite' });
  const progress = h('progress', { max: '1', value: '0', hidden: true });
  const region = h('div', { class: 'download' }, progress, status);
  const show = (text: string, kind: 'info' | 'error' = 'info') => {
    status.textContent = text;
    status.dataset.kind = kind;
  };
  let busy = false;
  // A link that expired mid-download (they live minutes; a large package over a slow line
  // outlasts them) is asked for again, for that file only.
  const freshUrl = async (file: { fileId: string }) => {
    show(t.linksExpired);
    const [fresh] = await packageFiles(ctx.api, caseId, 'download', [file.fileId]);
    if (!fresh) throw new Error('file no longer in the package');
    return fresh.url;
  };

  function problem(download: Download, error: unknown): string {
    if (error instanceof download.ChecksumMismatch || error instanceof download.ManifestMismatch)
      return t.checksumFailed(error.fileName);
    if (error instanceof download.DownloadFailed) return t.downloadFailed;
    if (error instanceof Error && error.name === 'AbortError') return t.downloadFailed;
    return errorText(ctx.lang, error);
  }

  async function run(task: (download: Download) => Promise<void>) {
    if (busy) return;
    busy = true;
    const download = await import('./download/package-download');
    try {
      await task(download);
    } catch (error) {
      show(problem(download, error), 'error');
    } finally {
      busy = false;
      progress.hidden = true;
    }
  }

  return {
    status: region,
    /** `shown` are the files on the page: their sizes decide, within the click, where a large archive is saved. */
    downloadAll: (shown: readonly PortalFile[]) => {
      const size = shown.reduce((total, file) => total + file.size, 0);
      return run(async (download) => {
        // The save dialog needs the click's activation: opened before the listing is read again.
        const target = await download.openSaveTarget(
          `${caseId}-package.zip`,
          'application/zip',
          'auto',
          size,
        );
        const files = await packageFiles(ctx.api, caseId, 'download');
        progress.hidden = false;
        const result = await download.downloadPackage(
          caseId,
          files,
          (step) => {
            progress.max = Math.max(step.totalBytes, 1);
            progress.value = step.doneBytes;
            show(
              t.downloading(formatBytes(ctx.lang, step.doneBytes), formatBytes(ctx.lang, step.totalBytes)),
            );
          },
          undefined,
          { target, freshUrl },
        );
        show(t.downloaded(result.files));
        ctx.announce(t.downloaded(result.files));
      });
    },
    downloadOne: (file: PortalFile) =>
      run(async (download) => {
        const [fresh] = await packageFiles(ctx.api, caseId, 'file', [file.fileId]);
        if (!fresh) throw new Error('file no longer in the package');
        await download.downloadFile(fresh, undefined, undefined, { freshUrl });
        show(t.downloaded(1));
      }),
  };
}
