import { h } from '../patient/dom';
import { imageFiles, packageFiles } from './cases';
import { messages } from './i18n';
import { errorNotice } from './notices';
import type { PortalView } from './view';

/**
 * The images of a case: the DICOM viewer (a chunk of its own, loaded only now) opens the
 * package's studies straight from storage through fresh presigned URLs; the read of those
 * links is the audited "viewer open".
 */
export const imagesView =
  (caseId: string): PortalView =>
  (root, ctx) => {
    const t = messages(ctx.lang);
    const back = () => ctx.navigate(`/cases/${encodeURIComponent(caseId)}`);
    const host = h(
      'div',
      { class: 'viewer-host', 'aria-busy': 'true' },
      h('p', { role: 'status' }, t.loadingViewer),
    );
    root.append(h('h1', {}, t.imagesTitle(caseId)), host);
    let live = true;
    let close: (() => void) | undefined;
    const load = async () => {
      try {
        const [viewer, all] = await Promise.all([
          import('./viewer/index'),
          packageFiles(ctx.api, caseId, 'viewer'),
        ]);
        const files = imageFiles(all);
        if (!live) return;
        host.removeAttribute('aria-busy');
        if (files.length === 0) {
          host.replaceChildren(
            // An empty package is one the relay removed after the report (relay purge).
            h('p', {}, all.length === 0 ? t.packageRemoved : t.noImages),
            h('button', { type: 'button', class: 'secondary', onclick: back }, t.back),
          );
          return;
        }
        host.replaceChildren();
        const opened = await viewer.openViewer(host, files, {
          lang: ctx.lang,
          onClose: back,
          announce: (message) => ctx.announce(message),
        });
        if (live) close = () => opened.close();
        else opened.close();
      } catch (error) {
        if (live) errorNotice(host, ctx.lang, error, () => void load());
      }
    };
    void load();
    return () => {
      live = false;
      close?.();
    };
  };
