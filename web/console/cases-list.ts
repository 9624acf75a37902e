import { caseStatuses } from '../../functions/core/vocabulary';
import type { CaseListPage } from './api-types';
import { formatDay, messages, statusText } from './i18n';
import { pathQuery } from './router';
import { fieldValue, form, h, labelled, messageRegion, select, showError, statusBadge } from './ui';
import { ApiError, type View } from './view';

/**
 * The cases list: open cases as the API orders them (overdue first, then those with blocking
 * gaps, then by deadline), a status filter, a jump to a case by its id, and the next page. The
 * filter and the page's cursor live in the address (`#/cases?status=…&cursor=…`), so the back
 * button and a bookmark come back to the same page.
 */
export const casesListView: View = (root, ctx) => {
  const t = messages(ctx.lang);
  const query = pathQuery();
  const status = query.get('status') ?? '';
  const cursor = query.get('cursor') ?? '';
  const region = messageRegion();
  const listPath = (params: Record<string, string>) => {
    const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== ''));
    return `/cases${search.size > 0 ? `?${search}` : ''}`;
  };

  const statusFilter = labelled(
    t.filterStatus,
    select(caseStatuses, (value) => statusText(ctx.lang, value), { name: 'status' }, t.allStatuses),
  );
  statusFilter.control.value = status;
  statusFilter.control.addEventListener('change', () =>
    ctx.navigate(listPath({ status: statusFilter.control.value })),
  );

  const find = labelled(
    t.findCase,
    h('input', { type: 'text', name: 'caseId', autocomplete: 'off', spellcheck: 'false' }),
  );
  const findRegion = messageRegion();
  const findForm = form(
    { class: 'inline-form' },
    async (element) => {
      const caseId = fieldValue(element, 'caseId');
      if (!caseId) return;
      try {
        await ctx.api.get(`/cases/${encodeURIComponent(caseId)}`);
        ctx.navigate(`/cases/${encodeURIComponent(caseId)}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          findRegion.dataset.kind = 'error';
          findRegion.textContent = t.caseNotFound(caseId);
        } else showError(findRegion, t, error);
      }
    },
    find.row,
    h('button', { type: 'submit', class: 'secondary' }, t.find),
  );

  const body = h('div', { class: 'list-body' }, h('p', { role: 'status' }, t.loading));
  root.append(
    h(
      'div',
      { class: 'view-heading' },
      h('h1', { tabindex: '-1' }, t.casesHeading),
      h('button', { type: 'button', onclick: () => ctx.navigate('/cases/new') }, t.newCase),
    ),
    h('div', { class: 'toolbar' }, h('div', { class: 'filter' }, statusFilter.row), findForm),
    findRegion,
    region,
    body,
  );

  let left = false;
  void (async () => {
    try {
      const page = await ctx.api.get<CaseListPage>(listPath({ status, cursor }));
      if (left) return;
      body.replaceChildren(
        casesTable(page, ctx.lang),
        h(
          'div',
          { class: 'pager' },
          cursor
            ? h(
                'button',
                { type: 'button', class: 'secondary', onclick: () => ctx.navigate(listPath({ status })) },
                t.firstPage,
              )
            : null,
          page.nextCursor
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  onclick: () => ctx.navigate(listPath({ status, cursor: page.nextCursor ?? '' })),
                },
                t.nextPage,
              )
            : null,
        ),
      );
      ctx.announce(t.casesShown(page.cases.length));
    } catch (error) {
      if (left) return;
      body.replaceChildren();
      showError(region, t, error);
    }
  })();
  return () => {
    left = true;
  };
};

function casesTable(page: CaseListPage, lang: 'en' | 'zh-Hans'): HTMLElement {
  const t = messages(lang);
  if (page.cases.length === 0) return h('p', { class: 'empty' }, t.noCases);
  const columns = [t.colCase, t.colStatus, t.colCancer, t.colHospital, t.colExpected, t.colDaysLeft];
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': t.casesTable, tabindex: '0' },
    h(
      'table',
      { class: 'cases' },
      h('caption', { class: 'visually-hidden' }, t.casesTable),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((name) => h('th', { scope: 'col' }, name)),
        ),
      ),
      h(
        'tbody',
        {},
        page.cases.map((row) =>
          h(
            'tr',
            { 'data-case': row.caseId, 'data-status': row.status },
            h(
              'th',
              { scope: 'row' },
              h('a', { href: `#/cases/${encodeURIComponent(row.caseId)}` }, row.caseId),
            ),
            // The status word, and what blocks the case beneath it.
            h(
              'td',
              { class: 'status-cell' },
              statusBadge(lang, row.status),
              row.blockingGaps > 0
                ? h('span', { class: 'flag warn' }, t.blockingGaps(row.blockingGaps))
                : null,
            ),
            h('td', {}, t.cancerTypes[row.cancerType] ?? row.cancerType),
            h('td', {}, row.hospitalName ?? row.hospitalId ?? t.noHospital),
            h('td', {}, row.expectedReportDate ? formatDay(lang, row.expectedReportDate) : '—'),
            h(
              'td',
              { class: 'number' },
              row.businessDaysLeft === undefined ? '—' : String(row.businessDaysLeft),
            ),
          ),
        ),
      ),
    ),
  );
}
