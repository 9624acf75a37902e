import './styles.css';
import { holidayCalendars } from '../../../functions/core/holiday-calendars';
import { hospitalTypes, modalities } from '../../../functions/core/hospital';
import { cancerTypes, itemIds } from '../../../functions/core/vocabulary';
import { openDialog } from '../dialog';
import { h, uniqueId } from '../ui';
import { ApiError, type View, type ViewContext } from '../view';
import {
  type ApiFailure,
  blankForm,
  bodyFromForm,
  checkForm,
  describeFailure,
  type FieldProblem,
  formatDateTime,
  formFromHospital,
  type HospitalFieldKey,
  type HospitalForm,
  type HospitalListing,
  type HospitalToken,
  type IssuedToken,
  type Lang,
  problemsFromDetails,
  relativeTime,
  sortHospitals,
  sortTokens,
  turnaroundSummary,
  wholeNumberIn,
} from './model';
import { type HospitalsText, hospitalsText } from './text';

/** An error as the API client throws it; anything else is a fault of the page, reported as a server error. */
function failureOf(error: unknown): ApiFailure & { details: readonly { path?: string; message: string }[] } {
  if (error instanceof ApiError) return error;
  console.error(error);
  return { status: 500, code: 'client_error', message: '', details: [] };
}

/** A paragraph that shows an error in place (and is read out when it appears). */
function errorLine() {
  const line = h('p', { class: 'message', 'data-kind': 'error', role: 'alert', hidden: true });
  return {
    element: line,
    show(message: string) {
      line.textContent = message;
      line.hidden = false;
    },
    clear() {
      line.textContent = '';
      line.hidden = true;
    },
  };
}

/**
 * Marks a button as working until the returned function is called. Not `disabled`: a disabled
 * button drops the keyboard focus of whoever pressed it. Handlers ask `isBusy` first.
 */
function busy(button: HTMLButtonElement, label: string) {
  const idle = button.textContent ?? '';
  button.setAttribute('aria-disabled', 'true');
  button.textContent = label;
  return () => {
    button.removeAttribute('aria-disabled');
    button.textContent = idle;
  };
}

const isBusy = (button: HTMLButtonElement) => button.getAttribute('aria-disabled') === 'true';

type TextKey = 'name' | 'city' | 'contactEmail' | 'timeZone' | 'calendar' | 'relayRegion';
type NumberKey = 'turnaroundBusinessDays' | 'expeditedBusinessDays' | 'expeditedFeeUsd';

interface FieldParts {
  readonly wrapper: HTMLElement;
  readonly focusTarget: HTMLElement;
  readonly error: HTMLElement;
  readonly described: HTMLElement[];
}

