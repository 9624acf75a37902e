import { categoryName } from '../../functions/core/package-categories';
import { h } from '../patient/dom';
import { findCase, type InboxCase, loadSummary, type PortalFile, packageFiles } from './cases';
import { fileActions } from './file-actions';
import {
  cancerTypeName,
  formatBytes,
  formatDay,
  formatInstant,
  type Lang,
  messages,
  statusText,
} from './i18n';
import { errorNotice } from './notices';
import { receiptPanel, specialistAndExtension } from './receipt';
import { renderSummary } from './summary-view';
import type { PortalContext, PortalView } from './view';

const section = (id: string, heading: string, ...children: (Node | string | null)[]) =>
  h(
    'section',
    { id, class: 'card', 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, heading),
    ...children,
  );

function overview(lang: Lang, entry: InboxCase): HTMLElement {
  const t = messages(lang);
  const deadline = entry.deadline;
  return section(
    'overview',
    t.overview,
    h(
      'dl',
      { class: 'pairs' },
      h('dt', {}, t.colStatus),
      h(
        'dd',
        {},
        h('span', { class: 'status', 'data-status': entry.status }, statusText(lang, entry.status)),
      ),
      h('dt', {}, t.colCancer),
      h('dd', {}, cancerTypeName(lang, entry.cancerType)),
      h('dt', {}, t.colDelivered),
      h('dd', {}, formatInstant(lang, entry.deliveredAt, deadline?.timeZone)),
      ...(deadline
        ? [
            h('dt', {}, t.dueOn),
            h(
              'dd',
              { class: entry.overdue ? 'overdue' : '' },
              `${formatDay(lang, deadline.dueOn)} · ${t.turnaround(deadline.businessDays)}`,
              entry.businessDaysLeft !== undefined ? ` · ${t.daysLeft(entry.businessDaysLeft)}` : '',
              entry.overdue ? h('span', { class: 'badge bad' }, t.flagOverdue) : null,
              entry.expedited ? h('span', { class: 'badge warn' }, t.flagExpedited) : null,
            ),
            h('dt', {}, t.receivedOn),
            h('dd', {}, formatDay(lang, deadline.receivedOn)),
            h('dt', {}, t.deadline),
            h(
              'dd',
              {},
              t.calendar(deadline.calendar, deadline.timeZone),
              deadline.warning ? ` · ${deadline.warning}` : '',
            ),
          ]
        : [h('dt', {}, t.deadline), h('dd', {}, t.noDeadline)]),
    ),
  );
}

function categoryText(lang: Lang, category: string): string {
  const name = categoryName(category);
  if (!name) return category;
  return lang === 'zh-Hans' ? name.zh : name.en;
}

function filesTable(ctx: PortalContext, caseId: string, files: readonly PortalFile[]): HTMLElement {
  const t = messages(ctx.lang);
  const actions = fileActions(ctx, caseId);
  return section(
    'files',
    t.files,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'files' },
        h('caption', { class: 'visually-hidden' }, t.filesCaption),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [t.fileName, t.category, t.translation, t.size, t.sha256, t.download].map((name) =>
              h('th', { scope: 'col' }, name),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          files.map((file) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row', class: 'file-name' }, file.fileName),
              h('td', {}, categoryText(ctx.lang, file.category)),
              h(
                'td',
                {},
                file.translation ? (t.translationMethod[file.translation] ?? file.translation) : '—',
              ),
              h('td', { class: 'number' }, formatBytes(ctx.lang, file.size)),
              h('td', {}, h('code', { class: 'hash' }, file.sha256)),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary small',
                    'aria-label': t.downloadFile(file.fileName),
                    onclick: () => void actions.downloadOne(file),
                  },
                  t.download,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    actions.status,
  );
}

/** A case of this hospital: overview, the actions, receipt, the summary as a page, every file. */
export const casePageView =
  (caseId: string): PortalView =>
  (root, ctx) => {
    const t = messages(ctx.lang);
    const body = h('div', { 'aria-busy': 'true' }, h('p', { role: 'status' }, t.loading));
    root.append(
      h('p', { class: 'back' }, h('a', { href: '#/inbox' }, t.back)),
      h('h1', {}, t.caseTitle(caseId)),
      body,
    );
    let live = true;
    const load = async () => {
      try {
        const entry = await findCase(ctx.api, caseId);
        if (!entry) {
          body.replaceChildren(h('p', { role: 'alert' }, t.notFoundView));
          return;
        }
        const files = await packageFiles(ctx.api, caseId, 'view');
        const summary = await loadSummary(files);
        if (!live) return;
        body.removeAttribute('aria-busy');
        const actions = fileActions(ctx, caseId);
        const toolbar = section(
          'actions',
          t.actions,
          h(
            'div',
            { class: 'toolbar' },
            h(
              'button',
              { type: 'button', id: 'confirm-receipt', 'aria-expanded': 'false' },
              t.confirmReceipt,
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => ctx.navigate(`/cases/${encodeURIComponent(caseId)}/images`),
              },
              t.openImages,
            ),
            h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => void actions.downloadAll(files) },
              t.downloadAll,
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => ctx.navigate(`/cases/${encodeURIComponent(caseId)}/opinion`),
              },
              t.writeOpinion,
            ),
          ),
          actions.status,
        );
        const receipt = receiptPanel(ctx, entry, () => void load());
        const opener = toolbar.querySelector<HTMLButtonElement>('#confirm-receipt');
        opener?.addEventListener('click', () => {
          const open = receipt.hidden;
          receipt.hidden = !open;
          opener.setAttribute('aria-expanded', String(open));
          if (open) receipt.querySelector<HTMLElement>('button, input')?.focus();
        });
        const pdf = files.find((file) => file.fileId === 'summary');
        body.replaceChildren(
          overview(ctx.lang, entry),
          toolbar,
          receipt,
          specialistAndExtension(ctx, entry, () => void load()),
          section(
            'summary',
            t.summary,
            pdf
              ? h(
                  'p',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'secondary small',
                      onclick: () => void actions.downloadOne(pdf),
                    },
                    t.summaryPdf,
                  ),
                )
              : null,
            summary
              ? renderSummary(ctx.lang, summary, entry.deadline?.timeZone)
              : h('p', {}, t.summaryMissing),
          ),
          files.length > 0
            ? filesTable(ctx, caseId, files)
            : section('files', t.files, h('p', {}, t.packageRemoved)),
        );
      } catch (error) {
        if (live) errorNotice(body, ctx.lang, error, () => void load());
      }
    };
    void load();
    return () => {
      live = false;
    };
  };
