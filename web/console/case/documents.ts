import { checklistItem, contentTypeOfKind } from '../../../functions/core/checklist';
import { contentTypeOf } from '../../patient/file-types';
import type { CaseView } from '../api-types';
import { h, labelled, messageRegion, section, select, showDone, showError, uniqueId } from '../ui';
import { type UploadTicket, uploadFile } from '../upload';
import { removeDocumentDialog } from './remove-document';
import { isCollecting, type SectionFactory } from './section';

/**
 * The checklist: every item, every document with its status and the reason of its verdict; while
 * the case collects records, an accepted document can be removed (with a reason).
 */
export const checklistSection: SectionFactory = (context) => ({
  column: 'main',
  key: (view) => JSON.stringify([view.checklist, isCollecting(view)]),
  draw: (view) => {
    const { t } = context;
    const open = isCollecting(view);
    const holder: HTMLElement = section(
      'checklist',
      t.checklistHeading,
      h(
        'ul',
        { class: 'checklist' },
        view.checklist.map((entry) =>
          h(
            'li',
            { 'data-item': entry.itemId, 'data-status': entry.status },
            h(
              'div',
              { class: 'item-head' },
              h('h3', {}, t.items[entry.itemId] ?? entry.title),
              h('span', { class: 'tag' }, entry.required ? t.required : t.optional),
              h(
                'span',
                { class: 'item-status', 'data-status': entry.status },
                t.itemStatus[entry.status] ?? entry.status,
              ),
            ),
            entry.documents.length === 0 && entry.itemId !== 'treatment-history'
              ? h('p', { class: 'empty' }, t.noDocuments)
              : h(
                  'ul',
                  { class: 'documents' },
                  entry.documents.map((document) =>
                    h(
                      'li',
                      { 'data-document': document.documentId, 'data-status': document.status },
                      h('span', { class: 'file-name' }, document.fileName),
                      ' ',
                      h(
                        'span',
                        { class: 'doc-status', 'data-status': document.status },
                        t.documentStatus[document.status] ?? document.status,
                      ),
                      open && document.status === 'accepted'
                        ? h(
                            'button',
                            {
                              type: 'button',
                              class: 'secondary danger small document-remove',
                              'data-key': `remove-document:${document.documentId}`,
                              'aria-label': t.removeNamed(document.fileName),
                              onclick: () =>
                                removeDocumentDialog(context, {
                                  documentId: document.documentId,
                                  quote: `${t.items[entry.itemId] ?? entry.title}: ${document.fileName}`,
                                  fallback: holder,
                                }),
                            },
                            t.remove,
                          )
                        : null,
                      document.reason ? h('p', { class: 'reason' }, document.reason) : null,
                      document.scan
                        ? h('p', { class: 'meta' }, t.scan(t.scanResults[document.scan] ?? document.scan))
                        : null,
                      document.activeContentRemoved?.length
                        ? h(
                            'p',
                            { class: 'meta' },
                            t.activeContentRemoved(document.activeContentRemoved.join(', ')),
                          )
                        : null,
                    ),
                  ),
                ),
          ),
        ),
      ),
    );
    return holder;
  },
});

/** Items a file can be uploaded for, with the content types each accepts. */
function uploadableItems(view: CaseView) {
  return view.checklist
    .map((entry) => ({ itemId: entry.itemId, accepts: checklistItem(view.cancerType, entry.itemId).accepts }))
    .filter((item) => item.accepts.length > 0);
}

/**
 * Upload on the patient's behalf: POST /cases/{id}/uploads issues the presigned PUT (or parts),
 * the browser sends the bytes straight to storage with a progress bar, and the case's checks
 * run on the object as for the patient's own uploads.
 */
export const uploadSection: SectionFactory = ({ ctx, t, caseId, reload }) => ({
  column: 'main',
  key: (view) => (isCollecting(view) ? `open:${view.cancerType}` : 'closed'),
  draw: (view) => {
    if (!isCollecting(view)) return null;
    const items = uploadableItems(view);
    const item = labelled(
      t.uploadItem,
      select(
        items.map((entry) => entry.itemId),
        (id) => t.items[id] ?? id,
        { name: 'itemId' },
      ),
    );
    const file = labelled(t.uploadFile, h('input', { type: 'file', name: 'file' }));
    const setAccept = () => {
      const accepts = items.find((entry) => entry.itemId === item.control.value)?.accepts ?? [];
      file.control.accept = accepts.map((kind) => contentTypeOfKind[kind]).join(',');
    };
    item.control.addEventListener('change', setAccept);
    setAccept();
    const progressId = uniqueId('progress');
    const progress = h('progress', {
      id: progressId,
      max: '100',
      value: '0',
      hidden: true,
      'aria-label': t.uploadProgress,
    });
    const region = messageRegion();
    const button = h('button', { type: 'button', class: 'secondary' }, t.upload);
    button.addEventListener('click', async () => {
      const chosen = file.control.files?.[0];
      if (!chosen) {
        region.dataset.kind = 'error';
        region.textContent = t.chooseFile;
        file.control.focus();
        return;
      }
      const itemId = item.control.value as CaseView['checklist'][number]['itemId'];
      button.disabled = true;
      progress.hidden = false;
      progress.value = 0;
      showDone(region, t.uploading(chosen.name));
      try {
        const ticket = await ctx.api.send<UploadTicket>(
          'POST',
          `/cases/${encodeURIComponent(caseId)}/uploads`,
          {
            itemId,
            fileName: chosen.name,
            contentType: contentTypeOf(chosen.name, chosen.type, itemId),
            size: chosen.size,
          },
        );
        await uploadFile(
          ticket,
          chosen,
          (fraction) => {
            progress.value = Math.round(fraction * 100);
          },
          (parts) =>
            ctx.api.send(
              'POST',
              `/cases/${encodeURIComponent(caseId)}/uploads/${encodeURIComponent(ticket.uploadId)}/complete`,
              { parts },
            ),
        );
        progress.value = 100;
        showDone(region, t.uploaded(chosen.name));
        ctx.announce(t.uploaded(chosen.name));
        file.control.value = '';
        await reload();
      } catch (error) {
        showError(region, t, error);
        region.prepend(h('p', {}, t.uploadFailed(chosen.name)));
      } finally {
        button.disabled = false;
      }
    });
    return section(
      'upload',
      t.uploadHeading,
      h('p', { class: 'intro' }, t.uploadIntro),
      h('div', { class: 'upload-row' }, item.row, file.row, h('div', { class: 'field' }, button)),
      progress,
      region,
    );
  },
});