/** The hospital form: every field of the create and update body, its problems shown beside each field. */
function hospitalForm(options: {
  text: HospitalsText;
  initial: HospitalForm;
  editing: HospitalListing | undefined;
  submit: (form: HospitalForm) => Promise<readonly { path?: string; message: string }[] | undefined>;
  cancel: () => void;
}) {
  const { text, initial, editing } = options;
  const fields = new Map<HospitalFieldKey, FieldParts>();

  const hint = (id: string, words: string) => h('p', { class: 'hint', id }, words);
  const describe = (control: HTMLElement, ids: string[]) =>
    control.setAttribute('aria-describedby', ids.join(' '));

  function register(
    key: HospitalFieldKey,
    wrapper: HTMLElement,
    focusTarget: HTMLElement,
    described: HTMLElement[],
  ) {
    const error = h('p', { class: 'field-error', id: uniqueId(`hd-${key}-error`), hidden: true });
    wrapper.append(error);
    fields.set(key, { wrapper, focusTarget, error, described });
    for (const control of described) {
      const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      describe(control, [...ids, error.id]);
    }
    // A field being corrected loses its old complaint at once; the next submit checks again.
    const clear = () => {
      if (error.hidden) return;
      error.hidden = true;
      error.textContent = '';
      wrapper.classList.remove('hd-invalid');
      for (const marked of wrapper.querySelectorAll('[aria-invalid]')) marked.removeAttribute('aria-invalid');
    };
    wrapper.addEventListener('input', clear);
    wrapper.addEventListener('change', clear);
  }

  /** A labelled `<input>` with its optional hint, registered for its problems. */
  function inputField(
    key: TextKey | NumberKey,
    wrapperClass: string,
    attributes: Record<string, string | number | boolean | undefined>,
    hintWords?: string,
  ) {
    const id = uniqueId(`hd-${key}`);
    const control = h('input', { id, name: key, ...attributes, value: initial[key] });
    const wrapper = h('div', { class: wrapperClass }, h('label', { for: id }, text.fields[key]));
    if (hintWords) {
      const hintId = `${id}-hint`;
      wrapper.append(hint(hintId, hintWords));
      describe(control, [hintId]);
    }
    wrapper.append(control);
    register(key, wrapper, control, [control]);
    return { wrapper, control };
  }

  const input = (
    key: TextKey,
    attributes: Record<string, string | number | boolean | undefined>,
    hintWords?: string,
  ) => inputField(key, 'field', attributes, hintWords);

  const numberInput = (
    key: NumberKey,
    bounds: { min: number; max: number; step: number | 'any' },
    hintWords?: string,
  ) =>
    inputField(
      key,
      'field hd-short',
      { type: 'number', inputmode: bounds.step === 1 ? 'numeric' : 'decimal', ...bounds },
      hintWords,
    );

  function checkbox(key: 'acceptsEnglishRecords' | 'requiresCertifiedTranslation' | 'offersExpedited') {
    const id = uniqueId(`hd-${key}`);
    const control = h('input', { id, name: key, type: 'checkbox' });
    control.checked = initial[key];
    const wrapper = h('div', { class: 'checkbox' }, control, h('label', { for: id }, text.fields[key]));
    if (key !== 'offersExpedited') register(key, wrapper, control, [control]);
    return { wrapper, control };
  }

  function choices(
    key: 'cancerTypes' | 'modalities' | 'certifiedTranslationOf',
    values: readonly string[],
    names: Record<string, string>,
    hintWords?: string,
  ) {
    const legendId = uniqueId(`hd-${key}-legend`);
    const group = h('fieldset', { class: 'hd-choices', 'aria-labelledby': legendId });
    group.append(h('legend', { id: legendId }, text.fields[key]));
    if (hintWords) {
      const hintId = uniqueId(`hd-${key}-hint`);
      group.append(hint(hintId, hintWords));
      describe(group, [hintId]);
    }
    const list = h('div', { class: 'hd-choice-list' });
    const boxes: HTMLInputElement[] = [];
    for (const value of values) {
      const id = uniqueId(`hd-${key}-${value}`);
      const box = h('input', { id, type: 'checkbox', name: key, value });
      box.checked = initial[key].includes(value);
      boxes.push(box);
      list.append(h('div', { class: 'checkbox' }, box, h('label', { for: id }, names[value] ?? value)));
    }
    group.append(list);
    register(key, group, boxes[0] ?? group, [group]);
    return { wrapper: group, boxes };
  }

  const name = input('name', { required: true, maxlength: 200, autocomplete: 'organization' });
  const typeId = uniqueId('hd-type');
  const typeSelect = h(
    'select',
    { id: typeId, name: 'type' },
    hospitalTypes.map((type) => h('option', { value: type }, text.typeNames[type] ?? type)),
  );
  typeSelect.value = initial.type;
  const typeField = h('div', { class: 'field' }, h('label', { for: typeId }, text.fields.type), typeSelect);
  register('type', typeField, typeSelect, [typeSelect]);
  const city = input('city', { required: true, maxlength: 100, autocomplete: 'address-level2' });
  const contactEmail = input(
    'contactEmail',
    { type: 'email', required: true, autocomplete: 'off', spellcheck: 'false' },
    editing && !editing.contactEmail ? text.hints.contactEmailAgain : text.hints.contactEmail,
  );

  const cancer = choices('cancerTypes', cancerTypes, text.cancerTypeNames);
  const treatments = choices('modalities', modalities, text.modalityNames);

  const english = checkbox('acceptsEnglishRecords');
  const certified = checkbox('requiresCertifiedTranslation');
  const certifiedOf = choices(
    'certifiedTranslationOf',
    itemIds,
    text.itemNames,
    text.hints.certifiedTranslationOf,
  );
  const showCertified = () => {
    certifiedOf.wrapper.hidden = !certified.control.checked;
  };
  certified.control.addEventListener('change', showCertified);
  showCertified();

  const turnaround = numberInput(
    'turnaroundBusinessDays',
    { min: 3, max: 7, step: 1 },
    text.hints.turnaroundBusinessDays,
  );
  const expedited = checkbox('offersExpedited');
  const expeditedDays = numberInput(
    'expeditedBusinessDays',
    { min: 1, max: 7, step: 1 },
    text.hints.expeditedBusinessDays,
  );
  const expeditedFee = numberInput('expeditedFeeUsd', { min: 0, max: 100_000, step: 'any' });
  const expeditedBox = h('div', { class: 'hd-row' }, expeditedDays.wrapper, expeditedFee.wrapper);
  const showExpedited = () => {
    expeditedBox.hidden = !expedited.control.checked;
  };
  expedited.control.addEventListener('change', showExpedited);
  showExpedited();

  // Suggestions only: any IANA zone the browser knows is accepted.
  const zonesId = uniqueId('hd-zones');
  const zones = h(
    'datalist',
    { id: zonesId },
    (Intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai']).map((zone) => h('option', { value: zone })),
  );
  const timeZone = input(
    'timeZone',
    { required: true, list: zonesId, autocomplete: 'off', spellcheck: 'false' },
    text.hints.timeZone,
  );
  timeZone.wrapper.append(zones);
  const calendar = input(
    'calendar',
    {
      required: true,
      maxlength: 2,
      size: 4,
      autocapitalize: 'characters',
      autocomplete: 'off',
      spellcheck: 'false',
    },
    text.hints.calendar(Object.keys(holidayCalendars).join(', ')),
  );
  const relayRegion = input(
    'relayRegion',
    { required: true, autocomplete: 'off', spellcheck: 'false' },
    text.hints.relayRegion,
  );

  const section = (title: string, ...children: HTMLElement[]) =>
    h('fieldset', { class: 'hd-section' }, h('legend', {}, title), ...children);

  const summary = errorLine();
  const submitButton = h('button', { type: 'submit' }, editing ? text.saveSubmit : text.createSubmit);
  const form = h(
    'form',
    { class: 'hd-form', novalidate: true },
    summary.element,
    h(
      'div',
      { class: 'hd-sections' },
      section(text.sections.about, name.wrapper, typeField, city.wrapper, contactEmail.wrapper),
      section(text.sections.reviews, cancer.wrapper, treatments.wrapper),
      section(text.sections.records, english.wrapper, certified.wrapper, certifiedOf.wrapper),
      section(text.sections.turnaround, turnaround.wrapper, expedited.wrapper, expeditedBox),
      section(text.sections.delivery, timeZone.wrapper, calendar.wrapper, relayRegion.wrapper),
    ),
    h(
      'div',
      { class: 'actions' },
      submitButton,
      h('button', { type: 'button', class: 'secondary', onclick: () => options.cancel() }, text.cancel),
    ),
  );

  const checked = (boxes: HTMLInputElement[]) => boxes.filter((box) => box.checked).map((box) => box.value);
  const read = (): HospitalForm => ({
    name: name.control.value,
    type: typeSelect.value,
    city: city.control.value,
    contactEmail: contactEmail.control.value,
    cancerTypes: checked(cancer.boxes),
    modalities: checked(treatments.boxes),
    acceptsEnglishRecords: english.control.checked,
    requiresCertifiedTranslation: certified.control.checked,
    certifiedTranslationOf: checked(certifiedOf.boxes),
    turnaroundBusinessDays: turnaround.control.value,
    offersExpedited: expedited.control.checked,
    expeditedBusinessDays: expeditedDays.control.value,
    expeditedFeeUsd: expeditedFee.control.value,
    timeZone: timeZone.control.value,
    calendar: calendar.control.value,
    relayRegion: relayRegion.control.value,
  });

  function showProblems(problems: readonly FieldProblem[]) {
    for (const [key, parts] of fields) {
      const problem = problems.find((candidate) => candidate.field === key);
      parts.error.textContent = problem?.message ?? '';
      parts.error.hidden = !problem;
      parts.wrapper.classList.toggle('hd-invalid', Boolean(problem));
      for (const control of parts.described) {
        // A group is not a control: its boxes carry the state (below).
        if (control.tagName === 'FIELDSET') continue;
        if (problem) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      }
      if (parts.focusTarget instanceof HTMLInputElement && parts.focusTarget.type === 'checkbox') {
        const group = parts.wrapper.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
        for (const box of group) {
          if (problem && parts.wrapper.tagName === 'FIELDSET') box.setAttribute('aria-invalid', 'true');
          else box.removeAttribute('aria-invalid');
        }
      }
    }
    if (problems.length > 0) {
      summary.show(text.formInvalid);
      fields.get(problems[0]!.field)?.focusTarget.focus();
    } else summary.clear();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (isBusy(submitButton)) return;
    const values = read();
    const problems = checkForm(values, text);
    showProblems(problems);
    if (problems.length > 0) return;
    const idle = busy(submitButton, text.saving);
    try {
      const details = await options.submit(values);
      if (details) showProblems(problemsFromDetails(details, values, text));
    } finally {
      if (submitButton.isConnected) idle();
    }
  });

  return {
    form,
    showError(message: string) {
      summary.show(message);
    },
    focusFirst() {
      name.control.focus();
    },
  };
}

