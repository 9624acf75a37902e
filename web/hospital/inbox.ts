import { h } from '../patient/dom';
import { type InboxCase, listCases } from './cases';
import { cancerTypeName, formatDay, formatInstant, type Lang, messages, statusText } from './i18n';
import { errorNotice } from './notices';
import type { PortalView } from './view';

/** Overdue first, then expedited, then the nearest due date; cases without a deadline last, newest first. */
function inboxOrder(a: InboxCase, b: InboxCase): number {
  const rank = (entry: InboxCase) => (entry.overdue ? 0 : entry.expedited ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const dueA = a.deadline?.dueOn ?? '9999';
  const dueB = b.deadline?.dueOn ?? '9999';
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return a.deliveredAt < b.deliveredAt ? 1 : -1;
}

function flags(lang: Lang, entry: InboxCase): HTMLElement {
  const t = messages(lang);
  const badge = (kind: string, text: string) => h('span', { class: `badge ${kind}` }, text);
  return h(
    'span',
    { class: 'flags' },
    entry.new ? badge('new', t.flagNew) : null,
    entry.overdue ? badge('bad', t.flagOverdue) : null,
    entry.expedited ? badge('warn', t.flagExpedited) : null,
    entry.deadline?.provisional ? badge('muted', t.flagProvisional) : null,
  );
}

function row(lang: Lang, entry: InboxCase, open: (caseId: string) => void): HTMLTableRowElement {
  const t = messages(lang);
  const zone = entry.deadline?.timeZone;
  const tr = h(
    'tr',
    { class: `clickable${entry.new ? ' unread' : ''}`, 'data-case-id': entry.caseId },
    h('th', { scope: 'row' }, h('a', { href: `#/cases/${encodeURIComponent(entry.caseId)}` }, entry.caseId)),
    h('td', {}, h('span', { class: 'status', 'data-status': entry.status }, statusText(lang, entry.status))),
    h('td', {}, cancerTypeName(lang, entry.cancerType)),
    h('td', {}, formatInstant(lang, entry.deliveredAt, zone)),
    h('td', {}, entry.deadline ? formatDay(lang, entry.deadline.dueOn) : '—'),
    h('td', {}, entry.businessDaysLeft === undefined ? '—' : t.daysLeft(entry.businessDaysLeft)),
    h('td', {}, flags(lang, entry)),
  );
  // The whole row opens its case (the link in it is the keyboard's way).
  tr.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('a')) return;
    open(entry.caseId);
  });
  return tr;
}

/** The inbox: the cases delivered to this hospital (the relay lists no other hospital's). */
export const inboxView: PortalView = (root, ctx) => {
  const t = messages(ctx.lang);
  const body = h('div', { 'aria-busy': 'true' }, h('p', { role: 'status' }, t.loading));
  root.append(h('h1', {}, t.inboxTitle), h('p', { class: 'hint' }, t.inboxIntro), body);
  let live = true;
  void (async () => {
    try {
      const cases = [...(await listCases(ctx.api))].sort(inboxOrder);
      if (!live) return;
      body.removeAttribute('aria-busy');
      if (cases.length === 0) {
        body.replaceChildren(h('p', {}, t.noCases));
        return;
      }
      body.replaceChildren(
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'inbox' },
            h('caption', { class: 'visually-hidden' }, t.inboxCaption),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  t.colCase,
                  t.colStatus,
                  t.colCancer,
                  t.colDelivered,
                  t.colDue,
                  t.colDaysLeft,
                  t.colFlags,
                ].map((name) => h('th', { scope: 'col' }, name)),
              ),
            ),
            h(
              'tbody',
              {},
              cases.map((entry) =>
                row(ctx.lang, entry, (caseId) => ctx.navigate(`/cases/${encodeURIComponent(caseId)}`)),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      if (live) errorNotice(body, ctx.lang, error, () => ctx.navigate('/inbox'));
    }
  })();
  return () => {
    live = false;
  };
};