export const hospitalsView: View = (root: HTMLElement, ctx: ViewContext) => {
  const lang: Lang = ctx.lang;
  const text = hospitalsText[lang];
  let alive = true;
  let hospitals: HospitalListing[] = [];
  /** What the panel shows now; the token secret lives only inside it. */
  let closePanel: (() => void) | undefined;

  const headingId = uniqueId('hd-title');
  const newButton = h('button', { type: 'button', onclick: () => openForm(undefined) }, text.newHospital);
  const notice = h('p', { class: 'message', 'data-kind': 'ok', tabindex: -1, hidden: true });
  const listError = errorLine();
  const retryButton = h(
    'button',
    { type: 'button', class: 'secondary', hidden: true, onclick: () => load() },
    text.retry,
  );
  const panel = h('div', { class: 'hd-panel-slot' });
  const tableSlot = h('div', { class: 'hd-table-slot' }, h('p', { role: 'status' }, text.loading));
  const page = h(
    'section',
    { class: 'hd-page', 'aria-labelledby': headingId },
    h('div', { class: 'view-heading' }, h('h1', { id: headingId }, text.title), newButton),
    h('p', { class: 'intro' }, text.intro),
    notice,
    listError.element,
    retryButton,
    panel,
    tableSlot,
  );
  root.replaceChildren(page);

  function say(message: string) {
    notice.textContent = message;
    notice.hidden = false;
    ctx.announce(message);
  }

  function clearPanel() {
    closePanel?.();
    closePanel = undefined;
    panel.replaceChildren();
  }

  function panelFrame(title: string, onClose: () => void) {
    const titleId = uniqueId('hd-panel-title');
    const heading = h('h2', { id: titleId, tabindex: -1 }, title);
    const body = h('div', { class: 'hd-panel-body' });
    const frame = h(
      'section',
      { class: 'card hd-panel', 'aria-labelledby': titleId },
      h(
        'div',
        { class: 'hd-panel-head' },
        heading,
        h('button', { type: 'button', class: 'secondary', onclick: onClose }, text.close),
      ),
      body,
    );
    panel.replaceChildren(frame);
    frame.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
    return body;
  }

  function renderTable() {
    if (hospitals.length === 0) {
      tableSlot.replaceChildren(h('p', { class: 'empty' }, text.empty));
      return;
    }
    const columns = text.columns;
    const rows = sortHospitals(hospitals, lang).map((hospital) =>
      h(
        'tr',
        { 'data-hospital': hospital.hospitalId },
        h(
          'th',
          { scope: 'row' },
          h('span', { class: 'hd-name' }, hospital.name),
          hospital.sample ? h('span', { class: 'hd-badge', title: text.sampleNote }, text.sample) : null,
          h('span', { class: 'hd-id' }, hospital.hospitalId),
        ),
        h('td', {}, hospital.city),
        h('td', { class: 'hd-type' }, text.typeNames[hospital.type] ?? hospital.type),
        h(
          'td',
          { class: 'hd-reviews' },
          hospital.cancerTypes
            .map((type) => text.cancerTypeNames[type] ?? type)
            .join(lang === 'en' ? ', ' : '、'),
        ),
        h('td', {}, turnaroundSummary(hospital, text, lang)),
        h(
          'td',
          { class: 'hd-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'aria-label': text.editLabel(hospital.name),
              onclick: () => openForm(hospital),
            },
            text.edit,
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'aria-label': text.tokensLabel(hospital.name),
              onclick: () => openTokens(hospital),
            },
            text.tokens,
          ),
        ),
      ),
    );
    // Scrolls sideways inside its own region (reachable by keyboard) on a screen narrower than it.
    tableSlot.replaceChildren(
      h(
        'div',
        { class: 'table-wrap', role: 'region', 'aria-label': text.tableCaption, tabindex: '0' },
        h(
          'table',
          { class: 'hd-table' },
          h('caption', {}, text.tableCaption),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                columns.hospital,
                columns.city,
                columns.type,
                columns.reviews,
                columns.turnaround,
                columns.actions,
              ].map((label) => h('th', { scope: 'col' }, label)),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
    );
  }

  async function load() {
    listError.clear();
    retryButton.hidden = true;
    try {
      const answer = await ctx.api.get<{ hospitals: HospitalListing[] }>('/hospitals');
      if (!alive) return;
      hospitals = answer.hospitals;
      renderTable();
    } catch (error) {
      if (!alive) return;
      tableSlot.replaceChildren();
      listError.show(describeFailure(failureOf(error), text, 'hospital'));
      retryButton.hidden = false;
    }
  }

  function openForm(editing: HospitalListing | undefined) {
    clearPanel();
    notice.hidden = true;
    const close = () => {
      clearPanel();
      (editing ? rowButton(editing.hospitalId, 0) : newButton)?.focus();
    };
    const body = panelFrame(editing ? text.editHeading(editing.name) : text.createHeading, close);
    const built = hospitalForm({
      text,
      initial: editing ? formFromHospital(editing) : blankForm(hospitals),
      editing,
      cancel: close,
      submit: async (values) => {
        try {
          const answer = editing
            ? await ctx.api.send<{ hospital: HospitalListing }>(
                'PUT',
                `/hospitals/${encodeURIComponent(editing.hospitalId)}`,
                bodyFromForm(values),
              )
            : await ctx.api.send<{ hospital: HospitalListing }>('POST', '/hospitals', bodyFromForm(values));
          if (!alive) return undefined;
          const saved = answer.hospital;
          hospitals = [...hospitals.filter((entry) => entry.hospitalId !== saved.hospitalId), saved];
          renderTable();
          if (editing) {
            clearPanel();
            say(text.saved(saved.name));
            notice.focus();
          } else {
            // A new hospital cannot use the relay without a token: its token panel comes next.
            say(text.created(saved.name));
            openTokens(saved, { keepNotice: true });
          }
          return undefined;
        } catch (error) {
          const failure = failureOf(error);
          if (failure.status === 400 && failure.details.length > 0) return failure.details;
          built.showError(describeFailure(failure, text, 'hospital'));
          return undefined;
        }
      },
    });
    body.append(built.form);
  }

  /** A row's Edit (0) or API tokens (1) button, to give focus back to. */
  function rowButton(hospitalId: string, index: 0 | 1) {
    const row = [...tableSlot.querySelectorAll<HTMLTableRowElement>('tr[data-hospital]')].find(
      (candidate) => candidate.dataset.hospital === hospitalId,
    );
    return row?.querySelectorAll<HTMLButtonElement>('.hd-actions button')[index];
  }

  function openTokens(hospital: HospitalListing, options: { keepNotice?: boolean } = {}) {
    clearPanel();
    if (!options.keepNotice) notice.hidden = true;
    const close = () => {
      clearPanel();
      rowButton(hospital.hospitalId, 1)?.focus();
    };
    const body = panelFrame(text.tokensHeading(hospital.name), close);
    const path = `/hospitals/${encodeURIComponent(hospital.hospitalId)}/tokens`;
    const onceSlot = h('div', { class: 'hd-once-slot' });
    const tokensError = errorLine();
    const tokenTable = h('div', { class: 'hd-token-table' }, h('p', { role: 'status' }, text.tokensLoading));
    const tokensNotice = h('p', { class: 'message', 'data-kind': 'ok', tabindex: -1, hidden: true });
    let tokens: HospitalToken[] = [];

    function renderTokens() {
      if (tokens.length === 0) {
        tokenTable.replaceChildren(h('p', { class: 'empty' }, text.tokensEmpty));
        return;
      }
      const now = Date.now();
      const columns = text.tokenColumns;
      tokenTable.replaceChildren(
        h(
          'div',
          {
            class: 'table-wrap',
            role: 'region',
            'aria-label': text.tokensCaption(hospital.name),
            tabindex: '0',
          },
          h(
            'table',
            { class: 'hd-table hd-tokens' },
            h('caption', {}, text.tokensCaption(hospital.name)),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [columns.token, columns.issued, columns.expires, columns.actions].map((label) =>
                  h('th', { scope: 'col' }, label),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              sortTokens(tokens).map((token) =>
                h(
                  'tr',
                  { 'data-token': token.tokenId },
                  h('th', { scope: 'row' }, h('code', {}, token.tokenId)),
                  h('td', {}, formatDateTime(token.createdAt, lang)),
                  h(
                    'td',
                    {},
                    formatDateTime(token.expiresAt, lang),
                    ' ',
                    h(
                      'span',
                      { class: 'hd-relative' },
                      text.expiresIn(relativeTime(token.expiresAt, now, lang)),
                    ),
                  ),
                  h(
                    'td',
                    {},
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'secondary danger small',
                        'aria-label': text.revokeLabel(token.tokenId),
                        onclick: () => askRevoke(token),
                      },
                      text.revoke,
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    }

    async function reload() {
      try {
        const answer = await ctx.api.get<{ tokens: HospitalToken[] }>(path);
        if (!alive || !body.isConnected) return;
        tokens = answer.tokens;
        renderTokens();
      } catch (error) {
        if (!alive || !body.isConnected) return;
        tokenTable.replaceChildren();
        tokensError.show(describeFailure(failureOf(error), text, 'hospital'));
      }
    }

    /** The new secret, shown until the coordinator says it is copied or leaves the panel. */
    function showOnce(issued: IssuedToken) {
      const headingId = uniqueId('hd-once');
      const fieldId = uniqueId('hd-once-token');
      const noteId = uniqueId('hd-once-note');
      const field = h('input', {
        id: fieldId,
        class: 'hd-secret',
        readonly: true,
        value: issued.token,
        autocomplete: 'off',
        spellcheck: 'false',
        'aria-describedby': noteId,
      });
      const copyState = h('p', { class: 'hd-copy-state', role: 'status' });
      const copyButton = h(
        'button',
        {
          type: 'button',

          onclick: async () => {
            try {
              await navigator.clipboard.writeText(field.value);
              copyState.textContent = text.copied;
            } catch {
              field.focus();
              field.select();
              copyState.textContent = text.copyFailed;
            }
          },
        },
        text.copy,
      );
      const previous =
        issued.previousTokensExpireAt === undefined
          ? null
          : (issued.previousTokens ?? 0) > 0
            ? text.previousTokensEnd(
                issued.previousTokens ?? 0,
                formatDateTime(issued.previousTokensExpireAt, lang),
              )
            : text.noPreviousTokens;
      const box = h(
        'section',
        { class: 'hd-once', 'aria-labelledby': headingId },
        h('h3', { id: headingId }, text.newTokenHeading),
        h('p', { id: noteId, class: 'hd-once-note' }, text.newTokenNote),
        h('label', { for: fieldId }, text.newTokenLabel),
        h('div', { class: 'hd-copy-row' }, field, copyButton),
        copyState,
        h('p', {}, text.newTokenExpires(formatDateTime(issued.expiresAt, lang))),
        previous ? h('p', {}, previous) : null,
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              onceSlot.replaceChildren();
              issueButton.focus();
            },
          },
          text.doneCopying,
        ),
      );
      onceSlot.replaceChildren(box);
      box.scrollIntoView({ block: 'nearest' });
      copyButton.focus({ preventScroll: true });
    }

    function numberField(label: string, hintWords: string, value: string, min: number, max: number) {
      const id = uniqueId('hd-number');
      const control = h('input', {
        id,
        type: 'number',
        inputmode: 'numeric',
        min,
        max,
        step: 1,
        value,
        'aria-describedby': `${id}-hint ${id}-error`,
      });
      const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
      const wrapper = h(
        'div',
        { class: 'field hd-short' },
        h('label', { for: id }, label),
        h('p', { class: 'hint', id: `${id}-hint` }, hintWords),
        control,
        error,
      );
      return {
        wrapper,
        read(message: string): number | undefined {
          const parsed = wholeNumberIn(control.value, min, max);
          error.textContent = parsed === undefined ? message : '';
          error.hidden = parsed !== undefined;
          if (parsed === undefined) {
            control.setAttribute('aria-invalid', 'true');
            control.focus();
          } else control.removeAttribute('aria-invalid');
          return parsed;
        },
      };
    }

    const issueLifetime = numberField(text.lifetimeDays, text.lifetimeHint, '90', 1, 365);
    const issueError = errorLine();
    const issueButton = h('button', { type: 'submit' }, text.issueSubmit);
    const issueForm = h(
      'form',
      { class: 'hd-token-form', novalidate: true },
      h('h3', {}, text.issueHeading),
      h('p', { class: 'hint' }, text.issueIntro),
      issueLifetime.wrapper,
      issueButton,
      issueError.element,
    );
    issueForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (isBusy(issueButton)) return;
      issueError.clear();
      const lifetimeDays = issueLifetime.read(text.lifetimeError);
      if (lifetimeDays === undefined) return;
      const idle = busy(issueButton, text.working);
      try {
        const issued = await ctx.api.send<IssuedToken>('POST', path, { lifetimeDays });
        if (!alive || !body.isConnected) return;
        ctx.announce(text.issued(issued.tokenId));
        showOnce(issued);
        await reload();
      } catch (error) {
        if (body.isConnected) issueError.show(describeFailure(failureOf(error), text, 'hospital'));
      } finally {
        idle();
      }
    });

    const rotateLifetime = numberField(text.lifetimeDays, text.lifetimeHint, '90', 1, 365);
    const rotateOverlap = numberField(text.overlapHours, text.overlapHint, '24', 0, 168);
    const rotateError = errorLine();
    const rotateButton = h('button', { type: 'submit' }, text.rotateSubmit);
    const rotateForm = h(
      'form',
      { class: 'hd-token-form', novalidate: true },
      h('h3', {}, text.rotateHeading),
      h('p', { class: 'hint' }, text.rotateIntro),
      h('div', { class: 'hd-row' }, rotateLifetime.wrapper, rotateOverlap.wrapper),
      rotateButton,
      rotateError.element,
    );
    rotateForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (isBusy(rotateButton)) return;
      rotateError.clear();
      const lifetimeDays = rotateLifetime.read(text.lifetimeError);
      const overlapHours = lifetimeDays === undefined ? undefined : rotateOverlap.read(text.overlapError);
      if (lifetimeDays === undefined || overlapHours === undefined) return;
      const idle = busy(rotateButton, text.working);
      try {
        const issued = await ctx.api.send<IssuedToken>('POST', `${path}/rotate`, {
          lifetimeDays,
          overlapHours,
        });
        if (!alive || !body.isConnected) return;
        ctx.announce(text.rotated(issued.tokenId));
        showOnce(issued);
        await reload();
      } catch (error) {
        if (body.isConnected) rotateError.show(describeFailure(failureOf(error), text, 'hospital'));
      } finally {
        idle();
      }
    });

    /** Revoking asks first, in the console's modal dialog (Tab stays inside; Escape keeps the token). */
    function askRevoke(token: HospitalToken) {
      openDialog({
        title: text.revokeTitle,
        fallback: issueButton,
        content: (closeDialog) => {
          const dialogError = errorLine();
          const keep = h(
            'button',
            { type: 'button', class: 'secondary', onclick: closeDialog },
            text.revokeKeep,
          );
          const confirm = h('button', { type: 'button', class: 'danger' }, text.revokeConfirm);
          confirm.addEventListener('click', async () => {
            if (isBusy(confirm)) return;
            dialogError.clear();
            const idle = busy(confirm, text.working);
            try {
              await ctx.api.send('DELETE', `${path}/${encodeURIComponent(token.tokenId)}`);
              idle();
              closeDialog();
              if (!alive || !body.isConnected) return;
              tokensNotice.textContent = text.revoked(token.tokenId);
              tokensNotice.hidden = false;
              ctx.announce(text.revoked(token.tokenId));
              await reload();
              // The row and its button are gone: the keyboard continues from the message.
              tokensNotice.focus();
            } catch (error) {
              idle();
              dialogError.show(describeFailure(failureOf(error), text, 'token'));
            }
          });
          // "Keep" first: the button the dialog starts on is the one that changes nothing.
          return [
            h('p', { class: 'hd-revoke' }, text.revokeQuestion(token.tokenId)),
            dialogError.element,
            h('div', { class: 'actions' }, keep, confirm),
          ];
        },
      });
    }

    body.append(
      h('p', { class: 'intro' }, text.tokensIntro),
      onceSlot,
      tokensError.element,
      tokensNotice,
      tokenTable,
      h('div', { class: 'hd-token-forms' }, issueForm, rotateForm),
    );
    closePanel = () => {
      // The secret leaves the page with the panel, and so does a question about its tokens.
      onceSlot.replaceChildren();
      for (const open of document.querySelectorAll<HTMLDialogElement>('dialog[open]')) {
        if (open.querySelector('.hd-revoke')) open.close();
      }
    };
    void reload();
  }

  void load();
  return () => {
    alive = false;
    clearPanel();
  };
};
